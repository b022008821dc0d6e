import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadLpSolver } from "../../src/core/lp.js";
import { solveCoalitionLp, solvePeriodLp, type CoalitionLpOptions, type CoalitionMember } from "../../src/agents/index.js";
import type { PeriodView } from "../../src/agents/types.js";
import { ideal, periodView } from "./fixtures.js";

beforeAll(async () => {
  await loadLpSolver();
});

const roomy = (pooled: boolean, reserve = { cE: 0.01, cP: 0.1 }): CoalitionLpOptions => ({
  reserve,
  maxEnergyKWh: 1000,
  physicalPowerKW: 1000,
  maxRentablePowerKW: 1000,
  pooled,
});
const total = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((s, x) => s + x, 0);

describe("coalition LP: hand-solved cases", () => {
  // Same tariff for both: buy 1, sell 0 every hour, so storing one's own surplus saves 1 per kWh.
  // a: net load [0, −1, 1] — stores its surplus at t1 and uses it at t2.
  // b: net load [−1, 1, 0] — stores its surplus at t0 and uses it at t1.
  // Net storage flow: t0 +1 (b charges), t1 +1 − 1 = 0 (a charges, b discharges), t2 −1 (a).
  // Each needs E = 1 and uses P = 1; no grid cost once stored (c_deg = 0, lossless).
  const buy = [1, 1, 1];
  const sell = [0, 0, 0];
  const members: CoalitionMember[] = [
    { id: "b", view: periodView([-1, 1, 0], buy, sell) },
    { id: "a", view: periodView([0, -1, 1], buy, sell) },
  ];

  it("pooling halves the power rent of opposite flows", () => {
    // Partitioned: rent 0.01·(1 + 1) + 0.1·(1 + 1) = 0.22. Pooled: P_S = max |net flow| = 1, so
    // 0.01·2 + 0.1·1 = 0.12: power rent 0.2 → 0.1.
    const partitioned = solveCoalitionLp(members, roomy(false));
    const pooled = solveCoalitionLp(members, roomy(true));
    expect(partitioned.cost).toBeCloseTo(0.22, 9);
    expect(pooled.cost).toBeCloseTo(0.12, 9);
    expect(partitioned.rentedPowerKW).toBeCloseTo(2, 9);
    expect(pooled.rentedPowerKW).toBeCloseTo(1, 9);
    for (const outcome of [partitioned, pooled]) {
      expect(outcome.allocation.map((x) => x.agent)).toEqual(["a", "b"]);
      for (const x of outcome.allocation) {
        expect(x.energyKWh).toBeCloseTo(1, 9);
        expect(x.powerKW).toBeCloseTo(1, 9);
      }
    }
    // Member costs: E rent 0.01 plus the power rent (partitioned 0.1 each; pooled 0.1 pro rata
    // to P_i = 1 each: 0.05). Σ member costs = cost.
    expect(partitioned.memberCosts["a"]).toBeCloseTo(0.11, 9);
    expect(partitioned.memberCosts["b"]).toBeCloseTo(0.11, 9);
    expect(pooled.memberCosts["a"]).toBeCloseTo(0.06, 9);
    expect(pooled.memberCosts["b"]).toBeCloseTo(0.06, 9);
    expect(pooled.memberRents["a"]).toBeCloseTo(0.06, 9);
    expect(total(pooled.memberCosts)).toBe(pooled.cost);
    expect(total(partitioned.memberCosts)).toBe(partitioned.cost);
  });

  it("the physical power limit binds on the net flow in pooled mode and on Σ P_i when partitioned", () => {
    // P^max = 1: pooled still fits (net flow ≤ 1); partitioned can give only Σ P_i = 1, so one
    // kWh of surplus is exported at 0 and bought back at 1: cost 1 + 0.01 + 0.1 = 1.11.
    const tight = { ...roomy(true), physicalPowerKW: 1 };
    expect(solveCoalitionLp(members, tight).cost).toBeCloseTo(0.12, 9);
    expect(solveCoalitionLp(members, { ...tight, pooled: false }).cost).toBeCloseTo(1.11, 9);
  });

  it("the shared energy limit binds on Σ E_i", () => {
    // E^max = 1: the members store E_a + E_b = 1 and buy the other kWh back at 1. The net flow is
    // E_b at t0 and −E_a at t2, so P_S = max(E_a, E_b) is least at 1/2 each:
    // 1 + 0.01·1 + 0.1·0.5 = 1.06.
    const outcome = solveCoalitionLp(members, { ...roomy(true), maxEnergyKWh: 1 });
    expect(outcome.cost).toBeCloseTo(1.06, 9);
    for (const x of outcome.allocation) expect(x.energyKWh).toBeCloseTo(0.5, 9);
    expect(outcome.rentedPowerKW).toBeCloseTo(0.5, 9);
  });

  it("the empty coalition costs 0", () => {
    expect(solveCoalitionLp([], roomy(true))).toEqual({ cost: 0, allocation: [], memberCosts: {}, memberRents: {}, rentedPowerKW: 0, memberPositionsKW: {} });
  });

  it("refuses members whose views differ in length, and duplicate members", () => {
    const short = periodView([1, 1], [1, 1], [0, 0]);
    expect(() => solveCoalitionLp([members[0]!, { id: "c", view: short }], roomy(true))).toThrow(/steps/);
    expect(() => solveCoalitionLp([members[0]!, members[0]!], roomy(true))).toThrow(/twice/);
  });
});

// Lossy storage, wear, a SOC band, self-discharge and a demand charge: every piece of the period LP.
const storage = { etaCharge: 0.95, etaDischarge: 0.92, selfDischargePerStep: 0.002, socMin: 0.1, socMax: 0.9, degradationCostPerKWh: 0.02 };
const buy = [0.3, 0.3, 0.7, 1.2, 1.2, 0.7];
const sell = [0.1, 0.1, 0.2, 0.2, 0.2, 0.1];
const netLoad = fc.array(fc.double({ min: -3, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 });
const view = (net: number[], demandChargePerKW: number): PeriodView =>
  periodView(net, buy, sell, { storage, demandChargePerKW, maxEnergyKWh: 20, maxPowerKW: 8 });

describe("coalition LP against the single-agent period LP", () => {
  it("a coalition of one costs what the period LP costs at the reserve (property, both modes)", () => {
    fc.assert(
      fc.property(
        netLoad,
        fc.constantFrom(0, 0.4),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.boolean(),
        (net, dc, cE, cP, pooled) => {
          const v = view(net, dc);
          const reserve = { cE, cP };
          const single = solvePeriodLp(v, { prices: reserve });
          const one = solveCoalitionLp([{ id: "x", view: v }], { reserve, maxEnergyKWh: 20, physicalPowerKW: 8, maxRentablePowerKW: 8, pooled });
          expect(one.cost).toBeCloseTo(single.objective, 6);
          expect(one.memberCosts["x"]).toBe(one.cost);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("hand case: one member alone equals the period LP's golden cost", () => {
    // periodView([1, 1], [0.1, 1], [0, 0]) at zero rent costs 0.2 (period-lp.test.ts).
    const v = periodView([1, 1], [0.1, 1], [0, 0], { storage: ideal });
    const one = solveCoalitionLp([{ id: "x", view: v }], roomy(true, { cE: 0, cP: 0 }));
    expect(one.cost).toBeCloseTo(0.2, 9);
  });
});

describe("coalition LP properties", () => {
  it("member costs add up to the cost, and capacity stays within the limits (property)", () => {
    fc.assert(
      fc.property(fc.array(netLoad, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.double({ min: 1, max: 30, noNaN: true }), (nets, pooled, maxEnergyKWh) => {
        const members = nets.map((net, i) => ({ id: `m${i}`, view: view(net, 0.3) }));
        const options = { reserve: { cE: 0.05, cP: 0.1 }, maxEnergyKWh, physicalPowerKW: 6, maxRentablePowerKW: 9, pooled };
        const outcome = solveCoalitionLp(members, options);
        expect(Math.abs(total(outcome.memberCosts) - outcome.cost)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(outcome.cost)));
        expect(outcome.allocation.reduce((s, x) => s + x.energyKWh, 0)).toBeLessThanOrEqual(maxEnergyKWh + 1e-6);
        const sumP = outcome.allocation.reduce((s, x) => s + x.powerKW, 0);
        expect(sumP).toBeLessThanOrEqual((pooled ? 9 : 6) + 1e-6);
        expect(outcome.rentedPowerKW).toBeLessThanOrEqual(6 + 1e-6);
      }),
      { numRuns: 30 },
    );
  });

  it("is subadditive when capacity does not bind: v(S ∪ T) ≤ v(S) + v(T) (property, both modes)", () => {
    fc.assert(
      fc.property(fc.array(netLoad, { minLength: 3, maxLength: 3 }), fc.boolean(), (nets, pooled) => {
        const m = nets.map((net, i) => ({ id: `m${i}`, view: view(net, 0.3) }));
        const v = (members: CoalitionMember[]) => solveCoalitionLp(members, roomy(pooled, { cE: 0.05, cP: 0.1 })).cost;
        const [a, b, c] = [m[0]!, m[1]!, m[2]!];
        const tol = 1e-6;
        expect(v([a, b])).toBeLessThanOrEqual(v([a]) + v([b]) + tol);
        expect(v([a, b, c])).toBeLessThanOrEqual(v([a, b]) + v([c]) + tol);
        expect(v([a, b, c])).toBeLessThanOrEqual(v([a]) + v([b, c]) + tol);
        expect(v([a, b, c])).toBeLessThanOrEqual(v([b]) + v([a, c]) + tol);
      }),
      { numRuns: 25 },
    );
  });

  it("pooled never costs more than partitioned (property)", () => {
    fc.assert(
      fc.property(fc.array(netLoad, { minLength: 2, maxLength: 3 }), (nets) => {
        const m = nets.map((net, i) => ({ id: `m${i}`, view: view(net, 0) }));
        expect(solveCoalitionLp(m, roomy(true)).cost).toBeLessThanOrEqual(solveCoalitionLp(m, roomy(false)).cost + 1e-6);
      }),
      { numRuns: 25 },
    );
  });
});

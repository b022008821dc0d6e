import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadLpSolver } from "../../src/core/lp.js";
import { buildPeriodLp, solvePeriodLp } from "../../src/agents/index.js";
import { ideal, periodView } from "./fixtures.js";

beforeAll(async () => {
  await loadLpSolver();
});

const lossy = { ...ideal, etaCharge: 0.9, etaDischarge: 0.9 };

describe("period LP: hand-solved cases", () => {
  it("free storage at zero rent charges in the valley and discharges at the peak", () => {
    const plan = solvePeriodLp(periodView([1, 1], [0.1, 1], [0, 0]), { prices: { cE: 0, cP: 0 } });
    expect(plan.chargeKW[0]).toBeCloseTo(1, 9);
    expect(plan.chargeKW[1]).toBeCloseTo(0, 9);
    expect(plan.dischargeKW[0]).toBeCloseTo(0, 9);
    expect(plan.dischargeKW[1]).toBeCloseTo(1, 9);
    expect(plan.gridImportKW[0]).toBeCloseTo(2, 9);
    expect(plan.gridImportKW[1]).toBeCloseTo(0, 9);
    expect(plan.objective).toBeCloseTo(0.2, 9);
    expect(plan.energyKWh).toBeGreaterThanOrEqual(1 - 1e-9);
    expect(plan.powerKW).toBeGreaterThanOrEqual(1 - 1e-9);
  });

  it("with losses and a small rent, rents exactly what the shift needs", () => {
    // Deliver 1 kWh at the peak: store 1/0.9, charge 1/0.81 from the grid in the valley.
    const plan = solvePeriodLp(periodView([1, 1], [0.1, 1], [0, 0], { storage: lossy }), { prices: { cE: 0.001, cP: 0.001 } });
    expect(plan.chargeKW[0]).toBeCloseTo(1 / 0.81, 9);
    expect(plan.dischargeKW[1]).toBeCloseTo(1, 9);
    expect(plan.energyKWh).toBeCloseTo(1 / 0.9, 9);
    expect(plan.powerKW).toBeCloseTo(1 / 0.81, 9);
    expect(plan.storedKWh[0]).toBeCloseTo(0, 9);
    expect(plan.storedKWh[1]).toBeCloseTo(1 / 0.9, 9);
    expect(plan.storedKWh[2]).toBeCloseTo(0, 9);
    expect(plan.rentCost).toBeCloseTo(0.001 * (1 / 0.9 + 1 / 0.81), 12);
    expect(plan.objective).toBeCloseTo(0.1 * (1 + 1 / 0.81) + plan.rentCost, 9);
  });

  it("rents nothing when prices are too high", () => {
    const plan = solvePeriodLp(periodView([1, 1], [0.1, 1], [0, 0], { storage: lossy }), { prices: { cE: 100, cP: 100 } });
    expect(plan.energyKWh).toBe(0);
    expect(plan.powerKW).toBe(0);
    expect(plan.chargeKW.every((c) => c === 0) && plan.dischargeKW.every((d) => d === 0)).toBe(true);
    expect(plan.objective).toBeCloseTo(1.1, 9);
  });

  it("respects SOC bounds and the power rating with fixed capacity", () => {
    // E = 10 at SOC 10–90 % starts at 1 kWh; P = 2 lets it take 4 kWh in two valley hours
    // and deliver 2 + 2 at the peak. Cost: 0.1·4 + 1·(1 + 1) = 2.4.
    const storage = { ...ideal, socMin: 0.1, socMax: 0.9 };
    const plan = solvePeriodLp(periodView([0, 0, 3, 3], [0.1, 0.1, 1, 1], [0, 0, 0, 0], { storage }), {
      capacity: { energyKWh: 10, powerKW: 2 },
    });
    expect(plan.chargeKW.map((c) => +c.toFixed(9))).toEqual([2, 2, 0, 0]);
    expect(plan.dischargeKW.map((d) => +d.toFixed(9))).toEqual([0, 0, 2, 2]);
    expect(plan.storedKWh[0]).toBeCloseTo(1, 9);
    expect(plan.objective).toBeCloseTo(2.4, 9);
    expect(plan.rentCost).toBe(0);
  });

  it("shaves the peak under a demand charge", () => {
    // Flat energy price; import must total 4 kWh and peak at least 2 kW: 0.5·4 + 1·2 = 4 (5 without storage).
    const plan = solvePeriodLp(periodView([1, 3], [0.5, 0.5], [0, 0], { demandChargePerKW: 1 }), { prices: { cE: 0, cP: 0 } });
    expect(plan.objective).toBeCloseTo(4, 9);
    expect(Math.max(...plan.gridImportKW)).toBeCloseTo(2, 9);
    const none = solvePeriodLp(periodView([1, 3], [0.5, 0.5], [0, 0], { demandChargePerKW: 1 }), { capacity: { energyKWh: 0, powerKW: 0 } });
    expect(none.objective).toBeCloseTo(5, 9);
  });

  it("uses LP-safe names only", () => {
    const lp = buildPeriodLp(periodView([1, -1, 2], [0.1, 0.5, 1], [0, 0, 0], { demandChargePerKW: 1 }), { prices: { cE: 1, cP: 1 } });
    for (const v of lp.variables) expect(v.name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    for (const c of lp.constraints) expect(c.name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
  });
});

describe("period LP: best response against brute force", () => {
  const storage = { etaCharge: 0.95, etaDischarge: 0.95, selfDischargePerStep: 0.001, socMin: 0.1, socMax: 0.9, degradationCostPerKWh: 0.02 };
  const netLoad = [2, 1.5, -1, -2.5, 0.5, 3, 4, 2.5];
  const buy = [0.3, 0.3, 0.7, 0.7, 0.7, 1.2, 1.2, 0.7];
  const sell = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2];
  const period = periodView(netLoad, buy, sell, { storage, demandChargePerKW: 0.3, maxEnergyKWh: 12, maxPowerKW: 5 });
  // At these prices the optimum is interior in E (≈ 7.9 kWh), so the grid cannot hit it exactly.
  const prices = { cE: 0.2, cP: 0.4 };

  it("is no worse than any (E, P) on a grid, and the best grid point is close", () => {
    const best = solvePeriodLp(period, { prices });
    let bestGrid = Infinity;
    for (let E = 0; E <= 12 + 1e-9; E += 1) {
      for (let P = 0; P <= 5 + 1e-9; P += 0.5) {
        const fixed = solvePeriodLp(period, { capacity: { energyKWh: E, powerKW: P } });
        const cost = fixed.objective + prices.cE * E + prices.cP * P;
        expect(best.objective).toBeLessThanOrEqual(cost + 1e-6);
        bestGrid = Math.min(bestGrid, cost);
      }
    }
    expect(best.energyKWh).toBeGreaterThan(0);
    expect(best.energyKWh).toBeLessThan(12);
    expect(bestGrid - best.objective).toBeLessThan(0.02);
    // The optimum's own capacity, fixed, costs the same once rent is added.
    const again = solvePeriodLp(period, { capacity: { energyKWh: best.energyKWh, powerKW: best.powerKW } });
    expect(again.objective + best.rentCost).toBeCloseTo(best.objective, 6);
  });

  it("never costs more than renting nothing or any random (E, P) (property)", () => {
    const arb = fc.record({
      net: fc.array(fc.double({ min: -3, max: 5, noNaN: true }), { minLength: 3, maxLength: 8 }),
      cE: fc.double({ min: 0, max: 0.5, noNaN: true }),
      cP: fc.double({ min: 0, max: 0.5, noNaN: true }),
      E: fc.double({ min: 0, max: 12, noNaN: true }),
      P: fc.double({ min: 0, max: 5, noNaN: true }),
    });
    fc.assert(
      fc.property(arb, ({ net, cE, cP, E, P }) => {
        const view = { ...period, steps: net.length, netLoadKW: net, buyPrice: buy.slice(0, net.length), sellPrice: sell.slice(0, net.length) };
        const best = solvePeriodLp(view, { prices: { cE, cP } });
        const none = solvePeriodLp(view, { capacity: { energyKWh: 0, powerKW: 0 } });
        const some = solvePeriodLp(view, { capacity: { energyKWh: E, powerKW: P } });
        expect(best.objective).toBeLessThanOrEqual(none.objective + 1e-6);
        expect(best.objective).toBeLessThanOrEqual(some.objective + cE * E + cP * P + 1e-6);
      }),
      { numRuns: 40 },
    );
  });
});

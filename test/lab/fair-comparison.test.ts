import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { batteryFixedCost, capitalRecoveryFactor, providerTerms } from "../../src/agents/index.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { computeBaselines, noStorageCosts, operateAlone, sizingBasis } from "../../src/lab/baselines.js";
import { annualProviderCashFlow } from "../../src/lab/viability.js";
import type { World } from "../../src/sim/world.js";
import { runAndCompare, runAndSummarise } from "../support/run-world.js";
import { DCC_TWO_DAYS, SMALL_FLEXIBLE_DCC, TWO_JUNE_DAYS } from "../support/scenarios.js";

/**
 * MODEL.md §8: every option a run is compared with stands on one footing — sized once for the
 * horizon, one price per kWh and kW (capex annuity + O&M), the same forecasts, the same seeds.
 */

beforeAll(() => loadLpSolver());

/** Hourly loads of one day, kW, repeated every day of the horizon (local hours, UTC+8). */
type Day = readonly number[];

/** 0.5 kW all day with `peakKW` at the given local hours. */
function dayWith(peakKW: number, hours: readonly number[]): Day {
  return Array.from({ length: 24 }, (_, h) => (hours.includes(h) ? peakKW : 0.5));
}

/**
 * Days that repeat exactly, so that every rental period is the same problem and the optima
 * can be compared across options; LP households with these loads (no PV) replace the generated
 * profiles in a world built from the scenario.
 */
function repeatingWorld(days: Record<string, Day>, storage: Record<string, unknown>, steps: number, extra: Record<string, unknown> = {}): World {
  const scenario = validateScenario({
    name: "repeating",
    seed: "3",
    calendar: { start: "2026-06-01T00:00:00Z", steps, utcOffsetHours: 8 },
    tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25 },
    storage: { selfDischargePerStep: 0, ...storage },
    agents: Object.keys(days).map((id) => ({ id, kind: "prosumer", strategy: "lp-optimal" })),
    ...extra,
  });
  const world = buildWorld(scenario, ".");
  return {
    ...world,
    agents: world.agents.map((agent) => {
      const day = days[agent.model.id]!;
      // Local hour of step t is (t + 8) mod 24.
      const netLoadKW = Float64Array.from({ length: steps }, (_, t) => day[(t + 8) % 24]!);
      return { ...agent, model: { ...agent.model, netLoadKW } };
    }),
  };
}

const CHEAP = { capexPerKWh: 300, capexPerKW: 100, lifetimeYears: 10, discountRate: 0.05, omPerYear: 0 };

describe("renting against owning, golden", () => {
  it("a single tenant whose shared storage equals its optimal own battery pays the same renting at floor prices as owning", async () => {
    const day = dayWith(3, [10, 11, 18, 19, 20]);
    // First, the household's optimal own battery over three identical days.
    const sizing = repeatingWorld({ home: day }, { energyKWh: 50, powerKW: 20, mode: "partitioned", economics: CHEAP }, 72);
    const own = computeBaselines(sizing, 72).ownBattery.perAgent["home"]!;
    expect(own.energyKWh).toBeGreaterThan(1);
    expect(own.powerKW).toBeGreaterThan(0.5);
    // Then a provider with exactly that battery, renting it at its floor prices (posted, the default).
    const world = repeatingWorld({ home: day }, { energyKWh: own.energyKWh, powerKW: own.powerKW, mode: "partitioned", economics: CHEAP }, 72);
    expect(world.providerEconomics.unitFixedCost).toEqual(sizing.providerEconomics.unitFixedCost);
    const { summary, baselines } = await runAndCompare(world);
    const renting = summary.agents["home"]!;
    // Every day it rents the whole battery: its best response at φ/D is the horizon optimum.
    expect(renting.meanRentedEnergyKWh).toBeCloseTo(own.energyKWh, 6);
    expect(Math.abs(renting.cost - own.cost)).toBeLessThan(1e-6 * Math.abs(own.cost));
    expect(Math.abs(baselines.ownBattery.perAgent["home"]!.cost - own.cost)).toBeLessThan(1e-6 * Math.abs(own.cost));
    // Rent = the fixed cost of owning: floor·E·(3 periods) = φ·E·72/8760.
    expect(renting.rentalCost).toBeCloseTo(own.fixedCost, 6);
  }, 120_000);

  it("two households with peaks at different hours save more sharing one optimally sized battery than owning two, at the same unit capex", () => {
    const days = { a: dayWith(3, [10, 11]), b: dayWith(3, [18, 19, 20]) };
    const world = repeatingWorld(days, { energyKWh: 15, powerKW: 3, mode: "pooled", economics: CHEAP }, 48, { baselines: { neighbourShared: { groupSize: 2, sizing: "optimal" } } });
    const b = computeBaselines(world, 48);
    const group = b.neighbourShared!.groups[0]!;
    const owners = b.ownBattery;
    // The peaks never overlap, so one pooled battery needs the power of one of them, not both.
    expect(group.powerKW).toBeLessThan(owners.powerKW - 1);
    expect(b.neighbourShared!.total).toBeLessThan(owners.total - 1e-3);
    // Each owner's and the group's fixed cost are priced at the same φ.
    const unit = world.providerEconomics.unitFixedCost;
    expect(group.fixedCost).toBeCloseTo(batteryFixedCost(unit, group, 48 / 8760), 9);
    for (const o of Object.values(owners.perAgent)) expect(o.fixedCost).toBeCloseTo(batteryFixedCost(unit, o, 48 / 8760), 9);
    // And one planner behind one meter does at least as well as the group.
    expect(b.centralOptimum.optimal.systemCost).toBeLessThanOrEqual(b.neighbourShared!.total + 1e-6);
  }, 120_000);
});

describe("O&M in one place, golden", () => {
  // 100 kWh at 900 and 50 kW at 400: capex 90,000 + 20,000; 6 % over 15 years; O&M 2,000 a year.
  const economics = { capexPerKWh: 900, capexPerKW: 400, lifetimeYears: 15, discountRate: 0.06, omPerYear: 2000 };
  const growth = 1.06 ** 15;
  const crf = (0.06 * growth) / (growth - 1);
  const annualisedCapex = crf * 110_000;
  const omEnergy = (2000 * 90_000) / 110_000; // O&M split as capex: 1,636.36 to energy
  const phiE = crf * 900 + omEnergy / 100;
  const phiP = crf * 400 + (2000 - omEnergy) / 50;

  it("the floor prices, the unit fixed cost and a battery's fixed cost all come from φ = CRF·κ + O&M per unit", () => {
    expect(crf).toBeCloseTo(0.10296276, 7);
    const terms = providerTerms(validateScenario({ name: "om", calendar: { steps: 24 }, tariff: { buy: 1, sell: 0 }, storage: { energyKWh: 100, powerKW: 50, economics }, agents: [{ id: "a", kind: "prosumer" }] }).storage, {
      start: "2026-01-01T00:00:00Z",
      steps: 24,
      stepHours: 1,
      rentalPeriodSteps: 24,
      utcOffsetHours: 0,
    });
    expect(terms.crf).toBeCloseTo(capitalRecoveryFactor(0.06, 15), 15);
    expect(terms.unitFixedCost.perKWhYear).toBeCloseTo(phiE, 9);
    expect(terms.unitFixedCost.perKWYear).toBeCloseTo(phiP, 9);
    expect(terms.floor.cE * 365).toBeCloseTo(phiE, 9);
    expect(terms.floor.cP * 365).toBeCloseTo(phiP, 9);
    expect(batteryFixedCost(terms.unitFixedCost, { energyKWh: 100, powerKW: 50 }, 1)).toBeCloseTo(annualisedCapex + 2000, 6);
    // A battery a fifth the size pays a fifth: O&M grows with the battery.
    expect(batteryFixedCost(terms.unitFixedCost, { energyKWh: 20, powerKW: 10 }, 1)).toBeCloseTo((annualisedCapex + 2000) / 5, 6);
  });

  it("provider profit, the central optimum, own batteries, welfare and the NPV's cash flow count the same O&M", async () => {
    const world = buildWorld(
      validateScenario({ name: "om", ...TWO_JUNE_DAYS, storage: { energyKWh: 100, powerKW: 50, economics }, agents: [{ id: "h", kind: "prosumer", strategy: "lp-optimal", count: 2, pv: { kWp: 4 } }] }),
      ".",
    );
    const { summary, baselines, comparison } = await runAndCompare(world);
    const share = 48 / 8760;
    const p = summary.provider;
    expect(p.capexShare).toBeCloseTo(annualisedCapex * share, 9);
    expect(p.omShare).toBeCloseTo(2000 * share, 9);
    expect(p.profit).toBeCloseTo(p.rentalRevenue + p.degradationFees - p.floorTopUpCost + p.arbitrageProfit - p.degradationCost - (annualisedCapex + 2000) * share, 9);
    expect(baselines.centralOptimum.atSharedSize.fixedCost).toBeCloseTo((annualisedCapex + 2000) * share, 9);
    for (const own of Object.values(baselines.ownBattery.perAgent)) expect(own.fixedCost).toBeCloseTo((phiE * own.energyKWh + phiP * own.powerKW) * share, 9);
    // Welfare: the run's system cost includes the O&M share through the provider's profit.
    const agents = Object.values(summary.agents).reduce((s, a) => s + a.cost, 0);
    expect(comparison.systemCost).toBeCloseTo(agents - p.profit - summary.market.operatorSurplus, 9);
    // The NPV's yearly cash flow: operating · 8760/48 − O&M, so a profit of 0 is a cash flow of CRF·capex.
    const operating = p.rentalRevenue + p.degradationFees + p.arbitrageProfit - p.floorTopUpCost - p.degradationCost;
    expect(annualProviderCashFlow(summary, economics, 48)).toBeCloseTo(operating / share - 2000, 6);
    expect((p.profit / share + annualisedCapex) - annualProviderCashFlow(summary, economics, 48)).toBeCloseTo(0, 6);
  }, 120_000);
});

describe("the optimally sized central optimum bounds every option (properties, small random communities)", () => {
  const community = fc.record({
    seed: fc.integer({ min: 1, max: 10_000 }).map(String),
    households: fc.array(
      fc.record({ meanKW: fc.double({ min: 0.3, max: 2, noNaN: true }), kWp: fc.double({ min: 0, max: 6, noNaN: true }), lp: fc.boolean() }),
      { minLength: 2, maxLength: 3 },
    ),
    energyKWh: fc.double({ min: 2, max: 40, noNaN: true }),
    powerKW: fc.double({ min: 1, max: 10, noNaN: true }),
    pooled: fc.boolean(),
    neighbourSizing: fc.constantFrom("given", "optimal"),
    rental: fc.constantFrom("posted", "uniform"),
  });

  it("no storage, own batteries, neighbour groups, the run and the central optimum at the shared size all cost at least the optimally sized central optimum", async () => {
    await fc.assert(
      fc.asyncProperty(community, async (c) => {
        const world = buildWorld(
          validateScenario({
            name: "random-community",
            ...TWO_JUNE_DAYS,
            seed: c.seed,
            calendar: { ...TWO_JUNE_DAYS.calendar, steps: 24 },
            storage: { energyKWh: c.energyKWh, powerKW: c.powerKW, mode: c.pooled ? "pooled" : "partitioned" },
            market: { rental: { mechanism: c.rental, params: {} } },
            agents: c.households.map((h, i) => ({
              id: `h${i}`,
              kind: "prosumer",
              strategy: h.lp ? "lp-optimal" : "rule-based",
              load: { generator: "residential", meanKW: h.meanKW },
              ...(h.kWp > 0.5 ? { pv: { kWp: h.kWp } } : {}),
            })),
            baselines: { neighbourShared: { groupSize: 2, sizing: c.neighbourSizing } },
          }),
          ".",
        );
        const { baselines, comparison } = await runAndCompare(world);
        const bound = baselines.centralOptimum.optimal.systemCost;
        expect(baselines.centralOptimum.boundsEveryOption).toBe(true);
        const tolerance = 1e-6 * Math.max(1, Math.abs(bound));
        for (const option of [
          baselines.noStorage.total,
          baselines.ownBattery.total,
          baselines.neighbourShared!.total,
          comparison.systemCost,
          baselines.centralOptimum.atSharedSize.systemCost,
        ]) {
          expect(bound).toBeLessThanOrEqual(option + tolerance);
        }
      }),
      { numRuns: 12, seed: 20261201 },
    );
  }, 600_000);

  it("every option's size is one size for the whole horizon: rerunning an own battery at its reported size gives its reported cost", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.boolean(), (seed, lp) => {
        const world = buildWorld(
          validateScenario({
            name: "sizes",
            ...TWO_JUNE_DAYS,
            seed: String(seed),
            storage: { energyKWh: 20, powerKW: 5 },
            agents: [{ id: "h", kind: "prosumer", strategy: lp ? "lp-optimal" : "rule-based", count: 2, pv: { kWp: 4 } }],
          }),
          ".",
        );
        const baselines = computeBaselines(world, 48);
        for (const agent of world.agents) {
          const own = baselines.ownBattery.perAgent[agent.model.id]!;
          const again = operateAlone(world, agent, own, 48, { stream: "baseline:own-battery" });
          expect(again.operatingCost).toBe(own.operatingCost);
          expect(own.fixedCost).toBeCloseTo(batteryFixedCost(world.providerEconomics.unitFixedCost, own, 48 / 8760), 12);
        }
      }),
      { numRuns: 6, seed: 7 },
    );
  }, 300_000);
});

describe("sizing over representative periods", () => {
  it("sees every period of a short horizon and an evenly spaced, weighted sample of a long one", () => {
    expect(sizingBasis({ rentalPeriodSteps: 24 }, 72, 28)).toEqual({
      periods: [
        { first: 0, length: 24, weight: 1 },
        { first: 24, length: 24, weight: 1 },
        { first: 48, length: 24, weight: 1 },
      ],
      of: 3,
      representative: false,
    });
    const year = sizingBasis({ rentalPeriodSteps: 24 }, 8760, 4);
    expect(year.representative).toBe(true);
    expect(year.of).toBe(365);
    // Days ⌊(k + ½)·365/4⌋: 45, 136, 228, 319 — one in each season.
    expect(year.periods.map((p) => p.first / 24)).toEqual([45, 136, 228, 319]);
    expect(year.periods.every((p) => p.weight === 365 / 4)).toBe(true);
  });

  it("a horizon longer than sizingPeriods is sized on representative periods, evaluated over all, and says so", () => {
    const world = buildWorld(
      validateScenario({
        name: "long",
        ...TWO_JUNE_DAYS,
        calendar: { ...TWO_JUNE_DAYS.calendar, steps: 96 },
        storage: { energyKWh: 20, powerKW: 5 },
        agents: [{ id: "h", kind: "prosumer", strategy: "lp-optimal", count: 2, pv: { kWp: 4 } }],
        baselines: { sizingPeriods: 2 },
      }),
      ".",
    );
    const b = computeBaselines(world, 96);
    expect(b.footing.sizingPeriods).toEqual({ periods: 2, of: 4, representative: true });
    expect(b.centralOptimum.boundsEveryOption).toBe(false);
    expect(b.centralOptimum.boundsTheRun).toBe(true);
  }, 120_000);
});

describe("forecasts reach every planner", () => {
  // With a demand charge, even the DCC's no-storage plan (when to run batch work) depends on the peak it forecasts.
  const dccScenario = (seed: string, forecast: boolean, perfectForesight = false) =>
    validateScenario({
      name: "dcc-forecast",
      ...TWO_JUNE_DAYS,
      tariff: DCC_TWO_DAYS.tariff,
      seed,
      storage: { energyKWh: 200, powerKW: 60 },
      agents: [{ ...SMALL_FLEXIBLE_DCC, ...(forecast ? { forecast: { kind: "noisy", relativeSigma: 0.2 } } : {}) }],
      ...(perfectForesight ? { baselines: { perfectForesight: true } } : {}),
    });

  it("noise changes a flexible DCC's cost, and perfect foresight is never worse (each seed, and so in expectation)", async () => {
    const gaps: number[] = [];
    for (const seed of ["1", "2", "3", "4"]) {
      const perfect = await runAndSummarise(buildWorld(dccScenario(seed, false), "."));
      const noisy = await runAndSummarise(buildWorld(dccScenario(seed, true), "."));
      const gap = noisy.summary.agents["dcc"]!.cost - perfect.summary.agents["dcc"]!.cost;
      expect(gap).toBeGreaterThanOrEqual(-1e-6 * Math.abs(perfect.summary.agents["dcc"]!.cost));
      gaps.push(gap);
    }
    expect(Math.max(...gaps)).toBeGreaterThan(0.01);
    expect(gaps.reduce((s, g) => s + g, 0) / gaps.length).toBeGreaterThan(0);
  }, 300_000);

  it("the baselines plan on the forecast too, settle on the realised profile, and show perfect foresight apart when asked", () => {
    const perfectWorld = buildWorld(dccScenario("5", false), ".");
    const noisyWorld = buildWorld(dccScenario("5", true, true), ".");
    const perfect = computeBaselines(perfectWorld, 48);
    const noisy = computeBaselines(noisyWorld, 48);
    expect(perfect.footing.forecast).toBe("perfect");
    expect(noisy.footing.forecast).toBe("agents");
    // The DCC's no-storage plan on a noisy forecast costs more than on the truth.
    expect(noisy.noStorage.total).toBeGreaterThan(perfect.noStorage.total + 0.01);
    expect(noisy.centralOptimum.atSharedSize.systemCost).toBeGreaterThan(perfect.centralOptimum.atSharedSize.systemCost + 0.01);
    expect(noisy.centralOptimum.boundsTheRun).toBe(false);
    // Asked for, perfect foresight is its own block, equal to the perfect-forecast world's figures.
    expect(noisy.perfectForesight!.noStorage.total).toBeCloseTo(perfect.noStorage.total, 9);
    expect(noisy.perfectForesight!.centralOptimum.atSharedSize.systemCost).toBeCloseTo(perfect.centralOptimum.atSharedSize.systemCost, 9);
    expect(noisy.perfectForesight!.centralOptimum.boundsTheRun).toBe(true);
    expect("perfectForesight" in perfect).toBe(false);
    // No-storage plans on the forecast: the same world's reference with perfect foresight is lower.
    expect(noStorageCosts(noisyWorld, 48, { perfectForesight: true }).total).toBeCloseTo(perfect.noStorage.total, 9);
  }, 120_000);
});

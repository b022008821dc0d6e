import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario, validateScenario } from "../../src/lab/load-scenario.js";
import { withOverrides } from "../../src/lab/run-scenario.js";
import { gini } from "../../src/lab/comparison.js";
import { profileCostOf } from "../../src/lab/baselines.js";
import { trackEquilibrium } from "../../src/sim/equilibrium.js";
import type { RentalClearing } from "../../src/market/types.js";
import { SMALL_FLEXIBLE_DCC } from "../support/scenarios.js";
import { runAndCompare } from "../support/run-world.js";

beforeAll(() => loadLpSolver());

async function runWith(energy: string, rentalParams: Record<string, unknown> = {}) {
  const loaded = loadScenario();
  const world = buildWorld(withOverrides(loaded, { steps: 48, energy, rentalParams }), loaded.dir);
  return { world, ...(await runAndCompare(world)) };
}

describe("baselines and the comparison", () => {
  it("the central optimum's system cost is a lower bound for every mechanism run", async () => {
    for (const [energy, rental] of [["uniform", {}], ["grid-only", {}], ["uniform", { cE: 0.5, cP: 0.3 }]] as const) {
      const { comparison } = await runWith(energy, rental);
      expect(comparison.baselines.centralOptimum.boundsTheRun).toBe(true);
      expect(comparison.baselines.centralOptimum.atSharedSize.systemCost).toBeLessThanOrEqual(comparison.systemCost + 1e-6);
      expect(comparison.baselines.centralOptimum.optimal.systemCost).toBeLessThanOrEqual(comparison.baselines.centralOptimum.atSharedSize.systemCost + 1e-6);
      expect(comparison.welfareGain).toBeLessThanOrEqual(comparison.centralWelfareGain + 1e-6);
      expect(comparison.efficiency).not.toBeNull();
      expect(comparison.efficiency!).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it("an LP agent's own battery, sized once by LP, never costs more than having none; every option is priced by one rule", async () => {
    const { world, comparison } = await runWith("uniform");
    const { noStorage, ownBattery, footing } = comparison.baselines;
    // The DCC plans by LP: its sizing LP can always choose no battery.
    expect(ownBattery.perAgent["dcc"]!.cost).toBeLessThanOrEqual(noStorage.perAgent["dcc"]! + 1e-6);
    expect(ownBattery.perAgent["dcc"]!.energyKWh).toBeGreaterThan(0);
    expect(ownBattery.sizing).toBe("optimal");
    const unit = world.providerEconomics.unitFixedCost;
    expect(footing.unitFixedCost).toEqual(unit);
    expect(footing.yearShare).toBeCloseTo(48 / 8760, 15);
    for (const own of Object.values(ownBattery.perAgent)) {
      expect(own.fixedCost).toBeCloseTo((unit.perKWhYear * own.energyKWh + unit.perKWYear * own.powerKW) * (48 / 8760), 9);
      expect(own.cost).toBeCloseTo(own.operatingCost + own.fixedCost, 9);
    }
    // The prosumers are rule-based: the per-agent options run them by their rule, and the footing says so.
    expect(footing.notLpPlanned).toEqual(Object.keys(comparison.perAgent).filter((id) => id.startsWith("pros")));
  });

  it("the system cost is what leaves the community: grid payments, wear and capex", async () => {
    const { summary, comparison } = await runWith("uniform");
    // Internal transfers (rent, fees, peer trades) cancel: recompute from the parts.
    const agents = Object.values(summary.agents).reduce((s, a) => s + a.cost, 0);
    expect(comparison.systemCost).toBeCloseTo(agents - summary.provider.profit - summary.market.operatorSurplus, 9);
    expect(comparison.irViolations).toEqual(Object.entries(summary.agents).filter(([, a]) => a.cost > a.noStorageCost + 1e-6 * Math.max(1, Math.abs(a.noStorageCost))).map(([id]) => id));
  });
});

describe("gini", () => {
  it("is 0 for equal savings and (n−1)/n when one agent takes all", () => {
    expect(gini([2, 2, 2])).toBe(0);
    expect(gini([0, 0, 3])).toBeCloseTo(2 / 3, 12);
    expect(gini([1, 3])).toBeCloseTo(0.25, 12); // |1−3|·2 / (2·4·2)
    expect(gini([-1, 0])).toBeNull();
  });
});

describe("repeated play", () => {
  const clearing = (cE: number, cP: number): RentalClearing => ({ mechanism: "x", prices: { cE, cP }, contracts: [], payments: [], meta: {} });
  it("converges after prices move less than ε for k periods, and restarts the count on a jump", () => {
    const rule = { epsilon: 0.01, periods: 2 };
    const s0 = trackEquilibrium(undefined, clearing(1, 1), rule);
    expect(s0).toMatchObject({ maxRelativeChange: null, stablePeriods: 0, converged: false });
    const s1 = trackEquilibrium(s0, clearing(1.005, 1), rule);
    expect(s1.maxRelativeChange).toBeCloseTo(0.005 / 1.005, 12);
    expect(s1).toMatchObject({ stablePeriods: 1, converged: false });
    const s2 = trackEquilibrium(s1, clearing(1.006, 1), rule);
    expect(s2).toMatchObject({ stablePeriods: 2, converged: true });
    const s3 = trackEquilibrium(s2, clearing(2, 1), rule);
    expect(s3).toMatchObject({ stablePeriods: 0, converged: false });
  });
  it("tracks revenue when the mechanism has no single price", () => {
    const none: RentalClearing = { mechanism: "vcg", prices: null, contracts: [{ tenant: "a", energyKWh: 1, powerKW: 1, payment: 10 }], payments: [], meta: {} };
    expect(trackEquilibrium(undefined, none, { epsilon: 0.1, periods: 1 })).toMatchObject({ tracked: "revenue", values: [10] });
  });
});

describe("central optimum against every mechanism", () => {
  // A small scenario with LP agents, so that every rental rule (cooperative included) is quick.
  const small = {
    name: "small",
    seed: "1",
    calendar: { start: "2026-06-01T00:00:00Z", steps: 24, utcOffsetHours: 8 },
    tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25 },
    storage: { energyKWh: 300, powerKW: 80 },
    agents: [
      {
        id: "dcc",
        kind: "dcc-operator",
        strategy: "lp-optimal",
        dataCenters: [
          { id: "a", itLoad: { generator: "datacenter-it", meanKW: 40, peakHour: 11 }, wind: { ratedKW: 30 } },
          { id: "b", itLoad: { generator: "datacenter-it", meanKW: 30, peakHour: 20 }, wind: { ratedKW: 60 } },
        ],
      },
      { id: "pros", kind: "prosumer", count: 3, strategy: "rule-based", pv: { kWp: 5 } },
    ],
  };
  const rentals: [string, Record<string, unknown>][] = [
    ["posted", {}],
    ["uniform", {}],
    ["pay-as-bid", {}],
    ["vcg", {}],
    ["stackelberg", {}],
    ["cooperative", { rule: "shapley" }],
    ["cooperative", { rule: "nash" }],
    ["cooperative", { rule: "nucleolus" }],
  ];
  for (const [rental, params] of rentals) {
    it(`${rental} ${JSON.stringify(params)}: welfare ≤ central optimum's, under every energy mechanism`, async () => {
      for (const energy of ["grid-only", "uniform", "pay-as-bid", "mcafee", "sdr", "mid-market"]) {
        const scenario = validateScenario({ ...small, market: { rental: { mechanism: rental, params }, energy: { mechanism: energy, params: {} } } });
        const world = buildWorld(scenario, ".");
        const { summary, comparison } = await runAndCompare(world);
        expect(summary.status).toBe("complete");
        expect(comparison.welfareGain).toBeLessThanOrEqual(comparison.centralWelfareGain + 1e-6);
      }
    });
  }
});

describe("baselines with agents' own flexibility", () => {
  const dcc = SMALL_FLEXIBLE_DCC;
  const scenario = (agents: unknown[]) =>
    validateScenario({
      name: "flex",
      seed: "3",
      calendar: { start: "2026-06-01T00:00:00Z", steps: 48, utcOffsetHours: 8 },
      tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25 },
      storage: { energyKWh: 200, powerKW: 60 },
      agents,
    });

  it("a single flexible DCC: its saving is measured against its own flexible plan without storage, and the central optimum still bounds the run", async () => {
    const world = buildWorld(scenario([dcc]), ".");
    const { summary, baselines, comparison } = await runAndCompare(world);
    const agent = summary.agents["dcc"]!;
    // Deferring batch work without storage is never worse than not deferring it, and that is the reference.
    expect(agent.noStorageCost).toBeLessThan(agent.noStorageNoFlexibilityCost - 1);
    expect(agent.noStorageNoFlexibilityCost).toBeCloseTo(profileCostOf(world, world.agents[0]!.model.netLoadKW, 48), 9);
    expect(agent.noStorageCost).toBe(baselines.noStorage.perAgent["dcc"]);
    expect(agent.saving).toBeCloseTo(comparison.perAgent["dcc"]!.savingVsNoStorage, 9);
    expect(baselines.centralOptimum.boundsTheRun).toBe(true);
    expect(comparison.welfareGain).toBeLessThanOrEqual(comparison.centralWelfareGain + 1e-6);
    expect(comparison.efficiency).not.toBeNull();
  });

  it("several agents, some flexible: the joint LP's central optimum bounds the run and efficiency is reported", async () => {
    const world = buildWorld(scenario([dcc, { id: "pros", kind: "prosumer", count: 2, pv: { kWp: 5 } }]), ".");
    const { comparison } = await runAndCompare(world);
    expect(comparison.baselines.centralOptimum.boundsTheRun).toBe(true);
    expect(comparison.welfareGain).toBeLessThanOrEqual(comparison.centralWelfareGain + 1e-6);
    expect(comparison.efficiency).not.toBeNull();
  });
});

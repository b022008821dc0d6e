import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { solveJointPeriodLp, statelessPeriodLp, type OwnBattery, type PeriodView } from "../../src/agents/index.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { computeBaselines, type Baselines } from "../../src/lab/baselines.js";
import { compareWithBaselines } from "../../src/lab/comparison.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { profileCostOf } from "../../src/lab/baselines.js";
import { runAndSummarise } from "../support/run-world.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";
import { periodViews } from "../../src/sim/views.js";
import type { World } from "../../src/sim/world.js";
import { SMALL_FLEXIBLE_DCC, TWO_JUNE_DAYS } from "../support/scenarios.js";

beforeAll(() => loadLpSolver());

const battery = { energyKWh: 8, powerKW: 3, efficiency: 0.85, initialSoc: 0.4 };

/** A DCC with batch deadlines, a microgrid with a generator, a VPP and two households with batteries. */
const agents = {
  dcc: SMALL_FLEXIBLE_DCC,
  microgrid: {
    id: "mg",
    kind: "microgrid",
    strategy: "lp-optimal",
    commercial: { generator: "commercial", meanKW: 40 },
    pv: { kWp: 30 },
    generator: { maxKW: 25, costPerHourRunning: 1, costPerKWh: 0.5, rampKWPerStep: 10 },
  },
  vpp: {
    id: "vpp",
    kind: "vpp",
    strategy: "lp-optimal",
    baseLoad: { generator: "residential", meanKW: 15 },
    pv: { kWp: 20 },
    batteries: [{ energyKWh: 20, powerKW: 5 }],
    shiftableLoads: [{ energyKWh: 8, windowStartHour: 9, windowEndHour: 17, maxKW: 3 }],
    evs: [{ arrivalHour: 8, departureHour: 18, energyKWh: 15, maxKW: 7 }],
  },
  households: { id: "home", kind: "prosumer", strategy: "lp-optimal", count: 2, pv: { kWp: 4 }, battery },
} as const;

const POSTED_UNIFORM: unknown = { rental: { mechanism: "posted", params: {} }, energy: { mechanism: "uniform", params: { k: 0.5 } } };

function scenario(members: readonly unknown[], market: unknown = POSTED_UNIFORM) {
  return validateScenario({
    name: "central-optimum",
    ...TWO_JUNE_DAYS,
    seed: "5",
    storage: { energyKWh: 120, powerKW: 40 },
    market,
    agents: members,
  });
}

const everyone = [agents.dcc, agents.microgrid, agents.vpp, agents.households];

async function run(world: World) {
  const { summary, steps } = await runAndSummarise(world);
  expect(summary.status).toBe("complete");
  return { summary, steps };
}

describe("the central optimum plans every agent's flexibility (joint LP)", () => {
  let baselines: Baselines;
  beforeAll(() => {
    // The baselines depend on the world, not on its mechanisms: computed once.
    const world = buildWorld(scenario(everyone), ".");
    baselines = computeBaselines(world, world.calendar.steps);
  });

  const everyEnergy = ["grid-only", "uniform", "pay-as-bid", "mcafee", "sdr", "mid-market"];
  // Stackelberg searches its price by rerunning best responses: two energy mechanisms keep the file fast.
  const rentals: [string, Record<string, unknown>, readonly string[]][] = [
    ["posted", {}, everyEnergy],
    ["uniform", {}, everyEnergy],
    ["pay-as-bid", {}, everyEnergy],
    ["vcg", {}, everyEnergy],
    ["stackelberg", {}, ["grid-only", "uniform"]],
    ["cooperative", { rule: "shapley" }, everyEnergy],
  ];
  for (const [rental, params, energies] of rentals) {
    it(`${rental} ${JSON.stringify(params)}: system cost ≥ central optimum's under ${energies.length === everyEnergy.length ? "every energy mechanism" : energies.join(", ")}; efficiency reported`, async () => {
      expect(baselines.centralOptimum.boundsTheRun).toBe(true);
      for (const energy of energies) {
        const world = buildWorld(scenario(everyone, { rental: { mechanism: rental, params }, energy: { mechanism: energy, params: {} } }), ".");
        const { summary, steps } = await run(world);
        expect(steps).toBe(baselines.steps);
        const comparison = compareWithBaselines(summary, baselines);
        expect(baselines.centralOptimum.atSharedSize.systemCost).toBeLessThanOrEqual(comparison.systemCost + 1e-6);
        expect(comparison.welfareGain).toBeLessThanOrEqual(comparison.centralWelfareGain + 1e-6);
        expect(comparison.efficiency).not.toBeNull();
        expect(comparison.efficiency!).toBeLessThanOrEqual(1 + 1e-9);
      }
    }, 120_000);
  }

  it("is no costlier than the no-storage baseline, which itself uses every agent's flexibility", () => {
    expect(baselines.centralOptimum.atSharedSize.operatingCost).toBeLessThanOrEqual(baselines.noStorage.total + 1e-6);
    // Optimally sized, it is no costlier than at the shared storage's size, fixed costs included.
    expect(baselines.centralOptimum.optimal.systemCost).toBeLessThanOrEqual(baselines.centralOptimum.atSharedSize.systemCost + 1e-6);
  });
});

describe("the joint LP", () => {
  const lone: [string, unknown][] = [
    ["a DCC", agents.dcc],
    ["a microgrid with a generator (no tie)", agents.microgrid],
    ["a VPP", agents.vpp],
    ["a household with a battery", { ...agents.households, count: 1 }],
    ["a household without flexibility", { id: "plain", kind: "prosumer", pv: { kWp: 4 } }],
  ];
  for (const [name, spec] of lone) {
    it(`with one agent equals that agent's own LP at the whole storage: ${name}`, () => {
      const world = buildWorld(scenario([spec]), ".");
      const whole = { energyKWh: world.storage.energyKWh, powerKW: world.storage.powerKW };
      for (const first of [0, 24]) {
        const view = periodViews(world, first, { perfectForesight: true }).get(world.agents[0]!.model.id)!;
        const own = statelessPeriodLp(view.flexibility?.kind)(view, { capacity: whole });
        const joint = solveJointPeriodLp([view], whole);
        expect(Math.abs(joint.objective - own.objective)).toBeLessThan(1e-6 * Math.max(1, Math.abs(own.objective)));
      }
    });
  }

  it("with several agents is no costlier than each planned alone, the storage to one of them", () => {
    const world = buildWorld(scenario(everyone), ".");
    const views: PeriodView[] = [...periodViews(world, 0, { perfectForesight: true }).values()];
    const whole = { energyKWh: world.storage.energyKWh, powerKW: world.storage.powerKW };
    const none = { energyKWh: 0, powerKW: 0 };
    const alone = views.map((view) => statelessPeriodLp(view.flexibility?.kind)(view, { capacity: none }).objective);
    const joint = solveJointPeriodLp(views, whole).objective;
    for (let owner = 0; owner < views.length; owner++) {
      const withStorage = statelessPeriodLp(views[owner]!.flexibility?.kind)(views[owner]!, { capacity: whole }).objective;
      const separate = alone.reduce((s, x, i) => s + (i === owner ? withStorage : x), 0);
      expect(joint).toBeLessThanOrEqual(separate + 1e-6);
    }
  });
});

describe("no-storage baseline with own flexibility", () => {
  it("a microgrid with a cheap generator costs less than buying everything from the grid", () => {
    const cheap = { ...agents.microgrid, pv: { kWp: 0 }, generator: { maxKW: 25, costPerHourRunning: 0, costPerKWh: 0.4, rampKWPerStep: 25 } };
    const world = buildWorld(scenario([cheap]), ".");
    const baselines = computeBaselines(world, world.calendar.steps);
    const gridOnly = profileCostOf(world, world.agents[0]!.model.netLoadKW, world.calendar.steps);
    expect(baselines.noStorage.perAgent["mg"]!).toBeLessThan(gridOnly - 1);
  });

  it("a household with a battery costs less than without it, and its own LP-planned extra battery no more", () => {
    const world = buildWorld(scenario([{ ...agents.households, count: 1 }]), ".");
    const baselines = computeBaselines(world, world.calendar.steps);
    const id = world.agents[0]!.model.id;
    const withoutBattery = profileCostOf(world, world.agents[0]!.model.netLoadKW, world.calendar.steps);
    expect(baselines.noStorage.perAgent[id]!).toBeLessThan(withoutBattery - 0.01);
    expect(baselines.ownBattery.perAgent[id]!.cost).toBeLessThanOrEqual(baselines.noStorage.perAgent[id]! + 1e-6);
  });
});

describe("a rule-based VPP runs its own batteries", () => {
  it("self-consumption moves energy through its battery; energy, money and battery energy are conserved", async () => {
    const world = buildWorld(scenario([{ ...agents.vpp, strategy: "rule-based" }, { id: "pros", kind: "prosumer", count: 2, pv: { kWp: 5 } }]), ".");
    const log: StepBody[] = [];
    const outcome = await runSimulation(world, { onRecord: (r: LogRecord) => (r.kind === "step" ? log.push(r as LogRecord & StepBody) : undefined) });
    expect(outcome.status).toBe("complete");
    const b: OwnBattery = { ...agents.vpp.batteries[0], efficiency: 0.9, initialSoc: 0.5 };
    const eta = Math.sqrt(b.efficiency);
    let stored = b.initialSoc * b.energyKWh;
    let throughput = 0;
    for (const r of log) {
      expect(Math.abs(r.checks.energyResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(r.checks.moneyResidual)).toBeLessThan(1e-6);
      // Deferrable loads keep their naive schedule: the VPP's whole load shift is its battery's net charge.
      const shift = r.loadShifts["vpp"] ?? 0;
      const state = r.strategyStates["vpp"] as { batteryKWh: number[] | null } | undefined;
      stored += eta * Math.max(shift, 0) - Math.max(-shift, 0) / eta;
      if (state) expect(state.batteryKWh![0]!).toBeCloseTo(stored, 6);
      expect(stored).toBeGreaterThanOrEqual(-1e-9);
      expect(stored).toBeLessThanOrEqual(b.energyKWh + 1e-9);
      throughput += Math.abs(shift);
    }
    expect(log.some((r) => (r.loadShifts["vpp"] ?? 0) > 0)).toBe(true);
    expect(log.some((r) => (r.loadShifts["vpp"] ?? 0) < 0)).toBe(true);
    expect(throughput).toBeGreaterThan(1);
  });
});

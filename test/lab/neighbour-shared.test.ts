import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario, validateScenario } from "../../src/lab/load-scenario.js";
import { computeBaselines, neighbourGroups, sizingBasis, splitGroupCost, type Baselines } from "../../src/lab/baselines.js";
import { neighbourSharedBaseline } from "../../src/lab/baselines/neighbour-shared.js";
import { runScenario } from "../../src/lab/run-scenario.js";
import { batteryFixedCost } from "../../src/agents/index.js";
import { renderRunSummary } from "../../src/cli/summary-table.js";
import type { World } from "../../src/sim/world.js";

beforeAll(() => loadLpSolver());

const tmp = mkdtempSync(join(tmpdir(), "sesame-neighbour-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("neighbour groups", () => {
  it("split agents in id order into consecutive groups, the last one smaller", () => {
    expect(neighbourGroups(["e", "a", "d", "c", "b"], 2)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    expect(neighbourGroups(["a", "b", "c", "d"], 2)).toEqual([["a", "b"], ["c", "d"]]);
    expect(neighbourGroups(["b", "a", "c"], 3)).toEqual([["a", "b", "c"]]);
    expect(neighbourGroups(["b", "a", "c"], 10)).toEqual([["a", "b", "c"]]);
    expect(() => neighbourGroups(["a"], 0)).toThrow();
  });

  it("the scenario accepts a group size ≥ 2 and leaves the block absent when not given", () => {
    const base = { name: "x", calendar: { steps: 24 }, tariff: { buy: 1, sell: 0 }, storage: { energyKWh: 10, powerKW: 5 }, agents: [{ id: "a", kind: "prosumer" }] };
    expect("baselines" in validateScenario(base)).toBe(false);
    expect(validateScenario({ ...base, baselines: { neighbourShared: { groupSize: 2 } } }).baselines).toEqual({ neighbourShared: { groupSize: 2 } });
    expect(() => validateScenario({ ...base, baselines: { neighbourShared: { groupSize: 1 } } })).toThrow();
    expect(() => validateScenario({ ...base, baselines: { neighbourShared: { groupSize: 2.5 } } })).toThrow();
    expect(() => validateScenario({ ...base, baselines: { other: {} } })).toThrow();
  });
});

describe("splitting a group's cost", () => {
  it("is pro rata to no-storage costs when all are positive, and sums to the group's cost", () => {
    const parts = splitGroupCost(55.4, [16.1, 48.3]);
    expect(parts[0]).toBeCloseTo(55.4 / 4, 12);
    expect(parts[1]).toBeCloseTo((3 * 55.4) / 4, 12);
  });
  it("shares the saving equally when a no-storage cost is not positive", () => {
    // No storage 3 − 1 = 2, group cost 1: saving 1 in halves, each pays its no-storage cost − 0.5.
    const parts = splitGroupCost(1, [3, -1]);
    expect(parts).toEqual([2.5, -1.5]);
  });
});

/**
 * A day with ideal storage (η = 1, no self-discharge, SOC 0–100 %, no wear), no feed-in
 * price, and households with constant loads and no PV, so the optima can be worked out by
 * hand. Tariff: valley 0.3 (hours 0–6, 23), peak 1.2 (10, 11, 18, 19, 20), flat 0.7.
 */
function idealWorld(loadsKW: Record<string, number>, groupSize?: number): World {
  const scenario = validateScenario({
    name: "ideal",
    calendar: { start: "2026-06-01T00:00:00Z", steps: 24 },
    tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0 },
    storage: {
      energyKWh: 10,
      powerKW: 5,
      etaCharge: 1,
      etaDischarge: 1,
      selfDischargePerStep: 0,
      socMin: 0,
      socMax: 1,
      degradationCostPerKWh: 0,
      economics: { capexPerKWh: 300, capexPerKW: 100, lifetimeYears: 10, discountRate: 0.05, omPerYear: 0 },
    },
    agents: Object.keys(loadsKW).map((id) => ({ id, kind: "prosumer" })),
    ...(groupSize !== undefined ? { baselines: { neighbourShared: { groupSize } } } : {}),
  });
  const world = buildWorld(scenario, ".");
  // Constant loads replace the generated ones: every kWh of each hour is known.
  return {
    ...world,
    agents: world.agents.map((agent) => ({ ...agent, model: { ...agent.model, netLoadKW: new Float64Array(24).fill(loadsKW[agent.model.id]!) } })),
  };
}

/** A day without storage at a constant 1 kW: 8 valley, 5 peak and 11 flat hours. */
const DAY_PER_KW = 8 * 0.3 + 5 * 1.2 + 11 * 0.7; // 16.1

/** Groups of `groupSize`, each owning its share of the shared storage, over the first `steps` steps. */
function groupsOf(world: World, steps: number, groupSize: number, noStorage: Readonly<Record<string, number>>) {
  return neighbourSharedBaseline(world, steps, { groupSize, sizing: "given" }, noStorage, sizingBasis(world.calendar, steps), steps / 8760);
}

describe("a hand-checkable day: households a (1 kW) and b (3 kW), a 10 kWh / 5 kW battery", () => {
  // Capex annuity and O&M of the whole battery for a day (O&M is 0 here).
  const capexDay = (world: World) => (world.providerEconomics.annualisedCapex + world.providerEconomics.omPerYear) * (24 / 8760);

  it("no storage costs 16.1 and 48.3", () => {
    const { noStorage } = computeBaselines(idealWorld({ a: 1, b: 3 }), 24);
    expect(noStorage.perAgent["a"]).toBeCloseTo(DAY_PER_KW, 9);
    expect(noStorage.perAgent["b"]).toBeCloseTo(3 * DAY_PER_KW, 9);
  });

  it("one group of both owns the whole battery: grid cost 51.4, as the central optimum behind one meter", () => {
    // The pair needs 8 kWh at the morning peak (10–11) and 12 at the evening one (18–20).
    // At most 10 kWh can come from the valley (the battery is full by 07:00) and save 0.9 each;
    // 8 more can be recharged at flat price after the morning peak and save 0.5 each (the
    // battery holds 10 of the evening's 12). Saving 13, so 64.4 − 13 = 51.4. Both households only
    // import, so separate meters lose nothing against one meter: partitions E_a = 3, E_b = 7 do it.
    const world = idealWorld({ a: 1, b: 3 }, 2);
    const baselines = computeBaselines(world, 24);
    const shared = baselines.neighbourShared!;
    expect(shared.groupSize).toBe(2);
    expect(shared.groups).toHaveLength(1);
    expect(shared.groups[0]).toMatchObject({ members: ["a", "b"], energyKWh: 10, powerKW: 5 });
    expect(shared.sizing).toBe("given");
    expect(shared.groups[0]!.operatingCost).toBeCloseTo(51.4, 6);
    expect(shared.groups[0]!.fixedCost).toBeCloseTo(capexDay(world), 9);
    expect(shared.total).toBeCloseTo(51.4 + capexDay(world), 6);
    expect(shared.total).toBeCloseTo(baselines.centralOptimum.atSharedSize.systemCost, 6);
    expect(shared.savingVsNoStorage).toBeCloseTo(4 * DAY_PER_KW - shared.total, 9);
    // Split pro rata to no-storage costs, 1 : 3.
    expect(shared.perAgent["a"]!.cost).toBeCloseTo(shared.total / 4, 6);
    expect(shared.perAgent["b"]!.cost).toBeCloseTo((3 * shared.total) / 4, 6);
    expect(shared.perAgent["a"]!.cost + shared.perAgent["b"]!.cost).toBeCloseTo(shared.total, 9);
    expect(shared.perAgent["a"]!.savingVsNoStorage).toBeCloseTo(DAY_PER_KW - shared.perAgent["a"]!.cost, 9);
    expect(shared.flexibilityIgnored).toEqual([]);
  });

  it("alone with half the battery each (5 kWh / 2.5 kW): a saves 4.5, b saves 7, so sharing pays", () => {
    // a: 5 kWh from the valley covers its 2 + 3 peak kWh: saving 5 × 0.9 = 4.5.
    // b: 2.5 kW over the two morning peak hours moves 5 valley kWh (4.5), then 5 flat kWh
    // recharged cover part of the evening (5 × 0.5 = 2.5): saving 7.
    const world = idealWorld({ a: 1, b: 3 });
    const { noStorage } = computeBaselines(world, 24);
    const alone = groupsOf(world, 24, 1, noStorage.perAgent);
    expect(alone.groups.map((g) => [g.members, g.energyKWh, g.powerKW])).toEqual([
      [["a"], 5, 2.5],
      [["b"], 5, 2.5],
    ]);
    expect(alone.groups[0]!.operatingCost).toBeCloseTo(DAY_PER_KW - 4.5, 6);
    expect(alone.groups[1]!.operatingCost).toBeCloseTo(3 * DAY_PER_KW - 7, 6);
    expect(alone.groups[0]!.fixedCost).toBeCloseTo(capexDay(world) / 2, 9);
    // A lone member pays exactly its group's cost.
    expect(alone.perAgent["b"]!.cost).toBeCloseTo(alone.groups[1]!.cost, 12);
    expect(alone.total).toBeCloseTo(64.4 - 11.5 + capexDay(world), 6);
  });

  it("a group size of N or more is one group owning the whole battery", () => {
    const atN = computeBaselines(idealWorld({ a: 1, b: 3 }, 2), 24).neighbourShared!;
    const above = computeBaselines(idealWorld({ a: 1, b: 3 }, 7), 24).neighbourShared!;
    expect(above.groups).toHaveLength(1);
    expect({ ...above, groupSize: 2 }).toEqual(atN);
  });

  it("three households in groups of 2: a pair with 2/3 of the battery, a single with 1/3", () => {
    const world = idealWorld({ a: 1, b: 3, c: 2 }, 2);
    const shared = computeBaselines(world, 24).neighbourShared!;
    expect(shared.groups.map((g) => g.members)).toEqual([["a", "b"], ["c"]]);
    expect(shared.groups[0]!.energyKWh).toBeCloseTo(20 / 3, 12);
    expect(shared.groups[1]!.powerKW).toBeCloseTo(5 / 3, 12);
    expect(shared.groups[0]!.fixedCost + shared.groups[1]!.fixedCost).toBeCloseTo(capexDay(world), 9);
    expect(shared.perAgent["c"]!.group).toBe(1);
    for (const [g, group] of shared.groups.entries()) {
      const members = group.members.reduce((s, id) => s + shared.perAgent[id]!.cost, 0);
      expect(members).toBeCloseTo(group.cost, 9);
      expect(group.members.every((id) => shared.perAgent[id]!.group === g)).toBe(true);
    }
  });

  it("is absent without the scenario's block", () => {
    expect("neighbourShared" in computeBaselines(idealWorld({ a: 1, b: 3 }), 24)).toBe(false);
  });
});

describe("agents with their own flexibility", () => {
  const dcc = {
    id: "dcc",
    kind: "dcc-operator",
    strategy: "lp-optimal",
    dataCenters: [{ id: "a", itLoad: { generator: "datacenter-it", meanKW: 40, peakHour: 11 }, batchDeadlineHours: 6 }],
  };
  const world = (groupSize: number) =>
    buildWorld(
      validateScenario({
        name: "flex",
        seed: "3",
        calendar: { start: "2026-06-01T00:00:00Z", steps: 24, utcOffsetHours: 8 },
        tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25 },
        storage: { energyKWh: 200, powerKW: 60 },
        agents: [dcc, { id: "pros", kind: "prosumer", count: 2, pv: { kWp: 5 } }],
        baselines: { neighbourShared: { groupSize } },
      }),
      ".",
    );

  it("are flagged when their group plans jointly without their flexibility", () => {
    const shared = computeBaselines(world(2), 24).neighbourShared!;
    expect(shared.groups.map((g) => g.members.length)).toEqual([2, 1]);
    expect(shared.groups[0]!.members[0]).toBe("dcc");
    expect(shared.flexibilityIgnored).toEqual(["dcc"]);
  });

  it("are planned with their own flexible LP when alone in a group, and not flagged", () => {
    const w = world(2);
    const { noStorage } = computeBaselines(w, 24);
    const alone = groupsOf(w, 24, 1, noStorage.perAgent);
    expect(alone.flexibilityIgnored).toEqual([]);
    // A third of the storage can only help the DCC against deferring alone (capex aside).
    expect(alone.groups[0]!.operatingCost).toBeLessThanOrEqual(noStorage.perAgent["dcc"]! + 1e-6);
  });
});

describe("the individual-vs-shared scenario, shortened", () => {
  it("compares individual, neighbour-shared and communal storage in the summary", async () => {
    const { summary, dir } = await runScenario({ scenario: "individual-vs-shared", steps: 48, out: join(tmp, "ivs-48") });
    expect(summary.status).toBe("complete");
    const comparison = summary.comparison!;
    const shared = comparison.baselines.neighbourShared!;
    expect(shared.groupSize).toBe(4);
    expect(shared.groups.map((g) => g.members.length)).toEqual([4, 4, 4, 4, 4]);
    // Each group's battery is sized once for the horizon by its own sizing LP, at the same unit cost.
    expect(shared.sizing).toBe("optimal");
    for (const group of shared.groups) {
      expect(group.energyKWh).toBeGreaterThan(0);
      expect(group.fixedCost).toBeCloseTo(batteryFixedCost(comparison.baselines.footing.unitFixedCost, group, 48 / 8760), 9);
    }
    expect(shared.total).toBeCloseTo(shared.groups.reduce((s, g) => s + g.cost, 0), 9);
    checkPerAgentSums(comparison.baselines);
    // Groups cannot beat one planner behind one meter with an optimally sized battery.
    expect(shared.total).toBeGreaterThanOrEqual(comparison.baselines.centralOptimum.optimal.systemCost - 1e-6);
    for (const [id, agent] of Object.entries(comparison.perAgent)) {
      expect(agent.savingVsNeighbourShared).toBeCloseTo(shared.perAgent[id]!.cost - summary.agents[id]!.cost, 9);
    }
    const text = renderRunSummary(summary, dir);
    expect(text).toMatch(/neighbour CNY/);
    expect(text).toMatch(/^options {4}system cost over 2 days, CNY: no storage [-\d,.]+; own batteries [-\d,.]+ \(Σ [\d,]+ kWh \/ [\d,]+ kW, optimal\); neighbour groups [-\d,.]+ \(5 of ≤ 4, Σ [\d,]+ kWh \/ [\d,]+ kW, optimal\); this run [-\d,.]+ \(67 kWh \/ 18 kW, given\)/m);
  });

  it("a scenario without the block has no neighbour figures anywhere", async () => {
    // The same scenario minus the block, run through the public entry point from a copy on disk.
    const { baselines: _dropped, ...plain } = loadScenario("individual-vs-shared").scenario;
    const file = join(tmp, "plain.json");
    writeFileSync(file, JSON.stringify(plain));
    const { summary, dir } = await runScenario({ scenario: file, steps: 24, out: join(tmp, "plain-24") });
    expect(summary.comparison).toBeDefined();
    expect("neighbourShared" in summary.comparison!.baselines).toBe(false);
    for (const agent of Object.values(summary.comparison!.perAgent)) expect("savingVsNeighbourShared" in agent).toBe(false);
    const text = renderRunSummary(summary, dir);
    expect(text).not.toMatch(/neighbour CNY|neighbour groups/);
    expect(text).toMatch(/^options /m);
  });
});

function checkPerAgentSums(baselines: Baselines): void {
  const shared = baselines.neighbourShared!;
  for (const group of shared.groups) {
    expect(group.members.reduce((s, id) => s + shared.perAgent[id]!.cost, 0)).toBeCloseTo(group.cost, 9);
    for (const id of group.members) expect(shared.perAgent[id]!.savingVsNoStorage).toBeCloseTo(baselines.noStorage.perAgent[id]! - shared.perAgent[id]!.cost, 9);
  }
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { yearShareOf } from "../../src/core/calendar.js";
import { loadLpSolver } from "../../src/core/lp.js";
import { providerTerms } from "../../src/agents/storage-provider.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { centralOptimalSize, sizingBasis } from "../../src/lab/baselines.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { planStorage, preparePlan } from "../../src/lab/plan/plan-storage.js";
import { InputError } from "../../src/core/errors.js";
import { scenarioAtSize, omPerYearAt } from "../../src/lab/plan/sized-scenario.js";
import { allocateJointInvestment, coalitionOptima, type CoalitionOptimum } from "../../src/lab/plan/capex-allocation.js";
import { PLAN_FILES } from "../../src/lab/plan/plan-folder.js";
import type { SizeEvaluation } from "../../src/lab/plan/evaluate-size.js";
import type { World } from "../../src/sim/world.js";
import { TWO_JUNE_DAYS } from "../support/scenarios.js";

/** Simulating on a shared two-core machine can be slow: every limit here is generous. */
const SIMULATE = 600_000;

/** Two LP households, one day, cheap storage: small enough to evaluate every size of a fine grid. */
const TINY = {
  name: "plan-tiny",
  ...TWO_JUNE_DAYS,
  seed: "3",
  calendar: { ...TWO_JUNE_DAYS.calendar, steps: 24 },
  currency: "CNY",
  storage: { energyKWh: 20, powerKW: 5, economics: { capexPerKWh: 300, capexPerKW: 100, lifetimeYears: 15, discountRate: 0.06, omPerYear: 200 } },
  market: { rental: { mechanism: "posted", params: {} }, energy: { mechanism: "uniform", params: { k: 0.5 } } },
  agents: [
    { id: "a", kind: "prosumer", strategy: "lp-optimal", load: { generator: "residential", meanKW: 1.5 }, pv: { kWp: 3 } },
    { id: "b", kind: "prosumer", strategy: "lp-optimal", load: { generator: "residential", meanKW: 2 } },
  ],
};

let tmp: string;
let scenarioFile: string;

beforeAll(async () => {
  await loadLpSolver();
  tmp = mkdtempSync(join(tmpdir(), "sesame-plan-"));
  scenarioFile = join(tmp, "tiny.json");
  writeFileSync(scenarioFile, JSON.stringify(TINY));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const key = (e: { energyKWh: number; powerKW: number }) => `${e.energyKWh}|${e.powerKW}`;

describe("sizes on one footing", () => {
  it("a resized storage pays the scenario's O&M per kWh and per kW, and so the same floor prices", () => {
    const scenario = validateScenario(TINY);
    const base = providerTerms(scenario.storage, scenario.calendar);
    for (const size of [
      { energyKWh: 40, powerKW: 5 },
      { energyKWh: 7, powerKW: 13 },
      { energyKWh: 1, powerKW: 0.5 },
    ]) {
      const sized = scenarioAtSize(scenario, size);
      const terms = providerTerms(sized.storage, sized.calendar);
      expect(sized.storage.energyKWh).toBe(size.energyKWh);
      expect(terms.omEnergyPerYear / size.energyKWh).toBeCloseTo(base.omEnergyPerYear / 20, 10);
      expect(terms.omPowerPerYear / size.powerKW).toBeCloseTo(base.omPowerPerYear / 5, 10);
      expect(terms.unitFixedCost.perKWhYear).toBeCloseTo(base.unitFixedCost.perKWhYear, 10);
      expect(terms.unitFixedCost.perKWYear).toBeCloseTo(base.unitFixedCost.perKWYear, 10);
      expect(terms.floor.cE).toBeCloseTo(base.floor.cE, 12);
      expect(terms.floor.cP).toBeCloseTo(base.floor.cP, 12);
    }
    // By hand: capex 300·20 + 100·5 = 6,500 at the scenario's size; at 40 kWh / 5 kW it is 12,500.
    expect(omPerYearAt(scenario, { energyKWh: 40, powerKW: 5 })).toBeCloseTo((200 * 12_500) / 6_500, 9);
    expect(() => scenarioAtSize(scenario, { energyKWh: 0, powerKW: 5 })).toThrow(RangeError);
  });
});

describe("a plan request is checked before anything is written", () => {
  const refused = (request: Parameters<typeof preparePlan>[0]): string[] => {
    try {
      preparePlan(request);
    } catch (error) {
      if (error instanceof InputError) return error.issues.map((i) => i.path);
      throw error;
    }
    throw new Error("expected an InputError");
  };

  it("names the flag of a grid too large, given as JSON, an unknown mechanism parameter, or a scenario without capex but with O&M", () => {
    const out = join(tmp, "never");
    expect(refused({ scenario: scenarioFile, out, grid: { energyKWh: { from: 0, to: 1, points: 100 }, powerKW: { from: 0, to: 1, points: 11 } } })).toEqual(["--grid"]);
    expect(refused({ scenario: scenarioFile, out, rental: "posted", rentalParams: { nonsense: 1 } })[0]).toMatch(/^market\.rental/);
    const free = join(tmp, "free.json");
    writeFileSync(free, JSON.stringify({ ...TINY, storage: { ...TINY.storage, economics: { ...TINY.storage.economics, capexPerKWh: 0, capexPerKW: 0 } } }));
    expect(refused({ scenario: free, out })).toEqual(["storage.economics"]);
    expect(existsSync(out)).toBe(false);
  });
});

describe("planning by search on a case small enough to grid-search exhaustively", () => {
  // Coarse 5 × 5 with one refinement reaches steps of 5 kWh and 1.25 kW; the exhaustive grid
  // at that resolution is 9 × 9. Both run the same scenario with the same seed, so a size has
  // the same figures in both.
  const COARSE = "E=0:40:5,P=0:10:5";
  const FINE = "E=0:40:9,P=0:10:9";
  const STEP = { energyKWh: 5, powerKW: 1.25 };
  let exhaustive: readonly SizeEvaluation[];

  beforeAll(async () => {
    const all = await planStorage({ scenario: scenarioFile, objective: "users", rental: "uniform", grid: FINE, refine: 0, workers: 1, out: join(tmp, "exhaustive") });
    exhaustive = all.plan.evaluations;
    expect(exhaustive).toHaveLength(81);
  }, SIMULATE);

  for (const objective of ["users", "provider-npv"] as const) {
    it(`${objective}: the plan's best is the exhaustive best, or a neighbour within one step that is as good up to rounding`, async () => {
      const { plan, dir } = await planStorage({ scenario: scenarioFile, objective, rental: "uniform", grid: COARSE, refine: 1, workers: 1, out: join(tmp, `search-${objective}`) });
      const value = (e: SizeEvaluation) => (objective === "users" ? e.usersSaving : e.providerNpv)!;
      const best = exhaustive.reduce((b, e) => (value(e) > value(b) + 1e-9 * Math.max(1, Math.abs(value(b))) ? e : b));
      const chosen = plan.chosen!;
      expect(chosen.by).toBe("search");
      const same = key(chosen) === key(best);
      const near = Math.abs(chosen.energyKWh - best.energyKWh) <= STEP.energyKWh && Math.abs(chosen.powerKW - best.powerKW) <= STEP.powerKW;
      expect(same || (near && chosen.objectiveValue >= value(best) - 1e-6 * Math.max(1, Math.abs(value(best))))).toBe(true);
      // The same size gives the same figures in the plan and in the exhaustive grid: one seed for every size.
      const byKey = new Map(exhaustive.map((e) => [key(e), e]));
      for (const e of plan.evaluations) {
        const twin = byKey.get(key(e))!;
        expect(twin).toBeDefined();
        expect(e.usersSaving).toBeCloseTo(twin.usersSaving!, 9);
        expect(e.providerNpv).toBeCloseTo(twin.providerNpv!, 6);
      }
      expect(plan.evaluations.length).toBeLessThan(exhaustive.length);
      expect(plan.search!.resolution).toEqual(chosen.energyKWh === 0 || chosen.powerKW === 0 ? plan.search!.resolution : STEP);
      // The folder: every evaluation logged as it finished, one run folder per simulated size, plan.json last.
      const lines = readFileSync(join(dir, PLAN_FILES.evaluations), "utf8").trim().split("\n");
      expect(lines).toHaveLength(plan.evaluations.length);
      for (const e of plan.evaluations) {
        if (e.status === "no-storage") expect(e.run).toBeNull();
        else expect(existsSync(join(dir, e.run!, "summary.json"))).toBe(true);
      }
      expect(JSON.parse(readFileSync(join(dir, PLAN_FILES.plan), "utf8")).chosen).toEqual(plan.chosen);
    }, SIMULATE);
  }

  it("E = 0 or P = 0 is no storage: NPV 0, saving 0, welfare gain 0, at the no-storage cost", () => {
    const zeros = exhaustive.filter((e) => e.energyKWh === 0 || e.powerKW === 0);
    expect(zeros).toHaveLength(17);
    const reference = exhaustive.find((e) => e.status === "complete")!.noStorageCost!;
    for (const e of zeros) {
      expect(e).toMatchObject({ status: "no-storage", providerNpv: 0, usersSaving: 0, welfareGain: 0, run: null });
      expect(e.systemCost).toBeCloseTo(reference, 9);
    }
  });
});

describe("the welfare objective", () => {
  it("is the central optimum's sizing LP, reported with one simulated evaluation at that size", async () => {
    const { plan } = await planStorage({ scenario: scenarioFile, objective: "welfare", workers: 1, out: join(tmp, "welfare") });
    const world = buildWorld(validateScenario(TINY), tmp);
    const steps = world.calendar.steps;
    const direct = centralOptimalSize(world, sizingBasis(world.calendar, steps), yearShareOf(world.calendar, steps));
    expect(plan.chosen).toMatchObject({ by: "sizing-lp", evaluation: 0 });
    expect(plan.chosen!.energyKWh).toBeCloseTo(direct.energyKWh, 6);
    expect(plan.chosen!.powerKW).toBeCloseTo(direct.powerKW, 6);
    expect(plan.welfareOptimum.energyKWh).toBe(direct.energyKWh);
    expect(plan.evaluations).toHaveLength(1);
    expect(plan.evaluations[0]!.status).toBe("complete");
    expect(plan.search).toBeNull();
    // The central optimum bounds what the market makes of the same size (perfect forecasts).
    expect(plan.evaluations[0]!.welfareGain!).toBeLessThanOrEqual(plan.welfareOptimum.welfareGain + 1e-6);
  }, SIMULATE);
});

/** A world of the tiny scenario whose agents' net loads are replaced by the given days (local hour h at step (h − 8) mod 24). */
function worldWithDays(days: Readonly<Record<string, readonly number[]>>): World {
  const scenario = validateScenario({ ...TINY, agents: Object.keys(days).map((id) => ({ id, kind: "prosumer", strategy: "lp-optimal" })) });
  const world = buildWorld(scenario, ".");
  return {
    ...world,
    agents: world.agents.map((agent) => ({
      ...agent,
      model: { ...agent.model, netLoadKW: Float64Array.from({ length: world.calendar.steps }, (_, t) => days[agent.model.id]![(t + 8) % 24]!) },
    })),
  };
}

/** 0.5 kW all day, `peak` kW in the evening peak hours. */
const eveningPeak = (peak: number) => Array.from({ length: 24 }, (_, h) => ([18, 19, 20].includes(h) ? peak : 0.5));
/** A household exporting 2 kW at midday and drawing 1 kW in the evening. */
const middaySurplus = Array.from({ length: 24 }, (_, h) => (h >= 10 && h < 15 ? -2 : [18, 19, 20].includes(h) ? 1 : 0.3));

describe("sharing the joint investment", () => {
  it("identical members: every rule splits equally, the shares sum to v(N), and each pays at most its stand-alone cost", () => {
    const world = worldWithDays({ a: eveningPeak(3), b: eveningPeak(3) });
    const coalitions = coalitionOptima(world, world.calendar.steps);
    const [, a, b, both] = coalitions;
    expect(a!.systemCost).toBeCloseTo(b!.systemCost, 9);
    // By hand: identical loads behind one meter are one load twice over, so v(N) = 2·v({a}) (an LP scales).
    expect(both!.systemCost).toBeCloseTo(2 * a!.systemCost, 6);
    expect(both!.energyKWh).toBeCloseTo(2 * a!.energyKWh, 4);
    for (const rule of ["shapley", "nucleolus", "nash"] as const) {
      const allocation = allocateJointInvestment(["a", "b"], coalitions, rule);
      const [x, y] = allocation.members;
      expect(x!.allocatedCost).toBeCloseTo(y!.allocatedCost, 6);
      expect(x!.allocatedCost + y!.allocatedCost).toBeCloseTo(both!.systemCost, 6);
      expect(x!.fixedCostShare + y!.fixedCostShare).toBeCloseTo(both!.fixedCost, 6);
      expect(x!.fixedCostFraction).toBeCloseTo(0.5, 6);
      expect(allocation.subadditive).toBe(true);
      for (const m of allocation.members) expect(m.allocatedCost).toBeLessThanOrEqual(m.standAloneCost + 1e-6);
    }
  });

  it("three different members: shares sum to v(N) under every rule, and none pays more than alone when the game is subadditive", () => {
    const world = worldWithDays({ a: eveningPeak(3), b: middaySurplus, c: eveningPeak(1.5) });
    const coalitions = coalitionOptima(world, world.calendar.steps);
    const grand = coalitions[7]!;
    // Netting b's midday export against the others' load behind one meter is worth the buy–sell spread.
    expect(grand.systemCost).toBeLessThan(coalitions[1]!.systemCost + coalitions[2]!.systemCost + coalitions[4]!.systemCost - 1e-6);
    for (const rule of ["shapley", "nucleolus", "nash"] as const) {
      const allocation = allocateJointInvestment(["a", "b", "c"], coalitions, rule);
      const total = allocation.members.reduce((s, m) => s + m.allocatedCost, 0);
      expect(total).toBeCloseTo(grand.systemCost, 6);
      expect(allocation.members.reduce((s, m) => s + m.fixedCostShare, 0)).toBeCloseTo(grand.fixedCost, 6);
      expect(allocation.subadditive).toBe(true);
      for (const m of allocation.members) expect(m.saving).toBeGreaterThanOrEqual(-1e-6);
      if (rule === "nucleolus") expect(allocation.inCore).toBe(true);
    }
  });

  it("a hand-made symmetric game: Shapley splits equally; the nucleolus and Nash do too", () => {
    // v(S) = 10·|S| − 3·(|S| − 1) for S ≠ ∅: subadditive, every member alike; fixed cost 2 per member alone.
    const size = (mask: number) => [0, 1, 1, 2, 1, 2, 2, 3][mask]!;
    const coalitions: CoalitionOptimum[] = Array.from({ length: 8 }, (_, mask) => {
      const n = size(mask);
      const systemCost = n === 0 ? 0 : 10 * n - 3 * (n - 1);
      const fixedCost = n === 0 ? 0 : 2 * n - (n - 1);
      return { mask, members: [], energyKWh: n, powerKW: n, operatingCost: systemCost - fixedCost, fixedCost, systemCost };
    });
    for (const rule of ["shapley", "nucleolus", "nash"] as const) {
      const allocation = allocateJointInvestment(["x", "y", "z"], coalitions, rule);
      for (const m of allocation.members) {
        // v(N) = 24 split three ways; F(N) = 4 likewise.
        expect(m.allocatedCost).toBeCloseTo(8, 9);
        expect(m.saving).toBeCloseTo(2, 9);
        expect(m.fixedCostShare).toBeCloseTo(4 / 3, 9);
      }
      expect(allocation.subadditive).toBe(true);
      expect(allocation.inCore).toBe(true);
      // Pairs pay 16 of their own 17: the largest excess is −1.
      expect(allocation.largestExcess).toBeCloseTo(-1, 9);
    }
  });
});

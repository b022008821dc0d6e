import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStream, restoreStream, type RandomStream } from "../../src/core/rng.js";
import {
  DEFAULT_LEARNING_PARAMS,
  LEARNING_DRAWS_PER_STEP,
  learningEntry,
  learningParams,
  learningStrategy,
  ruleBasedStorage,
  type LearningParams,
  type LearningState,
} from "../../src/agents/index.js";
import { agentKinds } from "../../src/agents/index.js";
import { runCli } from "../support/run-cli.js";
import { stepView } from "./fixtures.js";

const H = 4;
const tariff = { buy: 1, sell: 0.2 };
/** Saving per kWh bought at each markup of the default grid: best at 0.3 (index 3). */
const savingPerKWh = (markup: number) => 0.3 - Math.abs(markup - 0.3);

/** A counting wrapper around a stream. */
function counting(stream: RandomStream): RandomStream & { count: number } {
  const wrapped = { count: 0, next: () => (wrapped.count++, stream.next()), state: () => stream.state() };
  return wrapped;
}

/**
 * A synthetic repeated setting: a buyer of 1 kWh every step with no storage, who pays the
 * grid price less savingPerKWh(markup); the payment is seen one step later as lastNetPayment.
 * Returns the markup index chosen in each period and the final state.
 */
function play(params: Partial<LearningParams>, periods: number, seed = "s") {
  const strategy = learningStrategy({ bidJitter: 0.05 }, params);
  const rng = createStream(seed, "agent:learner");
  let state = strategy.initialState() as LearningState;
  let lastNetPayment = 0;
  const arms: number[] = [];
  for (let t = 0; t < periods * H; t++) {
    const view = stepView({ t, stepInPeriod: t % H, stepsInPeriod: H, tariff, netLoadKW: 1, capacity: { energyKWh: 0, powerKW: 0 }, storedKWh: 0, lastNetPayment });
    const out = strategy.decide("a", view, state, rng);
    state = out.state;
    if (t % H === 0) arms.push(state.arm);
    lastNetPayment = out.decision.order!.kWh * (tariff.buy - savingPerKWh(state.markup));
  }
  return { arms, state };
}

const share = (arms: number[], arm: number) => arms.filter((a) => a === arm).length / arms.length;

describe("learning strategy: markup learned across rental periods", () => {
  it("is a strategy of every registered kind and builds through its entry", () => {
    for (const kind of agentKinds()) expect(kind.strategies.map((s) => s.name)).toContain("learning");
    const strategy = learningStrategy({ bidJitter: 0.05 });
    expect(learningEntry.create({ bidJitter: 0.05 }, undefined, { id: "a", kind: "prosumer", netLoadKW: new Float64Array(1), series: {} }).initialState()).toEqual(strategy.initialState());
    expect(strategy.name).toBe("learning");
    expect(strategy.initialState()).toEqual({
      propensities: [1, 1, 1, 1, 1, 1],
      counts: [0, 0, 0, 0, 0, 0],
      arm: -1,
      markup: 0,
      periodSaving: 0,
      lastGridCost: null,
      rewardMin: null,
      rewardMax: null,
    });
  });

  it("Roth–Erev: choice frequencies move toward the best-rewarded markup (deterministic from the seed)", () => {
    const { arms, state } = play({ rule: "roth-erev" }, 400);
    const early = arms.slice(0, 50);
    const late = arms.slice(-100);
    expect(share(late, 3)).toBeGreaterThan(share(early, 3));
    expect(share(late, 3)).toBeGreaterThan(1 / 6 + 0.15);
    for (const other of [0, 1, 2, 4, 5]) expect(share(late, 3)).toBeGreaterThan(share(late, other));
    const p = state.propensities;
    expect(p.indexOf(Math.max(...p))).toBe(3);
    expect(play({ rule: "roth-erev" }, 400)).toEqual({ arms, state });
    expect(play({ rule: "roth-erev" }, 400, "other").arms).not.toEqual(arms);
  });

  it("ε-greedy: tries every markup once, then mostly plays the best", () => {
    const { arms, state } = play({ rule: "epsilon-greedy", experimentation: 0.1 }, 200);
    expect(arms.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(share(arms.slice(-100), 3)).toBeGreaterThan(0.8);
    // Values are the mean period rewards: H kWh × saving per kWh.
    state.propensities.forEach((q, j) => expect(q).toBeCloseTo(H * savingPerKWh(DEFAULT_LEARNING_PARAMS.markups[j]!), 9));
  });

  it("books the period's saving against the grid, last step included, before the next choice", () => {
    const strategy = learningStrategy({ bidJitter: 0 }, { rule: "epsilon-greedy" });
    const rng = createStream("s", "a");
    let state = strategy.initialState() as LearningState;
    const paid = [0, 0.9, 0.8, 0.7, 0.6]; // seen at t = 0..4; the grid cost of each step is 1
    for (let t = 0; t <= H; t++) {
      const view = stepView({ t, stepInPeriod: t % H, stepsInPeriod: H, tariff, netLoadKW: 1, capacity: { energyKWh: 0, powerKW: 0 }, storedKWh: 0, lastNetPayment: paid[t]! });
      state = strategy.decide("a", view, state, rng).state;
      if (t === H - 1) expect(state.periodSaving).toBeCloseTo(0.1 + 0.2 + 0.3, 12);
    }
    expect(state.propensities[0]).toBeCloseTo(0.1 + 0.2 + 0.3 + 0.4, 12);
    expect(state.arm).toBe(1);
    expect(state.periodSaving).toBe(0);
  });

  it("stores and trades like rule-based, with the limit marked up inside the spread", () => {
    const strategy = learningStrategy({ bidJitter: 0.05 }, { markups: [0.25] });
    const rng = createStream("s", "a");
    const buyerView = stepView({ band: "peak", netLoadKW: 3, storedKWh: 9, tariff });
    const buyer = strategy.decide("a", buyerView, strategy.initialState(), rng).decision;
    const storage = ruleBasedStorage(buyerView);
    expect({ chargeKW: buyer.chargeKW, dischargeKW: buyer.dischargeKW }).toEqual(storage);
    expect(buyer.order).toEqual({ agent: "a", side: "buy", kWh: 3 - storage.dischargeKW, limit: 1 - 0.25 * 0.8 });
    const seller = strategy.decide("a", stepView({ netLoadKW: -3, capacity: { energyKWh: 0, powerKW: 0 }, storedKWh: 0, tariff }), strategy.initialState(), rng).decision;
    expect(seller.order).toEqual({ agent: "a", side: "sell", kWh: 3, limit: 0.2 + 0.25 * 0.8 });
    expect(strategy.decide("a", stepView({ netLoadKW: 0, capacity: { energyKWh: 0, powerKW: 0 }, storedKWh: 0 }), strategy.initialState(), rng).decision.order).toBeNull();
  });

  it("draws exactly the same number from its stream at every step", () => {
    for (const rule of ["roth-erev", "epsilon-greedy"] as const) {
      const strategy = learningStrategy({ bidJitter: 0.05 }, { rule });
      const rng = counting(createStream("s", "a"));
      let state = strategy.initialState() as LearningState;
      for (let t = 0; t < 40; t++) {
        const before = rng.count;
        const netLoadKW = [1, -2, 0, 3][t % 4]!;
        state = strategy.decide("a", stepView({ t, stepInPeriod: t % H, stepsInPeriod: H, netLoadKW, band: t % 3 === 0 ? "peak" : "valley", peakAhead: true, lastNetPayment: t % 5 }), state, rng).state;
        expect(rng.count - before).toBe(LEARNING_DRAWS_PER_STEP);
      }
    }
  });

  it("keeps its state as plain JSON and continues bit-identically from a restored copy", () => {
    const strategy = learningStrategy({ bidJitter: 0.05 });
    const rng = createStream("s", "a");
    let state = play({}, 30).state;
    const saved = { state: JSON.parse(JSON.stringify(state)) as LearningState, rng: JSON.parse(JSON.stringify(rng.state())) };
    expect(saved.state).toEqual(state);
    const rng2 = restoreStream(saved.rng);
    let copy = saved.state;
    for (let t = 0; t < 3 * H; t++) {
      const view = stepView({ t, stepInPeriod: t % H, stepsInPeriod: H, tariff, netLoadKW: 1, lastNetPayment: 0.5 + t / 10 });
      const a = strategy.decide("a", view, state, rng);
      const b = strategy.decide("a", view, copy, rng2);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      state = a.state;
      copy = b.state;
    }
  });

  it("refuses parameters out of range", () => {
    expect(() => learningParams({ markups: [] })).toThrow(RangeError);
    expect(() => learningParams({ markups: [0, 1.5] })).toThrow(RangeError);
    expect(() => learningParams({ recency: -0.1 })).toThrow(RangeError);
    expect(() => learningParams({ experimentation: 2 })).toThrow(RangeError);
    expect(() => learningParams({ rule: "softmax" as never })).toThrow(RangeError);
    expect(learningParams()).toEqual(DEFAULT_LEARNING_PARAMS);
  });
});

describe("learning strategy in a run (CLI)", () => {
  const tmp = mkdtempSync(join(tmpdir(), "sesame-learning-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const scenario = JSON.parse(readFileSync(new URL("../../scenarios/dcc-week.json", import.meta.url), "utf8"));
  scenario.name = "learning-week";
  for (const agent of scenario.agents) agent.strategy = "learning";
  const file = join(tmp, "learning.json");
  writeFileSync(file, JSON.stringify(scenario));
  const fingerprint = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).fingerprint as string;

  it("logs its state, gives the same fingerprint twice and passes replay --verify", () => {
    const a = runCli(["run", file, "--steps", "72", "--no-baselines", "--out", join(tmp, "a")]);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const b = runCli(["run", file, "--steps", "72", "--no-baselines", "--out", join(tmp, "b")]);
    expect(b.code).toBe(0);
    expect(fingerprint(join(tmp, "b"))).toBe(fingerprint(join(tmp, "a")));
    const lines = readFileSync(join(tmp, "a", "steps.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const logged = lines[50].strategyStates["pros-001"] as LearningState;
    expect(logged.propensities).toHaveLength(6);
    expect(logged.counts.reduce((x, y) => x + y, 0)).toBe(3);
    const verify = runCli(["replay", join(tmp, "a"), "--verify"]);
    expect(verify.stdout).toMatch(/verified: 72 steps/);
    expect(verify.code).toBe(0);
  });
});

describe("learning settings from a scenario", () => {
  const base = {
    name: "learners",
    seed: "5",
    calendar: { start: "2026-06-01T00:00:00Z", steps: 24, utcOffsetHours: 8 },
    tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25 },
    storage: { energyKWh: 100, powerKW: 30 },
  };
  it("reach the strategy: the state has one propensity per markup given", async () => {
    const { validateScenario } = await import("../../src/lab/load-scenario.js");
    const { buildWorld } = await import("../../src/lab/build-world.js");
    const world = buildWorld(
      validateScenario({ ...base, agents: [{ id: "h", kind: "prosumer", strategy: "learning", pv: { kWp: 4 }, learning: { rule: "epsilon-greedy", markups: [0, 0.25] } }] }),
      ".",
    );
    const state = world.agents[0]!.strategy.initialState() as { propensities: number[] };
    expect(state.propensities).toHaveLength(2);
  });
  it("are refused on an agent that does not learn, and when out of range, naming the field", async () => {
    const { validateScenario } = await import("../../src/lab/load-scenario.js");
    const { buildWorld } = await import("../../src/lab/build-world.js");
    const { InputError } = await import("../../src/core/errors.js");
    const paths = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as InstanceType<typeof InputError>).issues.map((i) => i.path);
      }
      throw new Error("expected an InputError");
    };
    expect(paths(() => buildWorld(validateScenario({ ...base, agents: [{ id: "h", kind: "prosumer", learning: {} }] }), "."))).toEqual(["agents[0].learning"]);
    expect(paths(() => validateScenario({ ...base, agents: [{ id: "h", kind: "prosumer", strategy: "learning", learning: { markups: [0, 1.5] } }] }))).toEqual([
      "agents[0].learning.markups[1]",
    ]);
  });
});

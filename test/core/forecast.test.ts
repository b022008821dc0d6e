import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { ForecastSchema } from "../../src/agents/index.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";
import { forecastNetLoad, periodViews } from "../../src/sim/views.js";

const noisy = ForecastSchema.parse({ kind: "noisy" });
const key = (agentId: string, period: number, seed = "42") => ({ seed, agentId, period });
const profile = Float64Array.from({ length: 48 }, (_, t) => 10 + 5 * Math.sin(t / 3));

beforeAll(() => loadLpSolver());

describe("forecasts: the net load an agent plans with", () => {
  it("writes the defaults of a noisy forecast", () => {
    expect(noisy).toEqual({ kind: "noisy", relativeSigma: 0.1, correlation: 0.8 });
    expect(ForecastSchema.safeParse({ kind: "noisy", correlation: 1 }).success).toBe(false);
    expect(ForecastSchema.safeParse({ kind: "perfect", relativeSigma: 0.1 }).success).toBe(false);
  });

  it("a perfect forecast is the profile itself", () => {
    const f = forecastNetLoad(profile, 24, 24, { kind: "perfect" }, key("a", 1));
    expect(Array.from(f)).toEqual(Array.from(profile.subarray(24, 48)));
  });

  it("a noisy forecast is reproducible from the seed and differs across agents, periods and seeds", () => {
    const a = Array.from(forecastNetLoad(profile, 0, 24, noisy, key("a", 0)));
    expect(Array.from(forecastNetLoad(profile, 0, 24, noisy, key("a", 0)))).toEqual(a);
    expect(a).not.toEqual(Array.from(profile.subarray(0, 24)));
    expect(Array.from(forecastNetLoad(profile, 0, 24, noisy, key("b", 0)))).not.toEqual(a);
    expect(Array.from(forecastNetLoad(profile, 0, 24, noisy, key("a", 1)))).not.toEqual(a);
    expect(Array.from(forecastNetLoad(profile, 0, 24, noisy, key("a", 0, "43")))).not.toEqual(a);
  });

  it("has the requested relative sigma and AR(1) correlation over a long horizon", () => {
    const T = 24 * 2000;
    const load = Float64Array.from({ length: T }, (_, t) => (t % 2 === 0 ? 4 : -4)); // mean |x| = 4, with zero-crossings
    const spec = { kind: "noisy", relativeSigma: 0.2, correlation: 0.6 } as const;
    const errors: number[][] = [];
    for (let p = 0; p < T / 24; p++) {
      const f = forecastNetLoad(load, p * 24, 24, spec, key("x", p));
      errors.push(Array.from(f, (v, k) => (v - load[p * 24 + k]!) / 4));
    }
    const flat = errors.flat();
    const mean = flat.reduce((s, e) => s + e, 0) / flat.length;
    const sd = Math.sqrt(flat.reduce((s, e) => s + (e - mean) ** 2, 0) / flat.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeGreaterThan(0.2 * 0.95);
    expect(sd).toBeLessThan(0.2 * 1.05);
    let num = 0;
    let count = 0;
    for (const period of errors) for (let k = 1; k < period.length; k++) (num += period[k]! * period[k - 1]!), count++;
    expect(num / count / (sd * sd)).toBeCloseTo(0.6, 1);
  });

  it("zero relative sigma and zero load stay exact", () => {
    const f = forecastNetLoad(profile, 0, 24, { kind: "noisy", relativeSigma: 0, correlation: 0.8 }, key("a", 0));
    expect(Array.from(f)).toEqual(Array.from(profile.subarray(0, 24)));
    const zero = forecastNetLoad(new Float64Array(24), 0, 24, noisy, key("a", 0));
    expect(Array.from(zero)).toEqual(new Array(24).fill(0));
  });
});

describe("forecasts in a simulation", () => {
  const raw = JSON.parse(readFileSync(join(import.meta.dirname, "../../scenarios/dcc-week.json"), "utf8")) as {
    calendar: { steps: number };
    agents: Record<string, unknown>[];
  };
  const scenario = (forecast?: unknown) => {
    const copy = structuredClone(raw);
    copy.calendar.steps = 48;
    copy.agents = copy.agents.map((a) => (forecast === undefined ? a : { ...a, forecast }));
    return validateScenario(copy);
  };
  const dir = join(import.meta.dirname, "../../scenarios");

  it("perfect forecasts (explicit or absent) show agents their true net load; noisy ones do not", () => {
    for (const world of [buildWorld(scenario(), dir), buildWorld(scenario({ kind: "perfect" }), dir)]) {
      const views = periodViews(world, 24);
      for (const { model } of world.agents) expect(Array.from(views.get(model.id)!.netLoadKW)).toEqual(Array.from(model.netLoadKW.subarray(24, 48)));
    }
    const world = buildWorld(scenario({ kind: "noisy", relativeSigma: 0.2 }), dir);
    const views = periodViews(world, 24);
    const again = periodViews(world, 30);
    for (const { model } of world.agents) {
      expect(Array.from(views.get(model.id)!.netLoadKW)).not.toEqual(Array.from(model.netLoadKW.subarray(24, 48)));
      expect(Array.from(again.get(model.id)!.netLoadKW)).toEqual(Array.from(views.get(model.id)!.netLoadKW));
    }
  });

  it("a short run with noisy forecasts completes, conserving energy and money on the true net load", async () => {
    const world = buildWorld(scenario({ kind: "noisy", relativeSigma: 0.3, correlation: 0.5 }), dir);
    const steps: StepBody[] = [];
    const outcome = await runSimulation(world, { onRecord: (r: LogRecord) => r.kind === "step" && steps.push(r as LogRecord & StepBody), freeze: true });
    expect(outcome.status).toBe("complete");
    expect(steps).toHaveLength(48);
    for (const s of steps) {
      expect(Math.abs(s.checks.energyResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(s.checks.storageResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(s.checks.moneyResidual)).toBeLessThan(1e-6);
    }
    const perfect = await runSimulation(buildWorld(scenario(), dir));
    expect(outcome.fingerprint).not.toBe(perfect.fingerprint);
  });
});

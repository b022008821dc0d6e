import { scenarioFolderInputs } from "../../src/core/input-source.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Calendar } from "../../src/core/calendar.js";
import { loadLpSolver } from "../../src/core/lp.js";
import { createStream } from "../../src/core/rng.js";
import { commercialLoad } from "../../src/core/profiles/commercial-load.js";
import { industrialLoad } from "../../src/core/profiles/industrial-load.js";
import { MicrogridSchema } from "../../src/agents/index.js";
import {
  buildMicrogrid,
  generatorLpCostPerKWh,
  microgridFlexibility,
  microgridLpStrategy,
  microgridRuleStrategy,
  solveMicrogridPeriodLp,
  type MicrogridFlexibility,
} from "../../src/agents/index.js";
import { periodView, stepView } from "./fixtures.js";

beforeAll(async () => {
  await loadLpSolver();
});

const none = { capacity: { energyKWh: 0, powerKW: 0 } };
const flex = (generator: Partial<NonNullable<MicrogridFlexibility["generator"]>> | null, gridTieKW: number | null = null): MicrogridFlexibility => ({
  kind: "microgrid",
  generator: generator ? { maxKW: 8, costPerHourRunning: 0.8, costPerKWh: 0.6, rampKWPerStep: 8, ...generator } : null,
  gridTieKW,
});

describe("microgrid period LP", () => {
  it("runs the generator only where the buy price exceeds its marginal cost b + a/maxKW", () => {
    const f = flex({});
    expect(generatorLpCostPerKWh(f.generator!)).toBeCloseTo(0.7, 12);
    const period = periodView([10, 10, 10, 10], [0.5, 1.2, 0.69, 0.71], [0, 0, 0, 0], { flexibility: f });
    const plan = solveMicrogridPeriodLp(period, none);
    expect(plan.generatorKW.map((g) => Math.round(g * 1e6) / 1e6)).toEqual([0, 8, 0, 8]);
    expect(plan.loadShiftKW).toEqual(plan.generatorKW.map((g) => (g === 0 ? 0 : -g)));
    expect(plan.gridImportKW[1]).toBeCloseTo(2, 9);
  });

  it("respects the ramp limit, from the generator's output before the period", () => {
    const f = flex({ maxKW: 10, rampKWPerStep: 3, costPerHourRunning: 0, costPerKWh: 0.5 });
    const period = periodView([20, 20, 20, 20, 20, 20], [2, 2, 2, 2, 0.1, 0.1], [0, 0, 0, 0, 0, 0], { flexibility: f });
    const plan = solveMicrogridPeriodLp(period, none, 0);
    let last = 0;
    for (const g of plan.generatorKW) {
      expect(Math.abs(g - last)).toBeLessThanOrEqual(3 + 1e-7);
      last = g;
    }
    expect(plan.generatorKW[0]).toBeCloseTo(3, 6);
    expect(plan.generatorKW[3]).toBeCloseTo(10, 6);
    // Above marginal cost only where the ramp forces it down gradually: 10 → 7 → 4.
    expect(plan.generatorKW[4]).toBeCloseTo(7, 6);
    expect(plan.generatorKW[5]).toBeCloseTo(4, 6);
  });

  it("keeps the position within the grid tie (or within the profile's own where it already exceeds the tie)", () => {
    // Cheap generator, sell price above its cost: without a tie it would run flat out and export.
    const f = flex({ maxKW: 50, costPerHourRunning: 0, costPerKWh: 0.1 }, 10);
    const netLoad = [-20, 5, 30];
    const period = periodView(netLoad, [1, 1, 1], [0.5, 0.5, 0.5], { flexibility: f, maxEnergyKWh: 100, maxPowerKW: 100 });
    const plan = solveMicrogridPeriodLp(period, { capacity: { energyKWh: 50, powerKW: 20 } });
    expect(plan.generatorKW.some((g) => g > 1)).toBe(true);
    netLoad.forEach((x, t) => {
      expect(plan.gridImportKW[t]!).toBeLessThanOrEqual(Math.max(10, x) + 1e-6);
      expect(plan.gridExportKW[t]!).toBeLessThanOrEqual(Math.max(10, -x) + 1e-6);
    });
    expect(plan.gridExportKW[1]).toBeCloseTo(10, 6);
    const unlimited = solveMicrogridPeriodLp(periodView(netLoad, [1, 1, 1], [0.5, 0.5, 0.5], { flexibility: flex({ maxKW: 50, costPerHourRunning: 0, costPerKWh: 0.1 }) }), none);
    expect(unlimited.generatorKW.every((g) => Math.abs(g - 50) < 1e-6)).toBe(true);
  });
});

describe("microgrid strategies", () => {
  const f = flex({ maxKW: 8, rampKWPerStep: 3, costPerHourRunning: 0.8, costPerKWh: 0.6 });
  const rng = () => createStream("test", "agent:mg");
  const noCapacity = { energyKWh: 0, powerKW: 0 };

  it("LP strategy: follows the plan within the ramp, pays (a + b·g)·Δt as generator fuel, order = position", () => {
    const s = microgridLpStrategy({ bidJitter: 0 });
    const period = periodView([10, 10, 10], [1.5, 1.5, 1.5], [0, 0, 0], { flexibility: f });
    let state = s.planPeriod("mg", period, noCapacity, s.initialState());
    const seen: number[] = [];
    for (let t = 0; t < 3; t++) {
      const view = stepView({ t, stepInPeriod: t, stepsInPeriod: 3, netLoadKW: 10, capacity: noCapacity, storedKWh: 0, flexibility: f, tariff: { buy: 1.5, sell: 0 } });
      const { decision, state: next } = s.decide("mg", view, state, rng());
      const g = -(decision.loadShiftKW ?? 0);
      seen.push(g);
      expect(decision.externalCosts).toEqual([{ reason: "generator-fuel", amount: 0.8 + 0.6 * g }]);
      expect(decision.order!.kWh).toBeCloseTo(10 - g, 9);
      expect(next.generatorKW).toBe(g);
      state = next;
    }
    expect(seen.map((g) => Math.round(g * 1e6) / 1e6)).toEqual([3, 6, 8]);
  });

  it("rule-based: generator on when λ^b > b + a/maxKW, covering the deficit within the ramp; off otherwise", () => {
    const s = microgridRuleStrategy({ bidJitter: 0 });
    const view = (buy: number, netLoadKW: number) =>
      stepView({ netLoadKW, capacity: noCapacity, storedKWh: 0, flexibility: f, tariff: { buy, sell: 0 } });
    const on = s.decide("mg", view(0.75, 10), { plan: null, generatorKW: 2 }, rng());
    expect(on.decision.loadShiftKW).toBeCloseTo(-5, 12);
    expect(on.state.generatorKW).toBe(5);
    const small = s.decide("mg", view(0.75, 1), { plan: null, generatorKW: 0 }, rng());
    expect(small.decision.loadShiftKW).toBe(-1);
    const off = s.decide("mg", view(0.69, 10), { plan: null, generatorKW: 5 }, rng());
    expect(off.state.generatorKW).toBe(2);
    const cold = s.decide("mg", view(0.69, 10), { plan: null, generatorKW: 0 }, rng());
    expect(cold.decision.loadShiftKW ?? 0).toBe(0);
    expect(cold.decision.externalCosts).toBeUndefined();
  });
});

describe("microgrid model and load generators", () => {
  const year: Calendar = { start: "2026-01-05T00:00:00Z", steps: 8736, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 0 };
  const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
  const stream = (name: string, seed = "42") => createStream(seed, `profile:test:${name}`);
  const commercial = (seed: string) => commercialLoad({ meanKW: 40, openHour: 8, closeHour: 18, baseShare: 0.3 }, year, stream("c", seed));
  const industrial = (seed: string) => industrialLoad({ meanKW: 200, shifts: 2, baseShare: 0.6, weekendShare: 0.5 }, year, stream("i", seed));

  it("commercial and industrial loads reproduce from the seed, differ for another, and hit their means", () => {
    for (const [gen, m] of [[commercial, 40], [industrial, 200]] as const) {
      const a = gen("42");
      expect(Array.from(gen("42"))).toEqual(Array.from(a));
      expect(Array.from(gen("43"))).not.toEqual(Array.from(a));
      expect(a.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
      expect(Math.abs(mean(a) / m - 1)).toBeLessThan(0.02);
    }
  });

  it("commercial load peaks in weekday office hours; industrial load is flatter", () => {
    const c = commercial("42");
    const i = industrial("42");
    // 2026-01-05 is a Monday: day d is a weekend day when d % 7 is 5 or 6.
    const byHour = (xs: Float64Array, weekend: boolean) =>
      Array.from({ length: 24 }, (_, h) => mean(Array.from(xs).filter((_, t) => t % 24 === h && [5, 6].includes(Math.floor(t / 24) % 7) === weekend)));
    const cw = byHour(c, false);
    expect(cw[12]!).toBeGreaterThan(2 * cw[3]!);
    expect(cw[12]!).toBeGreaterThan(2 * byHour(c, true)[12]!);
    const iw = byHour(i, false);
    const swing = (xs: number[]) => Math.max(...xs) / Math.min(...xs);
    expect(iw[12]!).toBeGreaterThan(iw[2]!);
    expect(swing(iw)).toBeLessThan(swing(cw));
  });

  it("builds net load = residential + commercial + industrial − PV − wind, with the generator as flexibility", () => {
    const calendar: Calendar = { start: "2026-06-01T00:00:00Z", steps: 48, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 8 };
    const spec = MicrogridSchema.parse({
      id: "mg",
      kind: "microgrid",
      residential: { generator: "residential", meanKW: 20 },
      commercial: { generator: "commercial", meanKW: 30 },
      industrial: { generator: "industrial", meanKW: 50 },
      pv: { kWp: 40 },
      wind: { ratedKW: 30 },
      generator: { maxKW: 25, rampKWPerStep: 10 },
      gridTieKW: 80,
    });
    const ctx = { calendar, latitudeDeg: 31, rootSeed: "7", inputs: scenarioFolderInputs(".") };
    const model = buildMicrogrid(spec, ctx);
    expect(model.kind).toBe("microgrid");
    const s = model.series;
    for (let t = 0; t < 48; t++) {
      expect(model.netLoadKW[t]).toBeCloseTo(s.residentialKW![t]! + s.commercialKW![t]! + s.industrialKW![t]! - s.pvKW![t]! - s.windKW![t]!, 9);
    }
    expect(model.flexibility).toEqual(microgridFlexibility(spec));
    expect(model.flexibility).toEqual({ kind: "microgrid", generator: { maxKW: 25, costPerHourRunning: 0, costPerKWh: 0.8, rampKWPerStep: 10 }, gridTieKW: 80 });
    expect(Array.from(buildMicrogrid(spec, ctx).netLoadKW)).toEqual(Array.from(model.netLoadKW));
  });
});

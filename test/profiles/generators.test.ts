import { describe, expect, it } from "vitest";
import type { Calendar } from "../../src/core/calendar.js";
import { localHourMid } from "../../src/core/calendar.js";
import { createStream } from "../../src/core/rng.js";
import {
  datacenterItLoad,
  gammaFunction,
  normalCdf,
  pvGeneration,
  residentialLoad,
  turbinePowerFraction,
  windGeneration,
  windSpeeds,
} from "../../src/core/profiles/index.js";

const year: Calendar = { start: "2026-01-01T00:00:00Z", steps: 8760, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 0 };
const week: Calendar = { ...year, steps: 168 };
const stream = (name: string, seed = "42") => createStream(seed, `profile:test:${name}`);
const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;

const generators: Record<string, (seed: string) => Float64Array> = {
  residential: (seed) => residentialLoad({ meanKW: 0.5 }, week, stream("load", seed)),
  "datacenter-it": (seed) => datacenterItLoad({ meanKW: 1000, swing: 0.3, peakHour: 14 }, week, stream("it", seed)),
  pv: (seed) => pvGeneration({ kWp: 5, cloudiness: 0.3 }, week, 30, stream("pv", seed)),
  wind: (seed) => windGeneration({ ratedKW: 2000, meanSpeedMS: 7, weibullK: 2 }, week, stream("wind", seed)),
};

describe("profile generators", () => {
  for (const [name, generate] of Object.entries(generators)) {
    it(`${name}: reproduces from the same seed, differs for another, one value per step, never negative`, () => {
      const a = generate("42");
      expect(a).toBeInstanceOf(Float64Array);
      expect(a.length).toBe(week.steps);
      expect(Array.from(generate("42"))).toEqual(Array.from(a));
      expect(Array.from(generate("43"))).not.toEqual(Array.from(a));
      expect(a.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    });
  }

  it("residential load has mean ≈ meanKW, a morning and a larger evening peak", () => {
    const load = residentialLoad({ meanKW: 0.8 }, year, stream("load"));
    expect(Math.abs(mean(load) / 0.8 - 1)).toBeLessThan(0.03);
    const byHour = Array.from({ length: 24 }, (_, h) => mean(load.filter((_, t) => t % 24 === h)));
    expect(byHour[7]!).toBeGreaterThan(byHour[3]!);
    expect(byHour[7]!).toBeGreaterThan(byHour[13]!);
    expect(byHour[19]!).toBeGreaterThan(byHour[7]!);
  });

  it("data-center IT load has mean ≈ meanKW and peaks near peakHour", () => {
    const it = datacenterItLoad({ meanKW: 1000, swing: 0.4, peakHour: 15 }, year, stream("it"));
    expect(Math.abs(mean(it) / 1000 - 1)).toBeLessThan(0.02);
    const byHour = Array.from({ length: 24 }, (_, h) => mean(it.filter((_, t) => t % 24 === h)));
    const peak = byHour.indexOf(Math.max(...byHour));
    expect(Math.abs(peak - 14.5)).toBeLessThanOrEqual(1.5);
    expect(Math.min(...byHour)).toBeGreaterThan(0.6 * 1000);
  });

  it("PV is exactly 0 at night, positive at noon in summer, below kWp, and clouds lower it", () => {
    const kWp = 5;
    const clear = pvGeneration({ kWp, cloudiness: 0 }, year, 30, stream("pv"));
    const cloudy = pvGeneration({ kWp, cloudiness: 0.6 }, year, 30, stream("pv"));
    const bad: number[] = [];
    for (let t = 0; t < year.steps; t++) {
      const h = localHourMid(year, t);
      const nightOk = !(h < 4 || h > 20) || clear[t] === 0;
      if (!nightOk || clear[t]! > kWp || cloudy[t]! > clear[t]! + 1e-12) bad.push(t);
    }
    expect(bad).toEqual([]);
    const june21Noon = 171 * 24 + 12; // day 172, step covering 12:00–13:00
    expect(clear[june21Noon]!).toBeGreaterThan(0.8 * kWp);
    expect(clear[11]!).toBeGreaterThan(0); // a winter noon is still day at 30°N
    expect(mean(cloudy) / mean(clear)).toBeGreaterThan(0.3);
    expect(mean(cloudy) / mean(clear)).toBeLessThan(0.5);
  });

  it("PV has no output all day in the polar night", () => {
    const pv = pvGeneration({ kWp: 5, cloudiness: 0 }, { ...year, steps: 24 * 10 }, 80, stream("pv"));
    expect(pv.every((x) => x === 0)).toBe(true);
  });

  it("wind: capacity factor in a plausible band at 7 m/s mean, 0 below cut-in, 0 at cut-out", () => {
    const wind = windGeneration({ ratedKW: 1000, meanSpeedMS: 7, weibullK: 2 }, year, stream("wind"));
    const cf = mean(wind) / 1000;
    expect(cf).toBeGreaterThan(0.2);
    expect(cf).toBeLessThan(0.45);
    const speeds = windSpeeds({ meanSpeedMS: 7, weibullK: 2 }, year, stream("wind"));
    expect(Math.abs(mean(speeds) / 7 - 1)).toBeLessThan(0.1);
    expect(Array.from(wind).filter((w, t) => speeds[t]! < 3 && w !== 0)).toEqual([]);
    expect(Array.from(speeds).some((v) => v < 3)).toBe(true);
    expect(turbinePowerFraction(2.99)).toBe(0);
    expect(turbinePowerFraction(3)).toBe(0);
    expect(turbinePowerFraction(12)).toBe(1);
    expect(turbinePowerFraction(24.9)).toBe(1);
    expect(turbinePowerFraction(25)).toBe(0);
    expect(turbinePowerFraction(7.5)).toBeCloseTo((7.5 ** 3 - 27) / (1728 - 27), 12);
  });

  it("wind speeds are correlated from hour to hour", () => {
    const s = windSpeeds({ meanSpeedMS: 7, weibullK: 2 }, year, stream("wind"));
    const m = mean(s);
    let num = 0;
    let den = 0;
    for (let t = 0; t < s.length; t++) {
      den += (s[t]! - m) ** 2;
      if (t > 0) num += (s[t]! - m) * (s[t - 1]! - m);
    }
    expect(num / den).toBeGreaterThan(0.7);
  });

  it("math helpers: Γ and Φ at known points", () => {
    expect(gammaFunction(1.5)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 12);
    expect(gammaFunction(5)).toBeCloseTo(24, 10);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Calendar } from "../../src/core/calendar.js";
import { InputError } from "../../src/core/errors.js";
import { createStream, type RandomStream } from "../../src/core/rng.js";
import {
  ar1Noise,
  correlationPerStep,
  DEFAULT_WINDIEST_DAY_OF_YEAR,
  normalCdf,
  seasonalMeanSpeed,
  turbinePowerFraction,
  weibullScale,
  windGeneration,
  windSpeeds,
} from "../../src/core/profiles/index.js";
import { WindSchema } from "../../src/agents/index.js";
import { loadScenario, validateScenario } from "../../src/lab/load-scenario.js";

const year: Calendar = { start: "2026-01-01T00:00:00Z", steps: 8760, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 8 };
/** Quarter-hour steps from an odd hour at UTC−5: the old formula must hold off the hourly grid too. */
const quarterHours: Calendar = { start: "2026-03-10T05:00:00Z", steps: 2000, stepHours: 0.25, rentalPeriodSteps: 96, utcOffsetHours: -5 };
const stream = (seed = "42") => createStream(seed, "profile:test:wind");
const sha256 = (a: Float64Array) => createHash("sha256").update(Buffer.from(a.buffer, a.byteOffset, a.byteLength)).digest("hex");
function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
}

/**
 * The wind speed generator as it was before seasons (commit 98e1f4e), kept verbatim so that
 * a = 0 can be checked against it draw for draw and bit for bit.
 */
function windSpeedsBeforeSeasons(params: { meanSpeedMS: number; weibullK: number }, calendar: Calendar, rng: RandomStream): Float64Array {
  const z = ar1Noise(calendar.steps, correlationPerStep(0.9, calendar.stepHours), rng);
  const scale = weibullScale(params.meanSpeedMS, params.weibullK);
  const out = new Float64Array(calendar.steps);
  for (let t = 0; t < calendar.steps; t++) {
    const u = Math.min(normalCdf(z[t]!), 1 - 1e-12);
    out[t] = scale * Math.pow(-Math.log(1 - u), 1 / params.weibullK);
  }
  return out;
}

/** Steps of each local calendar month (0–11) of `calendar`. */
function monthOfStep(calendar: Calendar): number[] {
  return Array.from({ length: calendar.steps }, (_, t) => new Date(Date.parse(calendar.start) + (t * calendar.stepHours + calendar.utcOffsetHours) * 3_600_000).getUTCMonth());
}

function monthlyMeans(xs: Float64Array, calendar: Calendar): number[] {
  const months = monthOfStep(calendar);
  return Array.from({ length: 12 }, (_, m) => mean(xs.filter((_, t) => months[t] === m)));
}

describe("seasonal wind", () => {
  describe("with amplitude 0 (or none) it is the generator before seasons, bit for bit", () => {
    // SHA-256 of the Float64Array bytes, computed with the generator of commit 98e1f4e (before seasons).
    const golden = [
      {
        name: "a year of output, 900 kW at 8 m/s, UTC+8",
        hash: "9e4e76fa2ce79b8101228d512f024f6932402c4a185675a316d2371e75201514",
        run: (extra: object) => windGeneration({ ratedKW: 900, meanSpeedMS: 8, weibullK: 2, ...extra }, year, stream("42")),
      },
      {
        name: "a year of speeds, 6.5 m/s, k = 2.3, seed 7",
        hash: "2956241a833c52924c70910a689a15d8900ea5a80b2612a971d2469ad9beee29",
        run: (extra: object) => windSpeeds({ meanSpeedMS: 6.5, weibullK: 2.3, ...extra }, year, stream("7")),
      },
      {
        name: "quarter-hour speeds from 05:00 at UTC−5, k = 1.8",
        hash: "4801b44f146bdd4424c05ebcbc1b5d2166a214eed0af33d93695961052d194e7",
        run: (extra: object) => windSpeeds({ meanSpeedMS: 7, weibullK: 1.8, ...extra }, quarterHours, stream("42")),
      },
    ];
    const variants: [string, object][] = [
      ["no seasonal fields", {}],
      ["seasonalAmplitude 0", { seasonalAmplitude: 0 }],
      ["seasonalAmplitude 0, windiestDayOfYear 200", { seasonalAmplitude: 0, windiestDayOfYear: 200 }],
      ["windiestDayOfYear alone", { windiestDayOfYear: 100 }],
    ];
    for (const g of golden) {
      it.each(variants)(`${g.name}: %s matches the golden hash`, (_, extra) => {
        expect(sha256(g.run(extra))).toBe(g.hash);
      });
    }

    it.each([
      ["42", 7, 2, year],
      ["43", 5.5, 1.6, year],
      ["x", 9, 2.4, quarterHours],
    ] as const)("seed %s, %s m/s, k = %s: the same numbers as the old formula", (seed, meanSpeedMS, weibullK, calendar) => {
      const old = windSpeedsBeforeSeasons({ meanSpeedMS, weibullK }, calendar, stream(seed));
      const now = windSpeeds({ meanSpeedMS, weibullK, seasonalAmplitude: 0 }, calendar, stream(seed));
      expect(Array.from(now)).toEqual(Array.from(old));
      const output = windGeneration({ ratedKW: 1000, meanSpeedMS, weibullK, seasonalAmplitude: 0 }, calendar, stream(seed));
      expect(Array.from(output)).toEqual(Array.from(old, (v) => 1000 * turbinePowerFraction(v)));
    });
  });

  it("rescales the same draws: the speed of each step is the old one × (1 + a·cos(2π(d − windiest)/365))", () => {
    const flat = windSpeedsBeforeSeasons({ meanSpeedMS: 7, weibullK: 2 }, year, stream());
    const seasonal = windSpeeds({ meanSpeedMS: 7, weibullK: 2, seasonalAmplitude: 0.3, windiestDayOfYear: 15 }, year, stream());
    const bad: number[] = [];
    for (let t = 0; t < year.steps; t++) {
      const factor = seasonalMeanSpeed({ meanSpeedMS: 7, seasonalAmplitude: 0.3, windiestDayOfYear: 15 }, year, t) / 7;
      if (Math.abs(seasonal[t]! - flat[t]! * factor) > 1e-12 * flat[t]!) bad.push(t);
    }
    expect(bad).toEqual([]);
  });

  it("the seasonal mean: a·meanSpeedMS above the year's mean on the windiest day, as far below half a year later", () => {
    const p = { meanSpeedMS: 8, seasonalAmplitude: 0.25, windiestDayOfYear: 15 };
    // 12:00–13:00 local (UTC+8) on day 15 is step 14·24 + 12 − 8 from 2026-01-01T00:00Z; its
    // middle is half a day past the peak, which costs the cosine under 1e-4.
    const windiest = 14 * 24 + 4;
    expect(seasonalMeanSpeed(p, year, windiest)).toBeCloseTo(8 * 1.25, 3);
    const calmest = windiest + (365 / 2) * 24;
    expect(seasonalMeanSpeed(p, year, calmest)).toBeCloseTo(8 * 0.75, 3);
    expect(seasonalMeanSpeed({ meanSpeedMS: 8, seasonalAmplitude: 0.25 }, year, windiest)).toBe(seasonalMeanSpeed(p, year, windiest));
    expect(DEFAULT_WINDIEST_DAY_OF_YEAR).toBe(15);
    expect(seasonalMeanSpeed({ meanSpeedMS: 8 }, year, windiest)).toBe(8);
  });

  it("a = 0.3: the windiest month's mean output is clearly above the calmest month's (seeded, so not flaky)", () => {
    const params = { ratedKW: 1000, meanSpeedMS: 7, weibullK: 2, seasonalAmplitude: 0.3 };
    for (const seed of ["42", "7", "2026"]) {
      const winter = monthlyMeans(windGeneration({ ...params, windiestDayOfYear: 15 }, year, stream(seed)), year);
      expect(winter[0]!).toBeGreaterThan(1.8 * winter[6]!);
      expect(winter[11]!).toBeGreaterThan(1.5 * winter[6]!);
      // The windiest day moves the cycle: windiest in July, calmest in January.
      const summer = monthlyMeans(windGeneration({ ...params, windiestDayOfYear: 196 }, year, stream(seed)), year);
      expect(summer[6]!).toBeGreaterThan(1.8 * summer[0]!);
      // The speeds keep the year's mean up to noise (the cosine averages out over a year).
      const speeds = windSpeeds({ ...params, windiestDayOfYear: 15 }, year, stream(seed));
      expect(Math.abs(mean(speeds) / 7 - 1)).toBeLessThan(0.1);
    }
  });

  it("each step stays Weibull with the season's mean: speeds ÷ seasonal mean have the year-round distribution", () => {
    // Over many seeds, winter-week speeds scaled by their seasonal mean have mean 1 and the
    // Weibull(k = 2) coefficient of variation √(4/π − 1) ≈ 0.523.
    const p = { meanSpeedMS: 7, weibullK: 2, seasonalAmplitude: 0.3, windiestDayOfYear: 15 };
    const ratios: number[] = [];
    for (let s = 0; s < 200; s++) {
      const v = windSpeeds(p, { ...year, steps: 24 * 21 }, stream(`w${s}`));
      for (let t = 0; t < v.length; t += 24) ratios.push(v[t]! / seasonalMeanSpeed(p, year, t));
    }
    const m = mean(ratios);
    const sd = Math.sqrt(mean(ratios.map((r) => (r - m) ** 2)));
    expect(Math.abs(m - 1)).toBeLessThan(0.03);
    expect(Math.abs(sd / m - Math.sqrt(4 / Math.PI - 1))).toBeLessThan(0.04);
  });

  describe("schema", () => {
    it("leaves the seasonal fields absent when not given, so old scenarios resolve (and hash) as before", () => {
      expect(WindSchema.parse({ ratedKW: 300 })).toEqual({ ratedKW: 300, meanSpeedMS: 7, weibullK: 2 });
      expect(WindSchema.parse({ ratedKW: 300, seasonalAmplitude: 0.2, windiestDayOfYear: 20 })).toEqual({
        ratedKW: 300,
        meanSpeedMS: 7,
        weibullK: 2,
        seasonalAmplitude: 0.2,
        windiestDayOfYear: 20,
      });
    });

    it("describes the seasonal fields with their units", () => {
      expect(WindSchema.shape.seasonalAmplitude.description).toMatch(/fraction of meanSpeedMS/);
      expect(WindSchema.shape.windiestDayOfYear.description).toMatch(/day of the year \(1–365\)/);
    });

    const dcc = loadScenario("dcc-shared").scenario;
    const withWind = (wind: object) => {
      const [agent] = dcc.agents;
      if (agent?.kind !== "dcc-operator") throw new Error("dcc-shared's first agent is its DCC");
      const dataCenters = agent.dataCenters.map((dc, j) => (j === 1 ? { ...dc, wind: { ratedKW: 900, ...wind } } : dc));
      return { ...dcc, agents: [{ ...agent, dataCenters }] };
    };
    it.each([
      ["seasonalAmplitude", 1],
      ["seasonalAmplitude", 1.5],
      ["seasonalAmplitude", -0.1],
      ["seasonalAmplitude", Number.NaN],
      ["windiestDayOfYear", 0],
      ["windiestDayOfYear", 366],
      ["windiestDayOfYear", -15],
    ])("refuses %s = %s with the field's path", (field, value) => {
      let error: unknown;
      try {
        validateScenario(withWind({ [field]: value }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues.map((i) => i.path)).toEqual([`agents[0].dataCenters[1].wind.${field}`]);
    });

    it.each([
      ["seasonalAmplitude", 0],
      ["seasonalAmplitude", 0.999],
      ["windiestDayOfYear", 1],
      ["windiestDayOfYear", 365],
    ])("accepts %s = %s", (field, value) => {
      expect(() => validateScenario(withWind({ [field]: value }))).not.toThrow();
    });
  });
});

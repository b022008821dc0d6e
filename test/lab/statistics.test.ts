import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { meanEstimate, meanInterval, pairedDifference, tQuantile975, welchDifference } from "../../src/lab/statistics.js";

describe("meanInterval", () => {
  it("matches a hand computation: 1, 2, 3, 4, 5 → mean 3, sd √2.5, ± 2.776·sd/√5", () => {
    const m = meanInterval([1, 2, 3, 4, 5]);
    expect(m.mean).toBe(3);
    expect(m.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(m.high - m.mean).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 12);
    expect(m.mean - m.low).toBeCloseTo(m.high - m.mean, 12);
  });

  it("one value: no spread; none: NaN", () => {
    expect(meanInterval([7])).toEqual({ n: 1, mean: 7, sd: 0, low: 7, high: 7 });
    expect(meanInterval([]).n).toBe(0);
  });

  it("property: the interval contains the mean and narrows as identical replicates are added", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }), (xs) => {
        const m = meanInterval(xs);
        expect(m.low).toBeLessThanOrEqual(m.mean + 1e-9 * Math.max(1, Math.abs(m.mean)));
        expect(m.high).toBeGreaterThanOrEqual(m.mean - 1e-9 * Math.max(1, Math.abs(m.mean)));
        const doubled = meanInterval([...xs, ...xs]);
        expect(doubled.high - doubled.low).toBeLessThanOrEqual(m.high - m.low + 1e-9 * Math.max(1, m.high - m.low));
      }),
    );
  });
});

describe("tQuantile975", () => {
  it("reads the table and tends to the normal quantile", () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(10)).toBe(2.228);
    expect(tQuantile975(60)).toBeCloseTo(2.0, 12);
    expect(tQuantile975(1e9)).toBeCloseTo(1.96, 6);
    expect(tQuantile975(45)).toBeGreaterThan(2.0);
    expect(tQuantile975(45)).toBeLessThan(2.021);
  });
});

describe("meanEstimate", () => {
  it("one value: the mean and no interval (null bounds and sd), not [x, x]", () => {
    expect(meanEstimate(meanInterval([7]))).toEqual({ n: 1, mean: 7, sd: null, low: null, high: null });
    expect(meanEstimate(meanInterval([]))).toEqual({ n: 0, mean: null, sd: null, low: null, high: null });
    // 1, 3: sd √2, so ± 12.706·√2/√2 around 2.
    const two = meanEstimate(meanInterval([1, 3]));
    expect(two.low).toBeCloseTo(2 - 12.706 * Math.SQRT2 / Math.SQRT2, 12);
    // JSON carries null, never the mean twice.
    expect(JSON.parse(JSON.stringify(meanEstimate(meanInterval([7]))))).toEqual({ n: 1, mean: 7, sd: null, low: null, high: null });
  });
});

describe("pairedDifference", () => {
  it("by hand: differences −10, −6, −12 → mean −28/3, sd √(28/3), ± 4.303·sd/√3 with df 2", () => {
    const d = pairedDifference([-10, -6, -12]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(-28 / 3, 12);
    const half = (4.303 * Math.sqrt(28 / 3)) / Math.sqrt(3);
    expect(d.low).toBeCloseTo(-28 / 3 - half, 9);
    expect(d.high).toBeCloseTo(-28 / 3 + half, 9);
    expect(d.df).toBe(2);
  });

  it("one pair: the difference and no interval", () => {
    expect(pairedDifference([4])).toEqual({ n: 1, nReference: 1, mean: 4, low: null, high: null, df: null });
    expect(pairedDifference([]).mean).toBeNull();
  });
});

describe("welchDifference", () => {
  it("by hand: 90, 104, 118 against 100, 110, 130", () => {
    // Means 104 and 340/3; variances 196 and 700/3; v = 196/3 + 700/9 = 1288/9; se = √v;
    // df = v² / ((196/3)²/2 + (700/9)²/2) = 3.97 → the table's df 3, t = 3.182.
    const d = welchDifference([90, 104, 118], [100, 110, 130]);
    const v = 196 / 3 + 700 / 9;
    expect(d.mean).toBeCloseTo(104 - 340 / 3, 12);
    expect(d.df).toBeCloseTo(v ** 2 / ((196 / 3) ** 2 / 2 + (700 / 9) ** 2 / 2), 12);
    expect(d.df).toBeCloseTo(3.97, 2);
    expect(d.high! - d.mean!).toBeCloseTo(3.182 * Math.sqrt(v), 9);
    expect(d.n).toBe(3);
    expect(d.nReference).toBe(3);
  });

  it("no interval unless both sides have two values; no spread: the point itself", () => {
    expect(welchDifference([5], [1, 2, 3])).toEqual({ n: 1, nReference: 3, mean: 3, low: null, high: null, df: null });
    expect(welchDifference([5, 6], [])).toMatchObject({ mean: null, low: null });
    expect(welchDifference([5, 5], [2, 2, 2])).toEqual({ n: 2, nReference: 3, mean: 3, low: 3, high: 3, df: 3 });
  });

  it("property: with every pair present the paired mean is the difference of the means; noise the pairs share does not widen the paired interval", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 3, maxLength: 20 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 }),
        (noise, effect, jitter) => {
          // Replicate r's noise is in both; the group adds an effect and a jitter in [−1, 1] of its own.
          const group = noise.map((x, i) => x + effect + jitter[i]!);
          const paired = pairedDifference(group.map((g, i) => g - noise[i]!));
          const welch = welchDifference(group, noise);
          expect(paired.mean!).toBeCloseTo(welch.mean!, 6);
          // The paired sd is the jitter's, at most √(n/(n−1)) ≤ 1.23 for n ≥ 3, whatever the noise.
          const n = noise.length;
          expect(paired.high! - paired.low!).toBeLessThanOrEqual((2 * tQuantile975(n - 1) * 1.23) / Math.sqrt(n) + 1e-6);
          expect(welch.low!).toBeLessThanOrEqual(welch.mean! + 1e-9);
          expect(welch.high!).toBeGreaterThanOrEqual(welch.mean! - 1e-9);
        },
      ),
    );
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { meanInterval, tQuantile975 } from "../../src/lab/statistics.js";

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

import { describe, expect, it } from "vitest";
import { storageInvariantViolations } from "../../src/storage/index.js";
import { part, spec, stateOf } from "./fixtures.js";

describe("storageInvariantViolations", () => {
  const s = spec({ energyKWh: 100, powerKW: 50, socMax: 0.9, mode: "partitioned" });

  it("is empty for a sound state, including e_i drifted below s_min·E_i", () => {
    expect(storageInvariantViolations({ ...s, socMin: 0.1 }, stateOf([part("a", 40, 20, 1), part("b", 60, 30, 54)], 10))).toEqual([]);
  });

  it("names the tenant whose e_i leaves [0, s_max·E_i] or is not finite", () => {
    const v = storageInvariantViolations(s, stateOf([part("a", 10, 1, -1), part("b", 10, 1, 9.5), part("c", 10, 1, Number.NaN)]));
    expect(v).toHaveLength(3);
    expect(v[0]).toMatch(/tenant "a" storedKWh = -1: below 0/);
    expect(v[1]).toMatch(/tenant "b" storedKWh = 9.5: above s_max·E_i = 9/);
    expect(v[2]).toMatch(/tenant "c" storedKWh = NaN: must be finite/);
  });

  it("tolerates rounding within the tolerance", () => {
    expect(storageInvariantViolations(s, stateOf([part("a", 10, 1, 9 + 1e-9)], -1e-9))).toEqual([]);
    expect(storageInvariantViolations(s, stateOf([part("a", 10, 1, 9.01)]), 0.1)).toEqual([]);
  });

  it("flags ΣE_i > E^max and, in partitioned mode only, ΣP_i > P^max", () => {
    const st = stateOf([part("a", 60, 30, 0), part("b", 50, 30, 0)]);
    const v = storageInvariantViolations(s, st);
    expect(v).toEqual([
      expect.stringMatching(/ΣE_i = 110 exceeds E\^max = 100/),
      expect.stringMatching(/ΣP_i = 60 exceeds P\^max = 50/),
    ]);
    expect(storageInvariantViolations({ ...s, mode: "pooled" }, st)).toHaveLength(1);
  });

  it("flags a negative pool and physical energy above s_max·E^max", () => {
    expect(storageInvariantViolations(s, stateOf([], -1))).toEqual([expect.stringMatching(/unrentedStoredKWh = -1: below 0/)]);
    // 9 + 82 = 91 > 0.9·100 = 90
    expect(storageInvariantViolations(s, stateOf([part("a", 10, 1, 9)], 82))).toEqual([
      expect.stringMatching(/physical energy .* = 91 exceeds s_max·E\^max = 90/),
    ]);
  });

  it("flags bad ratings and unsorted or duplicate tenants", () => {
    const v = storageInvariantViolations(s, stateOf([part("b", -1, Number.NaN, 0), part("a", 1, 1, 0), part("a", 1, 1, 0)]));
    expect(v).toEqual([
      expect.stringMatching(/tenant "b" rentedEnergyKWh = -1/),
      expect.stringMatching(/tenant "b" rentedPowerKW = NaN/),
      expect.stringMatching(/partitions\[1\] tenant "a": not strictly after "b"/),
      expect.stringMatching(/partitions\[2\] tenant "a": not strictly after "a"/),
    ]);
  });
});

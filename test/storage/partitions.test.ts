import { describe, expect, it } from "vitest";
import { initialStorageState, openPartitions } from "../../src/storage/index.js";
import { part, spec, stateOf } from "./fixtures.js";

describe("initialStorageState", () => {
  it("holds s_min·E^max in the unrented pool and no partitions", () => {
    // 0.1 × 1000 = 100 kWh
    const s = initialStorageState(spec({ energyKWh: 1000, socMin: 0.1 }));
    expect(s.partitions).toEqual([]);
    expect(s.unrentedStoredKWh).toBeCloseTo(100, 12);
  });
});

describe("openPartitions", () => {
  const battery = spec({ energyKWh: 1000, powerKW: 100, socMin: 0.1, socMax: 0.9 });

  it("seeds each partition at s_min·E_i from the pool, sorted by tenant, skipping E_i = 0", () => {
    // pool 100; seeds a: 0.1×200 = 20, b: 0.1×300 = 30 → pool 50; floor 0.1×(1000−500) = 50 → no top-up
    const { state, floorTopUpKWh, excessReleaseKWh } = openPartitions(battery, initialStorageState(battery), [
      { tenant: "b", rentedEnergyKWh: 300, rentedPowerKW: 50 },
      { tenant: "a", rentedEnergyKWh: 200, rentedPowerKW: 40 },
      { tenant: "c", rentedEnergyKWh: 0, rentedPowerKW: 10 },
    ]);
    expect(state.partitions.map((p) => p.tenant)).toEqual(["a", "b"]);
    expect(state.partitions[0]).toMatchObject({ rentedEnergyKWh: 200, rentedPowerKW: 40 });
    expect(state.partitions[0]!.storedKWh).toBeCloseTo(20, 12);
    expect(state.partitions[1]!.storedKWh).toBeCloseTo(30, 12);
    expect(state.unrentedStoredKWh).toBeCloseTo(50, 12);
    expect(floorTopUpKWh).toBe(0);
    expect(excessReleaseKWh).toBe(0);
  });

  it("closes old partitions: their energy returns to the pool uncompensated", () => {
    // a held 150 kWh; pool 50 + 150 = 200 ≥ floor 0.1×1000 = 100 → no top-up
    const { state, floorTopUpKWh } = openPartitions(battery, stateOf([part("a", 200, 40, 150)], 50), []);
    expect(state.partitions).toEqual([]);
    expect(state.unrentedStoredKWh).toBe(200);
    expect(floorTopUpKWh).toBe(0);
  });

  it("releases to the grid what the unrented slice cannot hold, so the battery stays ≤ s_max·E^max", () => {
    // a held 0.9·800 = 720, pool 0.9·200 = 180 (physical 900 = s_max·E^max).
    // New: b rents 800 (seed 0.1·800 = 80) → pool 180 + 720 − 80 = 820 > ceiling 0.9·200 = 180:
    // release 640; physical 80 + 180 = 260, and b may charge to 720 → 900, not 1540.
    const { state, floorTopUpKWh, excessReleaseKWh } = openPartitions(battery, stateOf([part("a", 800, 40, 720)], 180), [
      { tenant: "b", rentedEnergyKWh: 800, rentedPowerKW: 40 },
    ]);
    expect(state.unrentedStoredKWh).toBeCloseTo(180, 12);
    expect(excessReleaseKWh).toBeCloseTo(640, 12);
    expect(floorTopUpKWh).toBe(0);
  });

  it("tops the pool up from the grid to exactly s_min·(E^max − ΣE_i)", () => {
    // pool 40 + returned 15 − seed 0.1×400 = 40 → 15; floor 0.1×600 = 60 → top-up 45
    const { state, floorTopUpKWh, excessReleaseKWh } = openPartitions(battery, stateOf([part("a", 200, 40, 15)], 40), [
      { tenant: "a", rentedEnergyKWh: 400, rentedPowerKW: 40 },
    ]);
    expect(state.partitions[0]!.storedKWh).toBeCloseTo(40, 12);
    expect(state.unrentedStoredKWh).toBeCloseTo(60, 12);
    expect(floorTopUpKWh).toBeCloseTo(45, 12);
    expect(excessReleaseKWh).toBe(0);
  });

  it("tops up even a pool that the seeds drove negative", () => {
    // pool 0 − seed 0.1×1000 = −100; floor 0.1×0 = 0 → top-up 100
    const lossless = spec({ energyKWh: 1000, socMin: 0.1 });
    const { state, floorTopUpKWh } = openPartitions(lossless, stateOf([], 0), [
      { tenant: "a", rentedEnergyKWh: 1000, rentedPowerKW: 10 },
    ]);
    expect(state.unrentedStoredKWh).toBe(0);
    expect(floorTopUpKWh).toBeCloseTo(100, 12);
  });

  it("refuses a tenant twice, naming it", () => {
    expect(() =>
      openPartitions(battery, initialStorageState(battery), [
        { tenant: "a", rentedEnergyKWh: 1, rentedPowerKW: 1 },
        { tenant: "a", rentedEnergyKWh: 2, rentedPowerKW: 1 },
      ]),
    ).toThrow(/tenant "a" has more than one contract/);
  });

  it.each([
    ["rentedEnergyKWh", -1, 1],
    ["rentedEnergyKWh", Number.NaN, 1],
    ["rentedPowerKW", 1, Number.POSITIVE_INFINITY],
    ["rentedPowerKW", 1, -0.5],
  ])("refuses %s that is not finite ≥ 0 (%s, %s)", (field, e, p) => {
    expect(() =>
      openPartitions(battery, initialStorageState(battery), [{ tenant: "x", rentedEnergyKWh: e, rentedPowerKW: p }]),
    ).toThrow(new RegExp(`tenant "x" ${field} must be a finite number ≥ 0`));
  });

  it("refuses ΣE_i > E^max in both modes", () => {
    for (const mode of ["pooled", "partitioned"] as const) {
      const b = { ...battery, mode };
      expect(() =>
        openPartitions(b, initialStorageState(b), [
          { tenant: "a", rentedEnergyKWh: 600, rentedPowerKW: 1 },
          { tenant: "b", rentedEnergyKWh: 401, rentedPowerKW: 1 },
        ]),
      ).toThrow(/ΣE_i = 1001 kWh exceeds E\^max = 1000 kWh/);
    }
  });

  it("refuses ΣP_i > P^max only in partitioned mode (pooled may oversell power)", () => {
    const contracts = [
      { tenant: "a", rentedEnergyKWh: 100, rentedPowerKW: 600 },
      { tenant: "b", rentedEnergyKWh: 100, rentedPowerKW: 500 },
    ];
    const partitioned = { ...battery, powerKW: 200, mode: "partitioned" as const };
    expect(() => openPartitions(partitioned, initialStorageState(partitioned), contracts)).toThrow(
      /ΣP_i = 1100 kW exceeds P\^max = 200 kW \(partitioned mode\)/,
    );
    const pooled = { ...partitioned, mode: "pooled" as const };
    expect(openPartitions(pooled, initialStorageState(pooled), contracts).state.partitions).toHaveLength(2);
  });

  it("accepts a whole battery handed out in pieces that overshoot only by rounding", () => {
    // seven shares of 1000/7 sum to 1000.0000000000001 in floating point
    const b = spec({ energyKWh: 1000 });
    const shares = Array.from({ length: 7 }, (_, i) => ({ tenant: `t${i}`, rentedEnergyKWh: 1000 / 7, rentedPowerKW: 0 }));
    expect(shares.reduce((sum, c) => sum + c.rentedEnergyKWh, 0)).toBeGreaterThan(1000);
    expect(() => openPartitions(b, initialStorageState(b), shares)).not.toThrow();
  });

  it("never mutates its inputs", () => {
    const s = Object.freeze(stateOf([Object.freeze(part("z", 100, 10, 50))], 10));
    const contracts = Object.freeze([Object.freeze({ tenant: "y", rentedEnergyKWh: 10, rentedPowerKW: 1 })]);
    expect(() => openPartitions(battery, s, contracts)).not.toThrow();
    expect(s.partitions[0]!.storedKWh).toBe(50);
  });
});

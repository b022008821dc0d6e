import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InputError } from "../../src/core/errors.js";
import { axisValues, defaultSizeGrid, gridSizes, parseSizeGrid, refineAxis, stepAround } from "../../src/lab/plan/size-grid.js";
import { bestIndex, searchSizes } from "../../src/lab/plan/search.js";
import { resolvePlanRequest } from "../../src/lab/plan/plan-request.js";
import type { BatterySize } from "../../src/agents/storage-provider.js";

const DEFAULTS = defaultSizeGrid({ energyKWh: 4000, powerKW: 1000 });

/** The InputError a call throws, as "path: expected" lines. */
function issuesOf(call: () => unknown): string[] {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((i) => `${i.path}: ${i.expected}`);
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("the --grid parser, golden", () => {
  it("reads from:to:points on both axes", () => {
    const grid = parseSizeGrid("E=0:8000:9,P=0:2000:9", DEFAULTS);
    expect(grid).toEqual({ energyKWh: { from: 0, to: 8000, points: 9 }, powerKW: { from: 0, to: 2000, points: 9 } });
    expect(axisValues(grid.energyKWh)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
    expect(axisValues(grid.powerKW)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it("reads lists (a bare number adds to the axis before it), a fixed axis, repeated flags and lower-case names", () => {
    expect(parseSizeGrid("E=4000,1000,2000,P=500", DEFAULTS)).toEqual({ energyKWh: { values: [4000, 1000, 2000] }, powerKW: { values: [500] } });
    expect(axisValues({ values: [4000, 1000, 2000] })).toEqual([1000, 2000, 4000]);
    expect(parseSizeGrid(["e=100:300:3", "p=10"], DEFAULTS)).toEqual({ energyKWh: { from: 100, to: 300, points: 3 }, powerKW: { values: [10] } });
  });

  it("takes an axis left out from the default: 0 to twice the scenario's rating in 5 points", () => {
    const grid = parseSizeGrid("P=100,200", DEFAULTS);
    expect(grid.energyKWh).toEqual({ from: 0, to: 8000, points: 5 });
    expect(axisValues(grid.energyKWh)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(axisValues(DEFAULTS.powerKW)).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it("snaps points to 12 significant digits, so thirds read the same however they are reached", () => {
    expect(axisValues({ from: 0, to: 1, points: 4 })).toEqual([0, 0.333333333333, 0.666666666667, 1]);
  });

  it("orders the grid's sizes by E, then P", () => {
    expect(gridSizes([0, 10], [1, 2])).toEqual([
      { energyKWh: 0, powerKW: 1 },
      { energyKWh: 0, powerKW: 2 },
      { energyKWh: 10, powerKW: 1 },
      { energyKWh: 10, powerKW: 2 },
    ]);
  });
});

describe("the --grid parser, bad input", () => {
  const cases: [string, string][] = [
    ["", "--grid: E=from:to:points or E=value[,value…] (kWh), then P=… (kW), e.g. E=0:8000:9,P=0:2000:9; got \"\""],
    ["X=1:2:3", '--grid: axes E=… (kWh) and P=… (kW), got "X="'],
    ["E=1:2:3,E=4", "--grid: each axis once, got E= twice"],
    ["1000,E=5", '--grid: E=from:to:points or E=value[,value…] (kWh), then P=… (kW), e.g. E=0:8000:9,P=0:2000:9; got "1000"'],
    ["E=-5", '--grid: E: sizes are numbers ≥ 0 (kWh), got "-5"'],
    ["P=abc", '--grid: P: sizes are numbers ≥ 0 (kW), got "abc"'],
    ["E=0:100:1", '--grid: E=from:to:points: points a whole number from 2 to 100, got "1"'],
    ["E=0:100:2.5", '--grid: E=from:to:points: points a whole number from 2 to 100, got "2.5"'],
    ["E=100:0:3", "--grid: E=from:to:points: to above from, got 100:0:3"],
    ["E=0:100", '--grid: E=from:to:points (three numbers), got "0:100"'],
    ["E=1,1", "--grid: E: distinct values, got 1,1"],
    ["E=0:1:100,P=0:1:11", "--grid: at most 1,000 sizes on the coarse grid (each is a simulation), got 1,100"],
  ];
  for (const [text, expected] of cases) {
    it(`refuses "${text}"`, () => expect(issuesOf(() => parseSizeGrid(text, DEFAULTS))).toEqual([expected]));
  }
});

describe("the plan request", () => {
  it("fills in the defaults", () => {
    expect(resolvePlanRequest({ scenario: "microgrids" })).toEqual({ scenario: "microgrids", objective: "provider-npv", keepLogs: false });
  });

  it("names the flag of every bad field", () => {
    expect(issuesOf(() => resolvePlanRequest({ objective: "profit" }))[0]).toMatch(/^--objective: /);
    expect(issuesOf(() => resolvePlanRequest({ refine: -1 }))[0]).toMatch(/^--refine: /);
    expect(issuesOf(() => resolvePlanRequest({ allocate: "banzhaf", objective: "welfare" }))[0]).toMatch(/^--allocate: /);
    expect(issuesOf(() => resolvePlanRequest({ grids: "E=1" }))).toEqual(["(plan request): no such field (unknown: grids)"]);
  });

  it("refuses combinations that mean nothing", () => {
    expect(issuesOf(() => resolvePlanRequest({ allocate: "shapley" }))).toEqual([
      "--allocate: the joint investment is allocated at the welfare-optimal size: add --objective welfare (got --objective provider-npv)",
    ]);
    expect(issuesOf(() => resolvePlanRequest({ objective: "welfare", grid: "E=1" }))[0]).toMatch(/^--grid: the welfare objective is sized by the sizing LP/);
    expect(issuesOf(() => resolvePlanRequest({ objective: "welfare", refine: 1 }))[0]).toMatch(/^--refine: the welfare objective/);
  });
});

describe("the refinement rule", () => {
  it("spans both neighbouring cells of the best value at half the step", () => {
    expect(refineAxis([0, 10, 20, 30, 40], 20)).toEqual([10, 15, 20, 25, 30]);
    expect(refineAxis([0, 10, 20, 30, 40], 0)).toEqual([0, 5, 10]);
    expect(refineAxis([0, 10, 20, 30, 40], 40)).toEqual([30, 35, 40]);
    expect(refineAxis([1000, 2000, 4000], 2000)).toEqual([1000, 1500, 2000, 3000, 4000]);
    expect(refineAxis([500], 500)).toEqual([500]);
    expect(stepAround([10, 15, 20, 25, 30], 20)).toBe(5);
    expect(stepAround([500], 500)).toBe(0);
  });

  it("breaks ties toward the smaller (cheaper) size", () => {
    const points = [
      { size: { energyKWh: 20, powerKW: 5 }, round: 0, result: 1 },
      { size: { energyKWh: 10, powerKW: 5 }, round: 0, result: 1 + 1e-12 },
      { size: { energyKWh: 10, powerKW: 2 }, round: 0, result: null },
    ];
    expect(bestIndex(points, (r) => r)).toBe(1);
    expect(bestIndex([points[2]!], (r) => r)).toBeNull();
  });
});

/** The exhaustive grid at the search's final resolution: from + (to − from)·k/(n − 1)·2^−rounds. */
function exhaustive(from: BatterySize, to: BatterySize, points: number, rounds: number): { energyKWh: number[]; powerKW: number[] } {
  const fine = (points - 1) * 2 ** rounds + 1;
  return {
    energyKWh: axisValues({ from: from.energyKWh, to: to.energyKWh, points: fine }),
    powerKW: axisValues({ from: from.powerKW, to: to.powerKW, points: fine }),
  };
}

describe("the search on known objectives (fast-check)", () => {
  it("on a separable concave objective, finds the best size of the exhaustive grid at its final resolution", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        async (e0, p0, ratio, points, rounds) => {
          const f = (s: BatterySize) => -((s.energyKWh - e0) ** 2) - ratio * (s.powerKW - p0) ** 2;
          const coarse = { energyKWh: axisValues({ from: 0, to: 100, points }), powerKW: axisValues({ from: 0, to: 50, points }) };
          const found = await searchSizes(coarse, rounds, async (sizes) => sizes.map(f), (v) => v);
          const grid = exhaustive({ energyKWh: 0, powerKW: 0 }, { energyKWh: 100, powerKW: 50 }, points, rounds);
          const all = gridSizes(grid.energyKWh, grid.powerKW);
          const best = Math.max(...all.map(f));
          const chosen = found.evaluated[found.best!]!;
          // Every size the search asks for is on the fine grid (up to the 12-digit snapping of thirds), and the best it finds is the grid's best.
          const on = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
          for (const e of found.evaluated) expect(all.some((s) => on(s.energyKWh, e.size.energyKWh) && on(s.powerKW, e.size.powerKW))).toBe(true);
          expect(chosen.result).toBeGreaterThanOrEqual(best - 1e-9 * Math.max(1, Math.abs(best)));
          expect(found.evaluated.length).toBeLessThanOrEqual(points * points + 16 * rounds);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("evaluates no size twice and asks round by round in a deterministic order", async () => {
    const asked: BatterySize[][] = [];
    const f = (s: BatterySize) => -Math.abs(s.energyKWh - 33) - Math.abs(s.powerKW - 7);
    const run = () =>
      searchSizes({ energyKWh: [0, 50, 100], powerKW: [0, 10, 20] }, 4, async (sizes) => {
        asked.push([...sizes]);
        return sizes.map(f);
      }, (v) => v);
    const first = await run();
    const keys = first.evaluated.map((e) => `${e.size.energyKWh}|${e.size.powerKW}`);
    expect(new Set(keys).size).toBe(keys.length);
    const again = await run();
    expect(again.evaluated.map((e) => e.size)).toEqual(first.evaluated.map((e) => e.size));
    // By hand: E 50 → 25 → 37.5 → 31.25 → 34.375 and P 10 → 5 → 7.5 → 7.5 → 6.875, each round on the cells around the last best.
    expect(first.evaluated[first.best!]!.size).toEqual({ energyKWh: 34.375, powerKW: 6.875 });
    expect(first.resolution).toEqual({ energyKWh: 3.125, powerKW: 0.625 });
    expect(first.rounds.map((r) => r.round)).toEqual([0, 1, 2, 3, 4]);
  });
});

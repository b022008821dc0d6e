import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InputError } from "../../src/core/errors.js";
import type { ResultsTable } from "../../src/lab/compare-experiment.js";
import { differencesAgainst, experimentSeeds } from "../../src/lab/paired-differences.js";

const columns: ResultsTable["columns"] = [
  { name: "runId", type: "string" },
  { name: "pointId", type: "string" },
  { name: "replicate", type: "number" },
  { name: "seed", type: "string" },
  { name: "status", type: "string" },
  { name: "market.rental.mechanism", type: "string" },
  { name: "storage.economics.capexPerKWh", type: "number" },
  { name: "systemCost", type: "number" },
  { name: "npv", type: "number" },
];

function row(mechanism: string, capex: number, r: number, systemCost: number | null, npv: number | null = 0, status = "complete"): unknown[] {
  const pointId = `p-${mechanism}-${capex}`;
  return [`${pointId}-r${r}`, pointId, r, `seed${r}`, status, mechanism, capex, systemCost, npv];
}

// Two groups × 3 replicates, by hand. posted: 100, 110, 130; uniform: 90, 104, 118.
// Paired differences (uniform − posted): −10, −6, −12 → mean −28/3, sd √(28/3), ± 4.303·sd/√3.
const golden: ResultsTable = {
  columns,
  rows: [
    row("posted", 900, 0, 100),
    row("posted", 900, 1, 110),
    row("posted", 900, 2, 130),
    row("uniform", 900, 0, 90),
    row("uniform", 900, 1, 104),
    row("uniform", 900, 2, 118),
  ],
};

const issuesOf = (f: () => unknown): { path: string; expected: string }[] => {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
  throw new Error("expected an InputError");
};

describe("differencesAgainst, paired by replicate (common seeds)", () => {
  it("the golden case: 3 replicates, 2 groups", () => {
    const d = differencesAgainst(golden, { against: ["market.rental.mechanism=posted"], seeds: "common", metrics: ["systemCost"] });
    expect(d.pairing).toBe("paired");
    expect(d.by).toEqual(["market.rental.mechanism", "storage.economics.capexPerKWh"]);
    expect(d.reference.key).toEqual({ "market.rental.mechanism": "posted", "storage.economics.capexPerKWh": 900 });
    expect(d.reference.metrics["systemCost"]!.mean).toBeCloseTo(340 / 3, 12);
    expect(d.groups).toHaveLength(1);
    const [uniform] = d.groups;
    expect(uniform!.key["market.rental.mechanism"]).toBe("uniform");
    expect(uniform!.pairs).toBe(3);
    const cost = uniform!.differences["systemCost"]!;
    const half = (4.303 * Math.sqrt(28 / 3)) / Math.sqrt(3);
    expect(cost.n).toBe(3);
    expect(cost.mean).toBeCloseTo(-28 / 3, 12);
    expect(cost.low).toBeCloseTo(-28 / 3 - half, 9);
    expect(cost.high).toBeCloseTo(-28 / 3 + half, 9);
    expect(cost.df).toBe(2);
  });

  it("pairs only the replicates both groups completed; a failed run is left out", () => {
    const table: ResultsTable = {
      columns,
      rows: [...golden.rows.slice(0, 3), row("uniform", 900, 0, 90), row("uniform", 900, 1, 1e9, 0, "failed"), row("uniform", 900, 2, 118)],
    };
    const [uniform] = differencesAgainst(table, { against: true, seeds: "common", metrics: ["systemCost"] }).groups;
    expect(uniform!.n).toBe(2);
    expect(uniform!.excluded).toBe(1);
    expect(uniform!.pairs).toBe(2);
    // −10 and −12: mean −11, sd √2, ± 12.706·√2/√2.
    expect(uniform!.differences["systemCost"]!.mean).toBeCloseTo(-11, 12);
    expect(uniform!.differences["systemCost"]!.high).toBeCloseTo(-11 + 12.706, 9);
  });

  it("one pair: the difference and no interval; a metric without values: no difference", () => {
    const table: ResultsTable = { columns, rows: [row("posted", 900, 0, 100, null), row("uniform", 900, 0, 90, null)] };
    const [uniform] = differencesAgainst(table, { against: ["p-posted-900"], seeds: "common" }).groups;
    expect(uniform!.differences["systemCost"]).toEqual({ n: 1, nReference: 1, mean: -10, low: null, high: null, df: null });
    expect(uniform!.differences["npv"]!.mean).toBeNull();
  });

  it("grouped by fewer columns than swept: a group's value at replicate r is the mean of its runs at r", () => {
    // capex 900 and 1200 pooled per mechanism; posted at 1200 costs 10 more, uniform at 1200 costs 20 more.
    const table: ResultsTable = {
      columns,
      rows: [...golden.rows, ...[100, 110, 130].map((c, r) => row("posted", 1200, r, c + 10)), ...[90, 104, 118].map((c, r) => row("uniform", 1200, r, c + 20))],
    };
    const d = differencesAgainst(table, { by: ["market.rental.mechanism"], against: ["market.rental.mechanism=posted"], seeds: "common", metrics: ["systemCost"] });
    // Per replicate: (−10 + 0)/2, (−6 + 4)/2, (−12 + −2)/2 = −5, −1, −7 → mean −13/3.
    expect(d.groups[0]!.differences["systemCost"]!.mean).toBeCloseTo(-13 / 3, 12);
    expect(d.groups[0]!.differences["systemCost"]!.n).toBe(3);
    expect(d.reference.pointIds).toEqual(["p-posted-900", "p-posted-1200"]);
  });

  it("property: a constant effect at every replicate is found exactly, with an interval of width 0, whatever the noise", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 2, maxLength: 12 }), fc.integer({ min: -1000, max: 1000 }), (noise, effect) => {
        const table: ResultsTable = { columns, rows: [...noise.map((x, r) => row("a", 1, r, x)), ...noise.map((x, r) => row("b", 1, r, x + effect))] };
        const diff = differencesAgainst(table, { against: ["market.rental.mechanism=a"], seeds: "common", metrics: ["systemCost"] }).groups[0]!.differences["systemCost"]!;
        expect(diff.mean).toBe(effect);
        expect(diff.low).toBe(effect);
        expect(diff.high).toBe(effect);
      }),
    );
  });
});

describe("differencesAgainst, unpaired (independent seeds)", () => {
  it("the golden table: difference of the means with Welch's interval", () => {
    const d = differencesAgainst(golden, { against: ["market.rental.mechanism=posted"], seeds: "independent", metrics: ["systemCost"] });
    expect(d.pairing).toBe("unpaired");
    const [uniform] = d.groups;
    expect(uniform!.pairs).toBeNull();
    const cost = uniform!.differences["systemCost"]!;
    // Means 104 and 340/3; variances 196 and 700/3 → se² = 196/3 + 700/9, df 3.97 → t_{0.975,3} = 3.182.
    const se = Math.sqrt(196 / 3 + 700 / 9);
    expect(cost.mean).toBeCloseTo(104 - 340 / 3, 12);
    expect(cost.high! - cost.mean!).toBeCloseTo(3.182 * se, 9);
    expect(cost.df).toBeCloseTo(3.97, 2);
    expect([cost.n, cost.nReference]).toEqual([3, 3]);
  });

  it("one run on a side: no interval", () => {
    const table: ResultsTable = { columns, rows: [...golden.rows.slice(0, 3), row("uniform", 900, 0, 90)] };
    const cost = differencesAgainst(table, { against: true, seeds: "independent", metrics: ["systemCost"] }).groups[0]!.differences["systemCost"]!;
    expect(cost).toEqual({ n: 1, nReference: 3, mean: 90 - 340 / 3, low: null, high: null, df: null });
  });
});

describe("the reference POINT", () => {
  const grid: ResultsTable = {
    columns,
    rows: ["posted", "uniform"].flatMap((m) => [900, 1200].map((capex) => row(m, capex, 0, capex / 10))),
  };
  const against = (...selector: string[]) => () => differencesAgainst(grid, { against: selector, seeds: "common", metrics: ["systemCost"] });

  it("selects by pointId, by path=value pairs (comma-separated or repeated, numbers as numbers), or the first group", () => {
    expect(against("p-uniform-900")().reference.key).toEqual({ "market.rental.mechanism": "uniform", "storage.economics.capexPerKWh": 900 });
    expect(against("market.rental.mechanism=uniform,storage.economics.capexPerKWh=1200")().reference.pointIds).toEqual(["p-uniform-1200"]);
    expect(against("market.rental.mechanism=uniform", "storage.economics.capexPerKWh=1200.0")().reference.pointIds).toEqual(["p-uniform-1200"]);
    expect(differencesAgainst(grid, { against: true, seeds: "common" }).reference.pointIds).toEqual(["p-posted-900"]);
    expect(against("p-uniform-900")().groups).toHaveLength(3);
  });

  it("a POINT that matches no group is an input error at --against listing the groups", () => {
    for (const selector of [["p-vcg-900"], ["market.rental.mechanism=vcg"]]) {
      const [issue] = issuesOf(against(...selector));
      expect(issue!.path).toBe("--against");
      expect(issue!.expected).toContain("market.rental.mechanism=posted, storage.economics.capexPerKWh=900 (p-posted-900)");
      expect(issue!.expected).toContain("p-uniform-1200");
    }
  });

  it("a POINT that matches several groups is an input error naming them", () => {
    const [issue] = issuesOf(against("market.rental.mechanism=posted"));
    expect(issue!.path).toBe("--against");
    expect(issue!.expected).toMatch(/matches 2: .*p-posted-900.*p-posted-1200/);
  });

  it("a path that is not a grouping column, mixed forms, two values for one path: input errors", () => {
    expect(issuesOf(against("market.energy.mechanism=uniform"))[0]!.expected).toMatch(/grouping columns \(market\.rental\.mechanism, storage\.economics\.capexPerKWh\)/);
    expect(issuesOf(against("p-posted-900,market.rental.mechanism=posted"))[0]!.path).toBe("--against");
    expect(issuesOf(against("market.rental.mechanism=posted", "market.rental.mechanism=uniform"))[0]!.expected).toMatch(/one value per path/);
    expect(issuesOf(against(""))[0]!.path).toBe("--against");
  });

  it("a pointId needs a pointId column; pairing needs a replicate column", () => {
    const bare: ResultsTable = { columns: [columns[4]!, columns[5]!, columns[7]!], rows: [["complete", "posted", 1], ["complete", "uniform", 2]] };
    expect(issuesOf(() => differencesAgainst(bare, { against: ["p123"], seeds: "independent" }))[0]!.expected).toMatch(/no pointId column/);
    expect(issuesOf(() => differencesAgainst(bare, { against: true, seeds: "common" }))[0]!.path).toBe("replicate");
    expect(differencesAgainst(bare, { against: ["market.rental.mechanism=uniform"], seeds: "independent" }).groups[0]!.differences["systemCost"]!.mean).toBe(-1);
  });
});

describe("experimentSeeds", () => {
  it("reads experiment.json; per-point (older folders) is independent", () => {
    expect(experimentSeeds({ experiment: { seeds: "common" } }, golden)).toEqual({ seeds: "common", source: "experiment.json" });
    expect(experimentSeeds({ experiment: { seeds: "independent" } }, golden).seeds).toBe("independent");
    expect(experimentSeeds({ experiment: { seeds: "per-point" } }, golden)).toEqual({ seeds: "independent", source: "experiment.json" });
  });

  it("without experiment.json, reads the seed column: one seed per replicate index is common", () => {
    expect(experimentSeeds(null, golden)).toEqual({ seeds: "common", source: "seed column" });
    const independent: ResultsTable = { columns, rows: golden.rows.map((r, i) => [...(r as unknown[]).slice(0, 3), `s${i}`, ...(r as unknown[]).slice(4)]) };
    expect(experimentSeeds(null, independent)).toEqual({ seeds: "independent", source: "seed column" });
    expect(experimentSeeds(null, { columns: [columns[4]!], rows: [["complete"]] })).toEqual({ seeds: "independent", source: "unknown" });
  });
});

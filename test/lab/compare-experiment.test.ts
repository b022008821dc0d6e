import { describe, expect, it } from "vitest";
import { compareExperiment, comparisonJson, groupRuns, parseResultsTable, sweptColumns, type ResultsTable } from "../../src/lab/compare-experiment.js";
import { InputError } from "../../src/core/errors.js";

const T2 = 4.303; // t_{0.975} with 2 degrees of freedom: 3 replicates.

const columns: ResultsTable["columns"] = [
  { name: "runId", type: "string" },
  { name: "pointId", type: "string" },
  { name: "replicate", type: "number" },
  { name: "seed", type: "string" },
  { name: "status", type: "string" },
  { name: "market.rental.mechanism", type: "string" },
  { name: "storage.economics.capexPerKWh", type: "number" },
  { name: "systemCost", type: "number" },
  { name: "welfareGain", type: "number" },
  { name: "efficiency", type: "number" },
  { name: "providerProfit", type: "number" },
  { name: "npv", type: "number" },
  { name: "noStorageCost", type: "number" },
  { name: "ownBatteryCost", type: "number" },
  { name: "centralOptimumCost", type: "number" },
  { name: "viable", type: "boolean" },
];

/** One row in column order. */
function row(mechanism: string, r: number, status: string, systemCost: number | null, efficiency: number | null, viable: boolean | null): unknown[] {
  return [`p-${mechanism}-r${r}`, `p-${mechanism}`, r, `s${r}`, status, mechanism, 900, systemCost, 300 - (systemCost ?? 0), efficiency, 10 * r, -5 + r, 300, 250, 80, viable];
}

// posted: 100, 110, 120 → mean 110, sd 10; uniform: 200 ×3 → sd 0; vcg: 90, 96, 102 → mean 96, sd 6,
// plus a failed vcg run with an absurd cost that must not count.
const table: ResultsTable = {
  columns,
  rows: [
    row("posted", 0, "complete", 100, 0.5, true),
    row("posted", 1, "complete", 110, 0.6, false),
    row("posted", 2, "complete", 120, null, true),
    row("uniform", 0, "complete", 200, 0.9, false),
    row("uniform", 1, "complete", 200, 0.9, false),
    row("uniform", 2, "complete", 200, 0.9, false),
    row("vcg", 0, "complete", 90, 0.7, true),
    row("vcg", 1, "failed", 1e9, null, null),
    row("vcg", 1, "complete", 96, 0.7, true),
    row("vcg", 2, "complete", 102, 0.7, true),
  ],
};

describe("compareExperiment", () => {
  it("groups by every dotted column by default, in the order groups first appear", () => {
    const c = compareExperiment(table);
    expect(c.by).toEqual(["market.rental.mechanism", "storage.economics.capexPerKWh"]);
    expect(c.metrics).toEqual(["systemCost", "welfareGain", "efficiency", "providerProfit", "npv"]);
    expect(c.groups.map((g) => g.key)).toEqual([
      { "market.rental.mechanism": "posted", "storage.economics.capexPerKWh": 900 },
      { "market.rental.mechanism": "uniform", "storage.economics.capexPerKWh": 900 },
      { "market.rental.mechanism": "vcg", "storage.economics.capexPerKWh": 900 },
    ]);
  });

  it("means and 95 % t-intervals by hand (3 replicates: ± 4.303·sd/√3)", () => {
    const [posted, uniform, vcg] = compareExperiment(table, { by: ["market.rental.mechanism"] }).groups;
    const cost = posted!.metrics["systemCost"]!;
    expect(cost.n).toBe(3);
    expect(cost.mean).toBeCloseTo(110, 12);
    expect(cost.high - cost.mean).toBeCloseTo((T2 * 10) / Math.sqrt(3), 9);
    expect(cost.low).toBeCloseTo(110 - (T2 * 10) / Math.sqrt(3), 9);
    expect(posted!.metrics["welfareGain"]!.mean).toBeCloseTo(190, 12);
    // providerProfit = 10·r: 0, 10, 20 → mean 10, sd 10.
    expect(posted!.metrics["providerProfit"]!.mean).toBeCloseTo(10, 12);
    expect(uniform!.metrics["systemCost"]).toEqual({ n: 3, mean: 200, sd: 0, low: 200, high: 200 });
    const vcgCost = vcg!.metrics["systemCost"]!;
    expect(vcgCost.mean).toBeCloseTo(96, 12);
    expect(vcgCost.high - vcgCost.mean).toBeCloseTo((T2 * 6) / Math.sqrt(3), 9);
  });

  it("leaves failed runs out, and nulls out of the metric they are missing from", () => {
    const [posted, , vcg] = compareExperiment(table, { by: ["market.rental.mechanism"] }).groups;
    expect(vcg!.n).toBe(3);
    expect(vcg!.excluded).toBe(1);
    expect(vcg!.metrics["systemCost"]!.high).toBeLessThan(200);
    expect(posted!.metrics["efficiency"]!.n).toBe(2);
    expect(posted!.metrics["efficiency"]!.mean).toBeCloseTo(0.55, 12);
  });

  it("baselines beside each group; booleans as shares", () => {
    const [posted] = compareExperiment(table, { by: ["market.rental.mechanism"], metrics: ["viable"] }).groups;
    expect(posted!.baselines).toEqual({ noStorageCost: 300, ownBatteryCost: 250, centralOptimumCost: 80, optimalCentralCost: null });
    expect(posted!.metrics["viable"]!.mean).toBeCloseTo(2 / 3, 12);
  });

  it("reads rows keyed by column name as well as positional rows", () => {
    const names = columns.map((c) => c.name);
    const keyed: ResultsTable = { columns, rows: table.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, (r as unknown[])[i]]))) };
    expect(compareExperiment(keyed)).toEqual(compareExperiment(table));
  });

  it("swept columns: between status and systemCost, not an extra dotted metric after the metrics", () => {
    expect(sweptColumns(["runId", "status", "market.rental.mechanism", "seedless", "systemCost", "npv", "provider.profit"])).toEqual(["market.rental.mechanism", "seedless"]);
    // Without the experiment layout, the dotted names.
    expect(sweptColumns(["status", "a.b", "npv"])).toEqual(["a.b"]);
    expect(sweptColumns(["status", "systemCost"])).toEqual([]);
  });

  it("no swept column: one group of everything", () => {
    const flat: ResultsTable = {
      columns: [
        { name: "status", type: "string" },
        { name: "npv", type: "number" },
      ],
      rows: [
        ["complete", 1],
        ["complete", 3],
      ],
    };
    const c = compareExperiment(flat);
    expect(c.by).toEqual([]);
    expect(c.metrics).toEqual(["npv"]);
    expect(c.groups).toHaveLength(1);
    expect(c.groups[0]!.metrics["npv"]!.mean).toBe(2);
  });

  it("unknown --by or --metrics columns are input errors listing what exists", () => {
    const by = () => compareExperiment(table, { by: ["market.energy.mechanism"] });
    expect(by).toThrow(InputError);
    expect(by).toThrow(/--by: .*market\.energy\.mechanism.*the table has runId, pointId/);
    const metrics = () => compareExperiment(table, { metrics: ["profit"] });
    expect(metrics).toThrow(/--metrics: .*profit.*the table has replicate/);
    // A string column cannot be averaged.
    expect(() => compareExperiment(table, { metrics: ["seed"] })).toThrow(/--metrics/);
  });

  it("as JSON, a group of one run has its mean and null bounds — no [x, x]", () => {
    const one: ResultsTable = { columns, rows: [row("posted", 0, "complete", 100, 0.5, true), row("uniform", 0, "complete", 200, 0.9, false), row("uniform", 1, "complete", 210, 0.9, false)] };
    const c = compareExperiment(one, { by: ["market.rental.mechanism"], metrics: ["systemCost"] });
    // The library's MeanInterval keeps low = high = mean for its existing readers ...
    expect(c.groups[0]!.metrics["systemCost"]).toEqual({ n: 1, mean: 100, sd: 0, low: 100, high: 100 });
    // ... what is written out does not claim an interval.
    const json = JSON.parse(JSON.stringify(comparisonJson(c)));
    expect(json.groups[0].metrics.systemCost).toEqual({ n: 1, mean: 100, sd: null, low: null, high: null });
    expect(json.groups[1].metrics.systemCost.low).toBeCloseTo(205 - (12.706 * Math.sqrt(50)) / Math.SQRT2, 9);
    expect(json.groups[0].baselines).toEqual(c.groups[0]!.baselines);
  });

  it("groupRuns keeps each group's pointIds, complete rows and the count left out", () => {
    const { groups } = groupRuns(table, { by: ["market.rental.mechanism"] });
    expect(groups.map((g) => g.pointIds)).toEqual([["p-posted"], ["p-uniform"], ["p-vcg"]]);
    expect(groups[2]!.rows).toHaveLength(3);
    expect(groups[2]!.excluded).toBe(1);
  });

  it("parseResultsTable rejects what is not a table, naming the source", () => {
    expect(parseResultsTable(table, "x")).toBe(table);
    expect(() => parseResultsTable({ rows: [] }, "out/results.json")).toThrow(/out\/results\.json/);
    expect(() => parseResultsTable(null, "f")).toThrow(InputError);
  });
});

import { InputError } from "../core/errors.js";
import { meanEstimate, meanInterval, type MeanEstimate, type MeanInterval } from "./statistics.js";
import { STANDARD_METRICS } from "./experiment/results-table.js";

/**
 * Comparing the points of an experiment (docs/experiments.md): the results table's runs are
 * grouped by swept columns (a mechanism, a capex level …) and each metric is summarised over a
 * group's replicates by its mean and 95 % interval. Only complete runs count: a failed run's
 * metrics are partial or absent, and averaging them in would bias the group.
 */

/** One column of results.json. */
export interface ResultsColumn {
  readonly name: string;
  readonly type: "string" | "number" | "boolean";
}

/** A row of results.json: positional (in column order) or keyed by column name. */
export type ResultsRow = readonly unknown[] | Readonly<Record<string, unknown>>;

/** results.json: `{ columns: [{name, type}], rows: [...] }`. */
export interface ResultsTable {
  readonly columns: readonly ResultsColumn[];
  readonly rows: readonly ResultsRow[];
}

/** The metrics compared when none are named. */
export const DEFAULT_COMPARE_METRICS: readonly string[] = ["systemCost", "welfareGain", "efficiency", "providerProfit", "npv"];

/** Baseline columns shown beside every group (their means over the group's complete runs). */
export const BASELINE_COLUMNS: readonly string[] = ["noStorageCost", "ownBatteryCost", "centralOptimumCost", "optimalCentralCost"];

/** What to compare: the grouping columns and the metric columns. */
export interface CompareOptions {
  /** Grouping columns; default: the swept columns (see {@link sweptColumns}). */
  readonly by?: readonly string[];
  /** Metric columns; default {@link DEFAULT_COMPARE_METRICS} (those the table has). */
  readonly metrics?: readonly string[];
}

/** One group: the values of its grouping columns and its metrics over its complete runs. */
export interface GroupSummary {
  /** Grouping column → the group's value, in `by` order. */
  readonly key: Readonly<Record<string, unknown>>;
  /** Complete runs in the group. */
  readonly n: number;
  /** Runs left out because their status is not "complete". */
  readonly excluded: number;
  /**
   * Metric → mean and 95 % interval over the complete runs where it has a value (its own n:
   * a null, e.g. efficiency without a bound, is left out). Booleans count as 1/0, so their
   * mean is the share of runs where they hold.
   */
  readonly metrics: Readonly<Record<string, MeanInterval>>;
  /** Baseline column → its mean over the complete runs; null when the table lacks it or has no value. */
  readonly baselines: Readonly<Record<string, number | null>>;
}

/** The comparison of an experiment's groups. */
export interface ExperimentComparison {
  readonly by: readonly string[];
  readonly metrics: readonly string[];
  /** In the order groups first appear in the table (the experiment's expansion order). */
  readonly groups: readonly GroupSummary[];
}

/**
 * Checks that parsed JSON is a results table; `source` names the file in the error.
 * Only the shape is checked: values are checked where they are used.
 */
export function parseResultsTable(json: unknown, source: string): ResultsTable {
  const table = json as Partial<ResultsTable> | null;
  const columnsOk =
    Array.isArray(table?.columns) &&
    table.columns.every((c: unknown) => typeof (c as ResultsColumn | null)?.name === "string" && ["string", "number", "boolean"].includes((c as ResultsColumn).type));
  const rowsOk = Array.isArray(table?.rows) && table.rows.every((r: unknown) => typeof r === "object" && r !== null);
  if (!columnsOk || !rowsOk) throw new InputError({ path: source, expected: "a results table { columns: [{name, type}], rows: [...] }" });
  return table as ResultsTable;
}

/** A row of the results table keyed by column name. */
export type ResultsRecord = Readonly<Record<string, unknown>>;

/** One group of runs before it is summarised: its key, its complete runs and what was left out. */
export interface RunGroup {
  /** Grouping column → the group's value, in `by` order. */
  readonly key: Readonly<Record<string, unknown>>;
  /** The group's complete runs, keyed by column name, in table order. */
  readonly rows: readonly ResultsRecord[];
  /** Runs left out because their status is not "complete". */
  readonly excluded: number;
  /** The pointIds of every run in the group (complete or not), first seen first; empty without a pointId column. */
  readonly pointIds: readonly string[];
}

/** The table's runs grouped by the grouping columns, with the metric columns to summarise them by. */
export interface GroupedRuns {
  readonly by: readonly string[];
  readonly metrics: readonly string[];
  /** In the order groups first appear in the table (the experiment's expansion order). */
  readonly groups: readonly RunGroup[];
}

/**
 * Groups the table's runs by `options.by` (default: the swept columns) and checks the grouping
 * and metric columns exist — the first half of every comparison of an experiment.
 */
export function groupRuns(table: ResultsTable, options: CompareOptions = {}): GroupedRuns {
  const names = table.columns.map((c) => c.name);
  const by = options.by ?? sweptColumns(names);
  const metrics = options.metrics ?? DEFAULT_COMPARE_METRICS.filter((m) => names.includes(m));
  checkColumns(table, by, metrics);
  const groups = new Map<string, { key: Record<string, unknown>; rows: ResultsRecord[]; excluded: number; pointIds: string[] }>();
  for (const raw of table.rows) {
    const row = rowRecord(table, raw);
    const key = Object.fromEntries(by.map((name) => [name, row[name] ?? null]));
    const id = JSON.stringify(by.map((name) => key[name]));
    const group = groups.get(id) ?? { key, rows: [], excluded: 0, pointIds: [] };
    groups.set(id, group);
    const pointId = row["pointId"];
    if (typeof pointId === "string" && !group.pointIds.includes(pointId)) group.pointIds.push(pointId);
    if (row["status"] === "complete") group.rows.push(row);
    else group.excluded++;
  }
  return { by, metrics, groups: [...groups.values()] };
}

/** Groups the table's complete runs and summarises every metric per group. */
export function compareExperiment(table: ResultsTable, options: CompareOptions = {}): ExperimentComparison {
  const { by, metrics, groups } = groupRuns(table, options);
  return {
    by,
    metrics,
    groups: groups.map(({ key, rows, excluded }) => ({
      key,
      n: rows.length,
      excluded,
      metrics: Object.fromEntries(metrics.map((m) => [m, meanInterval(metricValues(rows, m))])),
      baselines: Object.fromEntries(BASELINE_COLUMNS.map((b) => [b, meanOrNull(metricValues(rows, b))])),
    })),
  };
}

/** A comparison as `sesame compare --json` writes it: every interval as a {@link MeanEstimate} (null bounds when n < 2). */
export interface ExperimentComparisonJson extends Omit<ExperimentComparison, "groups"> {
  readonly groups: readonly (Omit<GroupSummary, "metrics"> & { readonly metrics: Readonly<Record<string, MeanEstimate>> })[];
}

/**
 * The comparison with its n = 1 "intervals" nulled: {@link MeanInterval} keeps low = high =
 * mean for its existing readers, but written out that would claim an interval of width 0.
 */
export function comparisonJson(c: ExperimentComparison): ExperimentComparisonJson {
  return { ...c, groups: c.groups.map((g) => ({ ...g, metrics: Object.fromEntries(Object.entries(g.metrics).map(([m, i]) => [m, meanEstimate(i)])) })) };
}

/**
 * The swept columns of a results table: those between `status` and the first standard metric
 * (`systemCost`), where the experiment table puts them. Without that layout, every column named
 * by a dotted scenario path. (Position matters: an experiment's extra metric columns are dotted
 * summary paths too, but they come after the standard metrics.)
 */
export function sweptColumns(names: readonly string[]): string[] {
  const status = names.indexOf("status");
  const firstMetric = names.indexOf(STANDARD_METRICS[0]!.name);
  if (status >= 0 && firstMetric > status) return names.slice(status + 1, firstMetric);
  return names.filter((name) => name.includes("."));
}

/** Unknown grouping or metric columns are input errors listing what the table has. */
function checkColumns(table: ResultsTable, by: readonly string[], metrics: readonly string[]): void {
  const names = table.columns.map((c) => c.name);
  const unknownBy = by.filter((name) => !names.includes(name));
  if (unknownBy.length > 0) throw new InputError({ path: "--by", expected: `columns of the results table, got ${unknownBy.join(", ")}; the table has ${names.join(", ")}` });
  // Only numbers and booleans can be averaged.
  const measurable = table.columns.filter((c) => c.type !== "string").map((c) => c.name);
  const unknownMetrics = metrics.filter((name) => !measurable.includes(name));
  if (unknownMetrics.length > 0) {
    throw new InputError({ path: "--metrics", expected: `number or boolean columns of the results table, got ${unknownMetrics.join(", ")}; the table has ${measurable.join(", ")}` });
  }
  if (!names.includes("status")) throw new InputError({ path: "status", expected: "a status column in the results table (complete runs are told by it)" });
}

/** A row keyed by column name, whichever way it is stored. */
function rowRecord(table: ResultsTable, row: ResultsRow): ResultsRecord {
  if (!Array.isArray(row)) return row as ResultsRecord;
  return Object.fromEntries(table.columns.map((c, i) => [c.name, (row as readonly unknown[])[i]]));
}

/** The column's finite numeric values over `rows` (booleans as 1/0; nulls and non-numbers left out). */
export function metricValues(rows: readonly ResultsRecord[], column: string): number[] {
  const values: number[] = [];
  for (const row of rows) {
    const v = row[column];
    if (typeof v === "boolean") values.push(v ? 1 : 0);
    else if (typeof v === "number" && Number.isFinite(v)) values.push(v);
  }
  return values;
}

function meanOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

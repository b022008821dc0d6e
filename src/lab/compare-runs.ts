import { InputError } from "../core/errors.js";
import type { Manifest } from "../sim/log/run-folder.js";
import { DEFAULT_COMPARE_METRICS } from "./compare-experiment.js";
import { STANDARD_METRICS } from "./experiment/results-table.js";
import type { RunSummary } from "./run-summary.js";
import { partialLabel, type RunState } from "./run-state.js";
import { scenarioDifferences, type ScenarioDifference } from "./scenario-differences.js";
import type { DifferenceEstimate } from "./statistics.js";

/**
 * Comparing single runs (`sesame compare RUN_DIR RUN_DIR …`, docs/experiments.md
 * "Comparing"): one row per run with the experiment table's metrics, read from each
 * summary.json by the results table's own readers (so the columns are whatever
 * `STANDARD_METRICS` holds), the differences against a reference run, and first the
 * like-with-like check — every scenario path where the runs differ, with a warning when the
 * seeds or the horizons do, since then the runs are not on the same footing.
 */

/** A run folder as compare reads it. */
export interface RunFolder {
  /** The folder as it was named on the command line: the run's label. */
  readonly dir: string;
  readonly manifest: Manifest;
  /**
   * summary.json, read only through `STANDARD_METRICS`; for an interrupted run (compared with
   * `--partial`) the measured summary of its logged steps (run-folder-summary.ts).
   */
  readonly summary: RunSummary;
  /** complete, failed or interrupted (run-state.ts); only a complete run is whole. */
  readonly state: RunState;
}

/** One run's row. */
export interface RunRow {
  readonly dir: string;
  /** The run's state: complete, failed or interrupted. */
  readonly status: RunState["status"];
  /** True for a failed or interrupted run (compared only with `--partial`): its metrics cover the steps it logged, not its horizon. */
  readonly partial: boolean;
  /** `partial: interrupted after 17 of 48 steps` (run-state.ts `partialLabel`), null for a complete run. */
  readonly partialReason: string | null;
  readonly seed: string;
  readonly mechanisms: { readonly rental: string; readonly energy: string };
  /** Steps logged (a complete run: its horizon). */
  readonly steps: number;
  /** Metric → its value (booleans as 1/0); null when the summary has none. */
  readonly values: Readonly<Record<string, number | null>>;
}

/** The comparison of a few runs against one of them. */
export interface RunComparison {
  readonly metrics: readonly string[];
  /** The scenarios' currency when they share one, else null. */
  readonly currency: string | null;
  readonly runs: readonly RunRow[];
  /** Index in `runs` of the reference run. */
  readonly reference: number;
  /** Every scenario path where the runs' resolved scenarios differ, with each run's value. */
  readonly differ: readonly ScenarioDifference[];
  /** Why the runs are not on the same footing (different seeds or horizons), if they are not; and runs left out. */
  readonly warnings: readonly string[];
  /** Every run but the reference: run − reference per metric (n = 1 each: no interval). */
  readonly differences: readonly { readonly dir: string; readonly differences: Readonly<Record<string, DifferenceEstimate>> }[];
}

/** Scenario paths that make a run's totals cover a different span of time. */
const HORIZON_PATHS = ["calendar.start", "calendar.steps", "calendar.stepHours"];

/** The names `--metrics` may use with run folders: the experiment table's standard metrics. */
export function runMetricNames(): string[] {
  return STANDARD_METRICS.map((m) => m.name);
}

/**
 * Compares `runs` against `runs[reference]`. `metrics` default to the compare defaults the
 * metric list still holds; a name it does not hold is an input error listing those it does.
 * A failed or interrupted run (let in by `--partial`, compare-folders.ts) has its metrics over
 * the steps it logged, and a warning says its differences are not on the same footing.
 */
export function compareRuns(runs: readonly RunFolder[], options: { readonly metrics?: readonly string[]; readonly reference?: number } = {}): RunComparison {
  const known = runMetricNames();
  const metrics = options.metrics ?? DEFAULT_COMPARE_METRICS.filter((m) => known.includes(m));
  const unknown = metrics.filter((m) => !known.includes(m));
  if (unknown.length > 0) throw new InputError({ path: "--metrics", expected: `metrics of a run's summary, got ${unknown.join(", ")}; they are ${known.join(", ")}` });
  const reference = options.reference ?? 0;
  if (!(reference >= 0 && reference < runs.length)) throw new Error(`compareRuns: reference ${reference} out of range`);
  const rows = runs.map((run) => rowOf(run, metrics));
  const ref = rows[reference]!;
  const differ = scenarioDifferences(runs.map((r) => r.manifest.scenario));
  const currencies = new Set(runs.map((r) => (r.manifest.scenario as { currency?: unknown } | null)?.currency));
  return {
    metrics,
    currency: currencies.size === 1 && typeof [...currencies][0] === "string" ? ([...currencies][0] as string) : null,
    runs: rows,
    reference,
    differ,
    warnings: warningsOf(rows, differ),
    differences: rows
      .filter((_, i) => i !== reference)
      .map((row) => ({ dir: row.dir, differences: Object.fromEntries(metrics.map((m) => [m, single(row.values[m] ?? null, ref.values[m] ?? null)])) })),
  };
}

function rowOf(run: RunFolder, metrics: readonly string[]): RunRow {
  const partialReason = partialLabel(run.state);
  return {
    dir: run.dir,
    status: run.state.status,
    partial: partialReason !== null,
    partialReason,
    seed: run.manifest.seed,
    mechanisms: run.manifest.mechanisms,
    steps: run.state.stepsLogged,
    values: Object.fromEntries(metrics.map((name) => [name, valueOf(run.summary, name)])),
  };
}

/** A metric through its reader; a summary of another shape that the reader cannot read has no value for it. */
function valueOf(summary: RunSummary, name: string): number | null {
  let value: unknown;
  try {
    value = STANDARD_METRICS.find((m) => m.name === name)!.read(summary);
  } catch {
    return null;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** One run against one run: the difference itself, n = 1, no interval. */
function single(value: number | null, reference: number | null): DifferenceEstimate {
  if (value === null || reference === null) return { n: 0, nReference: reference === null ? 0 : 1, mean: null, low: null, high: null, df: null };
  return { n: 1, nReference: 1, mean: value - reference, low: null, high: null, df: null };
}

function warningsOf(rows: readonly RunRow[], differ: readonly ScenarioDifference[]): string[] {
  const warnings: string[] = [];
  const seed = differ.find((d) => d.path === "seed");
  if (seed) {
    warnings.push(
      `the seeds differ (${seed.values.map(show).join(", ")}): each run drew its own weather and loads, so the runs are not on the same footing and their differences mix what was changed with that noise`,
    );
  }
  // Representative spans (their starts, weights, or having them at all) change what the totals cover too.
  const horizon = differ.filter((d) => HORIZON_PATHS.includes(d.path) || d.path === "calendar" || d.path === "calendar.representative" || d.path.startsWith("calendar.representative."));
  if (horizon.length > 0) {
    warnings.push(`the horizons differ (${horizon.map((d) => `${d.path}: ${d.values.map(show).join(", ")}`).join("; ")}): their totals cover different spans of time, so the runs are not on the same footing`);
  }
  for (const row of rows) {
    if (row.partialReason !== null) {
      warnings.push(`${row.dir} is PARTIAL (${row.partialReason.replace(/^partial: /, "")}): its metrics cover the ${row.steps} steps it logged, not its horizon, so its differences are not on the same footing as a whole run's`);
    }
  }
  // A metric only some complete runs have is no difference of outcome but of what was computed
  // (the baseline metrics of a run made with --no-baselines): say so rather than print a bare dash.
  const complete = rows.filter((r) => r.status === "complete");
  for (const metric of Object.keys(complete[0]?.values ?? {})) {
    const without = complete.filter((r) => r.values[metric] === null);
    if (without.length > 0 && without.length < complete.length) {
      warnings.push(`${metric} has no value in ${without.map((r) => r.dir).join(", ")}: not computed there (a run made with --no-baselines has no baseline metrics), so it is not compared`);
    }
  }
  return warnings;
}

/** A scenario value in a warning: short and unambiguous. */
function show(value: unknown): string {
  if (value === undefined) return "(none)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

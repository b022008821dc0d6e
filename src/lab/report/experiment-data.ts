import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { STANDARD_METRICS } from "../experiment/results-table.js";
import { sweptColumns as sweptColumnsByPosition } from "../compare-experiment.js";

/** File names of an experiment folder (docs/experiments.md). */
export const EXPERIMENT_FILE = "experiment.json";
export const RESULTS_FILE = "results.json";

/** The swept path that names the rental mechanism: reports group by it when it is swept. */
export const MECHANISM_PATH = "market.rental.mechanism";

/** One row of the experiment table, keyed by column name. */
export type ResultRow = Readonly<Record<string, unknown>>;

/** Everything an experiment report is drawn from. */
export interface ExperimentData {
  readonly dir: string;
  /** The experiment's name, when experiment.json has one. */
  readonly name: string | null;
  readonly experimentId: string | null;
  /** Swept scenario paths, in the table's order. */
  readonly swept: readonly string[];
  readonly rows: readonly ResultRow[];
}

/** True when `dir` looks like an experiment folder. */
export function isExperimentFolder(dir: string): boolean {
  return existsSync(join(dir, EXPERIMENT_FILE)) && existsSync(join(dir, RESULTS_FILE));
}

/** Columns every table has before the swept ones, and the metric columns after them (docs/experiments.md). */
const FIXED_COLUMNS = new Set(["runId", "pointId", "replicate", "seed", "fingerprint", "status", ...STANDARD_METRICS.map((m) => m.name)]);

/** Reads experiment.json and results.json; rows may be objects or arrays aligned with `columns`. */
export function readExperimentData(dir: string): ExperimentData {
  const experiment = readJson(join(dir, EXPERIMENT_FILE));
  const results = readJson(join(dir, RESULTS_FILE));
  const table = results as { columns?: unknown; rows?: unknown };
  if (!Array.isArray(table.columns) || !Array.isArray(table.rows)) {
    throw new InputError({ path: join(dir, RESULTS_FILE), expected: "an experiment table { columns: [{name, type}], rows: [...] }" });
  }
  const columns = table.columns.map((c: unknown) => String((c as { name?: unknown }).name ?? c));
  const rows = table.rows.map((row: unknown): ResultRow => (Array.isArray(row) ? Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])) : (row as ResultRow)));
  const meta = experiment as Record<string, unknown>;
  const definition = (isRecord(meta.experiment) ? meta.experiment : meta) as Record<string, unknown>;
  return {
    dir,
    name: typeof definition.name === "string" ? definition.name : typeof meta.name === "string" ? meta.name : null,
    experimentId: typeof meta.experimentId === "string" ? meta.experimentId : null,
    swept: sweptColumns(Array.isArray(meta.sweptPaths) ? { points: [Object.fromEntries(meta.sweptPaths.map((p) => [String(p), null]))] } : definition.sweep, columns),
    rows,
  };
}

/**
 * The swept paths: those experiment.json lists (`sweptPaths`) or the experiment's sweep names (grid axes, then explicit points) that
 * are table columns; when the sweep cannot be read, the columns that are neither fixed nor
 * metric columns, between `status` and the metrics.
 */
function sweptColumns(sweep: unknown, columns: readonly string[]): string[] {
  const inTable = new Set(columns);
  const named: string[] = [];
  if (isRecord(sweep)) {
    if (isRecord(sweep.grid)) named.push(...Object.keys(sweep.grid));
    if (Array.isArray(sweep.points)) for (const p of sweep.points) if (isRecord(p)) named.push(...Object.keys(p));
  }
  const fromSweep = [...new Set(named)].filter((c) => inTable.has(c));
  if (fromSweep.length > 0) return columns.filter((c) => fromSweep.includes(c));
  return sweptColumnsByPosition(columns).filter((c) => !FIXED_COLUMNS.has(c));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new InputError({ path: file, expected: "a readable file" });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError({ path: file, expected: `valid JSON: ${(error as Error).message}` });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

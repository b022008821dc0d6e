import { rmSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { readManifest } from "../../sim/log/read-log.js";
import { STEPS_FILE } from "../../sim/log/run-folder.js";
import { buildWorld } from "../build-world.js";
import { isRepresentativeManifest, type RepresentativeManifest } from "../run-representative.js";
import { loggedInputs, manifestScenario } from "../logged-scenario.js";
import { loggedRecords } from "../logged-records.js";
import { partialLabel, requireWholeRun, type RunState } from "../run-state.js";
import { writeCsv } from "./csv.js";
import { writeParquet } from "./parquet.js";
import { buildRunTables, type RunTables } from "./run-tables.js";

/**
 * `sesame export`: a run folder's log turned into the per-run tables of docs/experiments.md,
 * written beside the log as prices/soc/flows/ledger .parquet (and .csv on request).
 *
 * A failed or interrupted run is refused unless `partial` is set; then its tables are named
 * `<table>.partial.parquet` (and `.partial.csv`) and each Parquet file carries the key
 * `sesame.partial` (`partial: interrupted after 17 of 48 steps`). The name is what a researcher
 * types into `pd.read_parquet` and what a glob over every run's `prices.parquet` matches, so partial
 * tables are never read in by accident with whole ones.
 */

/** What exportRunTables writes besides the Parquet files, and whether it may export a run that is not complete. */
export interface ExportOptions {
  /** Also write each table as CSV (default false). */
  readonly csv?: boolean;
  /** Export a failed or interrupted run too, its tables named as partial (default false: refused, an InputError). */
  readonly partial?: boolean;
}

/** What exportRunTables wrote. */
export interface ExportResult {
  /** Every file written, in order. */
  readonly files: string[];
  /** The run folders whose tables are partial, with why (`partial: …`, run-state.ts): empty for a complete run. */
  readonly partial: readonly { readonly dir: string; readonly label: string }[];
}

/** The base names of the per-run tables, in the order they are written. */
export const RUN_TABLE_NAMES = ["prices", "soc", "flows", "ledger"] as const;

/** The infix of a partial run's table files: `prices.partial.parquet`. */
export const PARTIAL_INFIX = ".partial";

/** The Parquet key-value metadata key holding a partial table's label. */
export const PARTIAL_METADATA_KEY = "sesame.partial";

/** The file name of table `name` with extension `ext` (`parquet`, `csv`), for a partial run or not. */
export function tableFileName(name: string, ext: string, partial: boolean): string {
  return `${name}${partial ? PARTIAL_INFIX : ""}.${ext}`;
}

/**
 * Reads a run folder and builds its tables, with the run's state. The world is rebuilt from the
 * manifest's resolved scenario (with CSV profiles read from the folder's `inputs/` copies) for
 * what the log does not hold. A failed or interrupted run is an InputError unless `partial`
 * (run-state.ts `requireWholeRun`); an interrupted run's torn last line is dropped. A folder
 * without a manifest, a manifest whose scenario does not validate, or a log that is cut, edited
 * or fails its hash chain is an InputError naming the folder: nothing is exported from a log
 * that cannot be trusted.
 */
export function runTables(runDir: string, options: Pick<ExportOptions, "partial"> = {}): RunTables & { readonly state: RunState } {
  const manifest = readManifest(runDir);
  if (isRepresentativeManifest(manifest)) {
    throw new InputError({ path: runDir, expected: `a run folder with a log; this representative run keeps one per span: ${spanFolders(runDir, manifest).join(", ")}` });
  }
  const state = requireWholeRun(runDir, options.partial ?? false);
  const scenario = manifestScenario(runDir, manifest);
  const { records, problem } = loggedRecords(runDir, scenario, state);
  if (problem) {
    throw new InputError({ path: join(runDir, STEPS_FILE), expected: `an intact log; it breaks at step ${problem.step}, field ${problem.field}: ${problem.message}` });
  }
  return { ...buildRunTables(buildWorld(scenario, loggedInputs(runDir, manifest)), records), state };
}

/**
 * Writes the run's tables into `runDir` (atomically, file by file) and returns the paths
 * written. A representative run folder has every span that ran exported into its own folder,
 * each named by its own state (a span that completed is whole, the one that stopped is partial).
 * Tables of the other kind left by an earlier export (`prices.partial.parquet` of a run since
 * resumed) are removed, so a folder never holds both.
 */
export function exportRunTables(runDir: string, options: ExportOptions = {}): ExportResult {
  const manifest = readManifest(runDir);
  if (isRepresentativeManifest(manifest)) {
    // Refused (or let through) for the run as a whole; its spans are then each what they are.
    requireWholeRun(runDir, options.partial ?? false);
    const spans = spanFolders(runDir, manifest).map((dir) => exportRunTables(dir, { ...options, partial: true }));
    return { files: spans.flatMap((s) => s.files), partial: spans.flatMap((s) => s.partial) };
  }
  const { state, ...tables } = runTables(runDir, options);
  const label = partialLabel(state);
  const metadata: Record<string, string> = label === null ? {} : { [PARTIAL_METADATA_KEY]: label };
  const files: string[] = [];
  for (const name of RUN_TABLE_NAMES) {
    const parquet = join(runDir, tableFileName(name, "parquet", label !== null));
    writeParquet(parquet, tables[name], metadata);
    files.push(parquet);
    if (options.csv) {
      const csv = join(runDir, tableFileName(name, "csv", label !== null));
      writeCsv(csv, tables[name]);
      files.push(csv);
    }
    for (const ext of ["parquet", "csv"]) rmSync(join(runDir, tableFileName(name, ext, label === null)), { force: true });
  }
  return { files, partial: label === null ? [] : [{ dir: runDir, label }] };
}

/** The folders of a representative run's spans that ran, in order. */
function spanFolders(runDir: string, manifest: RepresentativeManifest): string[] {
  return manifest.spans.filter((s) => s.status !== "pending").map((s) => join(runDir, s.folder));
}

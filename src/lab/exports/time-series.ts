import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { genesisHash } from "../../sim/log/hash-chain.js";
import { readManifest, readStepLog } from "../../sim/log/read-log.js";
import { STEPS_FILE } from "../../sim/log/run-folder.js";
import { buildWorld } from "../build-world.js";
import { isRepresentativeManifest, type RepresentativeManifest } from "../run-representative.js";
import { loggedInputs, manifestScenario } from "../logged-scenario.js";
import { writeCsv } from "./csv.js";
import { writeParquet } from "./parquet.js";
import { buildRunTables, type RunTables } from "./run-tables.js";

/**
 * `sesame export`: a run folder's log turned into the per-run tables of docs/experiments.md,
 * written beside the log as prices/soc/flows/ledger .parquet (and .csv on request).
 */

/** What exportRunTables writes besides the Parquet files. */
export interface ExportOptions {
  /** Also write each table as CSV (default false). */
  readonly csv?: boolean;
}

/** The base names of the per-run tables, in the order they are written. */
export const RUN_TABLE_NAMES = ["prices", "soc", "flows", "ledger"] as const;

/**
 * Reads a run folder and builds its tables. The world is rebuilt from the manifest's resolved
 * scenario (with CSV profiles read from the folder's `inputs/` copies) for what the log does not hold.
 * A folder without a manifest, a manifest whose scenario does not validate, or a log that is
 * cut, edited or fails its hash chain is an InputError naming the folder: nothing is exported
 * from a log that cannot be trusted.
 */
export function runTables(runDir: string): RunTables {
  const manifest = readManifest(runDir);
  if (isRepresentativeManifest(manifest)) {
    throw new InputError({ path: runDir, expected: `a run folder with a log; this representative run keeps one per span: ${spanFolders(runDir, manifest).join(", ")}` });
  }
  const scenario = manifestScenario(runDir, manifest);
  const { records, problem } = readStepLog(runDir, genesisHash(scenario));
  if (problem) {
    throw new InputError({ path: join(runDir, STEPS_FILE), expected: `an intact log; it breaks at step ${problem.step}, field ${problem.field}: ${problem.message}` });
  }
  return buildRunTables(buildWorld(scenario, loggedInputs(runDir, manifest)), records);
}

/**
 * Writes the run's tables into `runDir` (atomically, file by file) and returns the paths
 * written. A representative run folder has every span that ran exported into its own folder.
 */
export function exportRunTables(runDir: string, options: ExportOptions = {}): { files: string[] } {
  const manifest = readManifest(runDir);
  if (isRepresentativeManifest(manifest)) return { files: spanFolders(runDir, manifest).flatMap((dir) => exportRunTables(dir, options).files) };
  const tables = runTables(runDir);
  const files: string[] = [];
  for (const name of RUN_TABLE_NAMES) {
    const base = join(runDir, name);
    writeParquet(`${base}.parquet`, tables[name]);
    files.push(`${base}.parquet`);
    if (options.csv) {
      writeCsv(`${base}.csv`, tables[name]);
      files.push(`${base}.csv`);
    }
  }
  return { files };
}

/** The folders of a representative run's spans that ran, in order. */
function spanFolders(runDir: string, manifest: RepresentativeManifest): string[] {
  return manifest.spans.filter((s) => s.status !== "pending").map((s) => join(runDir, s.folder));
}

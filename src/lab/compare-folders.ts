import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { MANIFEST_FILE, SUMMARY_FILE, type Manifest } from "../sim/log/run-folder.js";
import { parseResultsTable, type ResultsTable } from "./compare-experiment.js";
import type { RunFolder } from "./compare-runs.js";
import { runFolderSummary } from "./run-folder-summary.js";
import { requireWholeRun } from "./run-state.js";

/**
 * What `sesame compare` was pointed at: one experiment folder (results.json, and experiment.json
 * beside it when `sesame experiment` wrote it), or two or more single-run folders
 * (manifest.json and summary.json). Anything else — a mix, a folder that is neither, a run
 * that has not finished (failed, or interrupted: its manifest still says running) without
 * `partial` — is refused naming the folder and what was expected there.
 */

const RESULTS_FILE = "results.json";
const EXPERIMENT_FILE = "experiment.json";

/** An experiment folder as compare reads it. */
export interface ExperimentFolder {
  readonly dir: string;
  readonly table: ResultsTable;
  /** experiment.json parsed, or null when the folder has none (a hand-made results table). */
  readonly experimentJson: unknown;
  /** The base scenario's currency (experiment.json `base.currency`), null when unknown: the unit of every money metric. */
  readonly currency: string | null;
}

/** The folders of one `sesame compare`, read. */
export type CompareFolders =
  | { readonly kind: "experiment"; readonly experiment: ExperimentFolder }
  | { readonly kind: "runs"; readonly runs: readonly RunFolder[]; /** Index of the reference run in `runs`. */ readonly reference: number };

const WHAT = "an experiment folder (results.json, from `sesame experiment`) or a run folder (manifest.json and summary.json, from `sesame run`)";

/** How compare reads run folders. */
export interface CompareFolderOptions {
  /** Let failed and interrupted runs in (`sesame compare --partial`), each marked partial; without it they are refused. */
  readonly partial?: boolean;
}

/**
 * Reads the folders compare was given. Run folders are compared against a reference: the
 * folder `--against` names — one of `dirs` (the same path), or another run folder, which is then
 * put first — or, when `--against` names none, the first folder. `against` is ignored for an
 * experiment folder, where it selects a group (see `selectReferenceGroup`). An experiment's
 * table already says which of its runs are complete (its status column; the others are left
 * out of every group), so `partial` concerns run folders only.
 */
export async function readCompareFolders(dirs: readonly string[], against?: readonly string[] | true, options: CompareFolderOptions = {}): Promise<CompareFolders> {
  if (dirs.length === 0) throw new InputError({ path: "DIR", expected: WHAT });
  const kinds = dirs.map((dir) => ({ dir, kind: folderKind(dir) }));
  const experiments = kinds.filter((k) => k.kind === "experiment");
  if (experiments.length > 0) {
    if (dirs.length > 1) {
      const odd = experiments.length > 1 ? experiments[1]!.dir : experiments[0]!.dir;
      throw new InputError({
        path: odd,
        expected:
          experiments.length > 1
            ? "one experiment folder at a time: compare an experiment's own groups with --against, not two experiments"
            : "run folders only (manifest.json and summary.json) when several folders are given; this is an experiment folder: compare it alone, with --against POINT for differences between its groups",
      });
    }
    return { kind: "experiment", experiment: readExperimentFolder(dirs[0]!) };
  }
  const runs: RunFolder[] = [];
  for (const dir of dirs) runs.push(await readRunFolder(dir, options));
  if (against === undefined || against === true) {
    if (runs.length < 2) throw new InputError({ path: "DIR", expected: `two or more run folders to compare (or --against RUN_DIR); got only ${dirs[0]}` });
    return { kind: "runs", runs, reference: 0 };
  }
  if (against.length !== 1) throw new InputError({ path: "--against", expected: `one run folder as the reference, got ${against.join(", ")}` });
  const named = against[0]!;
  const index = dirs.findIndex((d) => resolve(d) === resolve(named));
  if (index >= 0) {
    if (runs.length < 2) throw new InputError({ path: "DIR", expected: `two or more run folders to compare; ${named} is the only one` });
    return { kind: "runs", runs, reference: index };
  }
  if (folderKind(named) !== "run") throw new InputError({ path: named, expected: "a run folder (manifest.json and summary.json) as --against: the others are run folders" });
  return { kind: "runs", runs: [await readRunFolder(named, options), ...runs], reference: 0 };
}

/** An experiment folder's table and experiment.json. */
export function readExperimentFolder(dir: string): ExperimentFolder {
  const file = join(dir, RESULTS_FILE);
  const table = parseResultsTable(readJson(file), file);
  const manifest = join(dir, EXPERIMENT_FILE);
  const experimentJson = existsSync(manifest) ? readJson(manifest) : null;
  const currency = (experimentJson as { base?: { currency?: unknown } } | null)?.base?.currency;
  return { dir, table, experimentJson, currency: typeof currency === "string" ? currency : null };
}

/**
 * A run folder: its manifest, its state and its summary. A failed or interrupted run is refused
 * unless `partial` (run-state.ts `requireWholeRun`); an interrupted one, which wrote no summary
 * its manifest records, is summarised from its logged steps (run-folder-summary.ts).
 */
export async function readRunFolder(dir: string, options: CompareFolderOptions = {}): Promise<RunFolder> {
  if (folderKind(dir) !== "run") throw new InputError({ path: dir, expected: "a run folder (manifest.json and summary.json)" });
  const manifest = readJson(join(dir, MANIFEST_FILE)) as Manifest | null;
  if (typeof manifest !== "object" || manifest === null || typeof manifest.status !== "string" || manifest.scenario === undefined) {
    throw new InputError({ path: join(dir, MANIFEST_FILE), expected: "a run manifest with status and scenario (written by `sesame run`)" });
  }
  const state = requireWholeRun(dir, options.partial ?? false);
  const summary = await runFolderSummary(dir, state);
  if (typeof summary !== "object" || summary === null) throw new InputError({ path: join(dir, SUMMARY_FILE), expected: "a run summary (a JSON object, written by `sesame run`)" });
  return { dir, manifest, summary, state };
}

/** What a folder is, by the files it holds; neither is an input error naming it. */
function folderKind(dir: string): "experiment" | "run" {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError({ path: dir, expected: `${WHAT}; there is no such folder` });
  // results.json marks an experiment folder; its runs/ hold run folders, it never is one.
  if (existsSync(join(dir, RESULTS_FILE))) return "experiment";
  // A run folder without summary.json is an interrupted run: its state decides (readRunFolder).
  if (existsSync(join(dir, MANIFEST_FILE))) return "run";
  if (existsSync(join(dir, EXPERIMENT_FILE))) {
    throw new InputError({ path: dir, expected: "an experiment folder holding results.json: it holds experiment.json only (no run has finished yet, or this is a shard to `sesame merge`)" });
  }
  throw new InputError({ path: dir, expected: `${WHAT}; it holds neither results.json nor manifest.json and summary.json` });
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError({ path: file, expected: `valid JSON (${error instanceof Error ? error.message : String(error)})` });
  }
}

import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../sim/log/run-folder.js";
import type { RunSummary } from "../run-summary.js";
import type { DataTable } from "../exports/table.js";
import type { FinishedRun } from "./results-table.js";
import { safeFolderName } from "../folder-name.js";
import { scenarioOfRun } from "./load-experiment.js";
import { recordedSummary } from "./recorded-summary.js";
import { EXPERIMENT_FILES, readExperimentManifest, writeExperimentTables, type ExperimentManifest } from "./run-experiment.js";

/** The outcome of a merge. */
export interface MergeResult {
  readonly dir: string;
  readonly experimentId: string;
  /** Runs found in the shards, copied. */
  readonly runs: number;
  /** Runs of the experiment no shard had finished. */
  readonly missing: readonly string[];
  readonly table: DataTable;
}

/**
 * Joins shard folders of one experiment into a new folder `out`: every finished run is copied
 * (the first shard that has it wins; shards never overlap), experiment.json is written without
 * a shard, and the tables are rebuilt in the experiment's run order — so the merge of all
 * shards equals the unsharded experiment. A run counts as finished in a shard when its manifest
 * vouches for its summary (recorded-summary.ts), as on resume. Folders of different experiments,
 * a folder that is no experiment, a run whose summary does not match its manifest, or an `out`
 * that is not new or empty are refused and nothing is written.
 */
export function mergeExperiments(dirs: readonly string[], out: string): MergeResult {
  if (dirs.length === 0) throw new InputError({ path: "DIR", expected: "at least one experiment folder to merge" });
  const manifests = dirs.map((dir) => {
    const manifest = existsSync(dir) ? readExperimentManifest(dir) : null;
    if (!manifest) throw new InputError({ path: dir, expected: `an experiment folder (with ${EXPERIMENT_FILES.manifest})` });
    return manifest;
  });
  const first = manifests[0]!;
  manifests.forEach((m, i) => {
    if (m.experimentId !== first.experimentId) {
      throw new InputError({ path: dirs[i]!, expected: `a shard of experiment "${first.name}" (id ${first.experimentId.slice(0, 12)}…), got "${m.name}" (id ${m.experimentId.slice(0, 12)}…)` });
    }
  });
  const target = resolve(out);
  if (existsSync(target) && readdirSync(target).length > 0) throw new InputError({ path: "--out", expected: `a new or empty folder, ${target} is not` });

  const finished: FinishedRun[] = [];
  const missing: string[] = [];
  // Every run is checked before anything is written: a shard with an edited run is refused whole.
  const found = first.runs.map((run) => {
    requireSafeRunId(run.runId, dirs[0]!);
    const scenario = scenarioOfRun(first, { seed: run.seed, point: { params: run.params } });
    return { run, source: finishedSource(dirs.map((dir) => join(dir, EXPERIMENT_FILES.runs, run.runId)), scenario) };
  });
  mkdirSync(join(target, EXPERIMENT_FILES.runs), { recursive: true });
  for (const { run, source } of found) {
    if (!source) {
      missing.push(run.runId);
      continue;
    }
    cpSync(source.dir, join(target, EXPERIMENT_FILES.runs, run.runId), { recursive: true });
    finished.push({ ...run, summary: source.summary, fingerprint: source.fingerprint });
  }
  const { shard: _shard, ...whole } = first;
  writeJsonAtomic(join(target, EXPERIMENT_FILES.manifest), whole satisfies ExperimentManifest);
  const table = writeExperimentTables(target, first.sweptPaths, first.experiment.metrics, finished);
  return { dir: target, experimentId: first.experimentId, runs: finished.length, missing, table };
}

/**
 * The first of `candidates` (one run's folder in each shard) holding the finished run, or null
 * when none has finished it. A finished-looking run that its manifest does not vouch for (an
 * edited summary.json, another scenario) is refused: merging cannot re-run it, its shard can.
 */
function finishedSource(candidates: readonly string[], scenario: unknown): { dir: string; summary: RunSummary; fingerprint: string } | null {
  for (const dir of candidates) {
    const recorded = recordedSummary(dir, scenario);
    if (recorded.ok) return { dir, summary: recorded.summary, fingerprint: recorded.fingerprint };
    if (recorded.kind === "mismatch") {
      throw new InputError({ path: dir, expected: `a finished run whose manifest vouches for its summary; ${recorded.reason}. Resume its shard (sesame experiment FILE --shard i/n --out SHARD_DIR) to run it again` });
    }
  }
  return null;
}

/** A run id from experiment.json becomes a folder name: one that is not already a safe one (folder-name.ts) was not written by SESAME. */
function requireSafeRunId(runId: unknown, dir: string): void {
  if (typeof runId !== "string" || safeFolderName(runId) !== runId) {
    throw new InputError({ path: `${join(dir, EXPERIMENT_FILES.manifest)}: runs[].runId`, expected: `a run id that is a plain folder name (p<12 hex digits>-r<replicate>), found ${JSON.stringify(runId)}` });
  }
}

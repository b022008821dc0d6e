import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../sim/log/run-folder.js";
import type { RunSummary } from "../run-summary.js";
import type { DataTable } from "../exports/table.js";
import type { FinishedRun } from "./results-table.js";
import { readSummary } from "./run-one.js";
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
 * shards equals the unsharded experiment. Folders of different experiments, a folder that is
 * no experiment, or an `out` that is not new or empty are refused and nothing is written.
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
  mkdirSync(join(target, EXPERIMENT_FILES.runs), { recursive: true });
  for (const run of first.runs) {
    const source = dirs.map((dir) => join(dir, EXPERIMENT_FILES.runs, run.runId)).find((d) => readSummary(d) !== null);
    if (!source) {
      missing.push(run.runId);
      continue;
    }
    const dest = join(target, EXPERIMENT_FILES.runs, run.runId);
    cpSync(source, dest, { recursive: true });
    finished.push({ ...run, summary: readSummary(dest) as RunSummary });
  }
  const { shard: _shard, ...whole } = first;
  writeJsonAtomic(join(target, EXPERIMENT_FILES.manifest), whole satisfies ExperimentManifest);
  const table = writeExperimentTables(target, first.sweptPaths, first.experiment.metrics, finished);
  return { dir: target, experimentId: first.experimentId, runs: finished.length, missing, table };
}

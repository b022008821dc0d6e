import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { safeFolderName } from "../folder-name.js";
import { InputError } from "../../core/errors.js";
import { SESAME_VERSION } from "../../version.js";
import { readManifest } from "../../sim/log/read-log.js";
import { SUMMARY_FILE, writeJsonAtomic } from "../../sim/log/run-folder.js";
import type { RunSummary } from "../run-summary.js";
import { writeCsv, writeJsonTable, writeParquet, type DataTable } from "../exports/table.js";
import { EXPERIMENT_FORMAT_VERSION, scenarioOfRun, type ResolvedExperiment } from "./load-experiment.js";
import type { PlannedRun } from "./expand.js";
import { experimentTable, type FinishedRun } from "./results-table.js";
import { recordedSummary } from "./recorded-summary.js";
import { readSummary, type RunTask, type RunTaskResult } from "./run-one.js";
import { inShard, type Shard } from "./shard.js";
import { runPool } from "./pool.js";

/** How to run an experiment. */
export interface ExperimentOptions {
  /** Output folder; default `experiments/<name>` under the working directory. */
  readonly out?: string;
  /** Worker threads; default all cores. 1 runs in this thread. */
  readonly workers?: number;
  readonly shard?: Shard;
  /** Keep every run's steps.jsonl (default true). */
  readonly keepLogs?: boolean;
  /** Called after every run, finished or skipped. */
  readonly onProgress?: (progress: ExperimentProgress) => void;
  /** Called, before any run starts, for every run folder left by an earlier invocation that is run again, with why (see {@link ExperimentResult.rerun}). */
  readonly onRerun?: (rerun: RerunNotice) => void;
}

/** A run whose folder an earlier invocation left but which is run again, and why. */
export interface RerunNotice {
  readonly runId: string;
  /** `interrupted (manifest.json still says running)`, `summary.json does not match its manifest`, … (recorded-summary.ts). */
  readonly reason: string;
}

/** Where an experiment stands. */
export interface ExperimentProgress {
  /** Runs of this shard finished so far (skipped ones included). */
  readonly done: number;
  readonly total: number;
  /** Runs skipped because a previous, interrupted invocation finished them. */
  readonly skipped: number;
  /** The run just finished, if one ran (absent for skips). */
  readonly last?: RunTaskResult;
}

/** The outcome: where the results are and how the runs went. */
export interface ExperimentResult {
  readonly dir: string;
  readonly experimentId: string;
  readonly runs: number;
  readonly skipped: number;
  readonly failed: readonly string[];
  /** Runs whose folder was there but could not be reused, with why: they were run again into a fresh folder. */
  readonly rerun: readonly RerunNotice[];
  readonly table: DataTable;
}

/** experiment.json: what the folder holds and for which experiment. */
export interface ExperimentManifest {
  readonly format: number;
  readonly experimentId: string;
  readonly sesameVersion: string;
  readonly name: string;
  readonly experiment: ResolvedExperiment["experiment"];
  readonly base: ResolvedExperiment["base"];
  readonly sweptPaths: readonly string[];
  readonly runs: readonly { readonly runId: string; readonly pointId: string; readonly replicate: number; readonly seed: string; readonly params: Readonly<Record<string, unknown>> }[];
  readonly shard?: Shard;
}

/** File names of an experiment folder (docs/experiments.md). */
export const EXPERIMENT_FILES = { manifest: "experiment.json", runs: "runs", json: "results.json", csv: "results.csv", parquet: "results.parquet" } as const;

/**
 * Runs an experiment (or one shard of it) into its folder: refuses a folder that holds another
 * experiment, skips runs a previous invocation finished (when their manifest vouches for their
 * summary: recorded-summary.ts), runs the rest on a worker pool, and writes the experiment
 * table of every finished run of this shard.
 */
export async function runExperiment(resolved: ResolvedExperiment, options: ExperimentOptions = {}): Promise<ExperimentResult> {
  const dir = resolve(options.out ?? join("experiments", safeFolderName(resolved.experiment.name)));
  const manifest = experimentManifest(resolved, options.shard);
  claimFolder(dir, manifest);
  const selected = inShard(resolved.runs, options.shard);
  const tasks: RunTask[] = [];
  const finished = new Map<string, RecordedRun>();
  const rerun: RerunNotice[] = [];
  for (const run of selected) {
    const scenario = scenarioOfRun(resolved, run);
    const runDir = join(dir, EXPERIMENT_FILES.runs, run.runId);
    // Reused only when its manifest vouches for its summary: an edited summary.json is run again, never tabled.
    const recorded = recordedSummary(runDir, scenario);
    if (recorded.ok) {
      finished.set(run.runId, { summary: recorded.summary, fingerprint: recorded.fingerprint });
      continue;
    }
    if (recorded.kind !== "absent") {
      rerun.push({ runId: run.runId, reason: recorded.reason });
      options.onRerun?.({ runId: run.runId, reason: recorded.reason });
    }
    tasks.push({ runId: run.runId, scenario, scenarioDir: resolved.scenarioDir, dir: runDir, baselines: resolved.experiment.baselines, keepLogs: options.keepLogs ?? true, ...(resolved.allowOutsideInputs ? { allowOutsideInputs: true } : {}) });
  }
  const skipped = finished.size;
  options.onProgress?.({ done: skipped, total: selected.length, skipped });
  let done = skipped;
  await runPool(tasks, options.workers ?? availableParallelism(), (result) => {
    done++;
    options.onProgress?.({ done, total: selected.length, skipped, last: result });
  });
  for (const task of tasks) finished.set(task.runId, freshRun(task.dir));
  const table = writeExperimentTables(dir, resolved.sweptPaths, resolved.experiment.metrics, finishedRuns(selected, finished));
  const failed = selected.filter((r) => finished.get(r.runId)?.summary.status !== "complete").map((r) => r.runId);
  return { dir, experimentId: resolved.experimentId, runs: selected.length, skipped, failed, rerun, table };
}

/** The manifest of a (shard of an) experiment. */
export function experimentManifest(resolved: ResolvedExperiment, shard?: Shard): ExperimentManifest {
  return {
    format: EXPERIMENT_FORMAT_VERSION,
    experimentId: resolved.experimentId,
    sesameVersion: SESAME_VERSION,
    name: resolved.experiment.name,
    experiment: resolved.experiment,
    base: resolved.base,
    sweptPaths: resolved.sweptPaths,
    runs: resolved.runs.map((r) => ({ runId: r.runId, pointId: r.point.pointId, replicate: r.replicate, seed: r.seed, params: r.point.params })),
    ...(shard ? { shard } : {}),
  };
}

/** Reads experiment.json of `dir`, or null when there is none. */
export function readExperimentManifest(dir: string): ExperimentManifest | null {
  const path = join(dir, EXPERIMENT_FILES.manifest);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ExperimentManifest) : null;
}

/**
 * Makes `dir` this experiment's folder: new or empty, or already this experiment's (resume;
 * a shard may join only its own shard's folder). Anything else is refused untouched.
 */
function claimFolder(dir: string, manifest: ExperimentManifest): void {
  const existing = existsSync(dir) ? readExperimentManifest(dir) : null;
  if (existing) {
    if (existing.experimentId !== manifest.experimentId) {
      throw new InputError({ path: "--out", expected: `a folder for this experiment; ${dir} holds experiment "${existing.name}" (id ${existing.experimentId.slice(0, 12)}…), not this one (${manifest.experimentId.slice(0, 12)}…)` });
    }
    if (JSON.stringify(existing.shard ?? null) !== JSON.stringify(manifest.shard ?? null)) {
      throw new InputError({ path: "--shard", expected: `the shard this folder was started with (${describeShard(existing.shard)}), got ${describeShard(manifest.shard)}` });
    }
  } else if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new InputError({ path: "--out", expected: `a new or empty folder, or one of this experiment's; ${dir} holds other files` });
  }
  mkdirSync(join(dir, EXPERIMENT_FILES.runs), { recursive: true });
  writeJsonAtomic(join(dir, EXPERIMENT_FILES.manifest), manifest);
}

function describeShard(shard: Shard | undefined): string {
  return shard ? `${shard.index}/${shard.count}` : "no shard";
}

/** A finished run's summary and fingerprint, as the results table takes them. */
export interface RecordedRun {
  readonly summary: RunSummary;
  readonly fingerprint: string;
}

/**
 * The summary and fingerprint of a run this invocation has just written (so not checked
 * against its seal again: nobody had the time to edit it). The fingerprint is the final
 * manifest's; the summary's own when a manifest lacks it.
 */
function freshRun(dir: string): RecordedRun {
  const summary = readSummary(dir);
  if (!summary) throw new Error(`experiment: the run ${dir} left no ${SUMMARY_FILE}`);
  const manifest = readManifest(dir);
  return { summary, fingerprint: manifest.fingerprint ?? summary.fingerprint };
}

/** The finished runs among `planned`, in planned order. */
export function finishedRuns(planned: readonly PlannedRun[], recorded: ReadonlyMap<string, RecordedRun>): FinishedRun[] {
  return planned.flatMap((run) => {
    const found = recorded.get(run.runId);
    return found ? [{ runId: run.runId, pointId: run.point.pointId, replicate: run.replicate, seed: run.seed, params: run.point.params, summary: found.summary, fingerprint: found.fingerprint }] : [];
  });
}

/** Writes results.json, results.csv and results.parquet; returns the table. */
export function writeExperimentTables(dir: string, sweptPaths: readonly string[], metrics: readonly string[], runs: readonly FinishedRun[]): DataTable {
  const table = experimentTable(runs, sweptPaths, metrics);
  writeJsonTable(join(dir, EXPERIMENT_FILES.json), table);
  writeCsv(join(dir, EXPERIMENT_FILES.csv), table);
  writeParquet(join(dir, EXPERIMENT_FILES.parquet), table);
  return table;
}

import { scenarioFolderInputs } from "../../core/input-source.js";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildWorld } from "../build-world.js";
import type { RunSummary } from "../run-summary.js";
import { isRepresentative, representativeSpans } from "../representative-spans.js";
import { runRepresentative } from "../run-representative.js";
import { runWorld } from "../run-world.js";
import { exportRunTables } from "../exports/time-series.js";
import type { Scenario } from "../scenario-schema.js";

/**
 * One run of an experiment, as a worker thread (or the main thread) does it: a plain,
 * structured-cloneable task in, the run's status out. The run folder is the only output. A
 * scenario with representative spans is one run too: its spans run in its folder and its
 * summary.json is the pooled year, which the experiment table reads.
 */

/** What a worker needs to do one run. */
export interface RunTask {
  readonly runId: string;
  readonly scenario: Scenario;
  readonly scenarioDir: string;
  /** The run folder to create. */
  readonly dir: string;
  readonly baselines: boolean;
  /** Keep steps.jsonl and write the run's time series beside it (false: only manifest.json and summary.json stay). */
  readonly keepLogs: boolean;
  /** Let the scenario's CSV paths leave scenarioDir (core/input-source.ts); default false. */
  readonly allowOutsideInputs?: boolean;
}

/** What a finished run reports back. */
export interface RunTaskResult {
  readonly runId: string;
  readonly status: RunSummary["status"];
  readonly seconds: number;
}

const SUMMARY = "summary.json";
const STEPS = "steps.jsonl";

/**
 * Runs one task into its folder. Whatever the folder held (an interrupted run, or one whose
 * summary did not match its manifest: recorded-summary.ts) is removed first, so the run is
 * written into a fresh folder and no file of the old one survives beside the new.
 */
export async function runTask(task: RunTask): Promise<RunTaskResult> {
  const started = performance.now();
  rmSync(task.dir, { recursive: true, force: true });
  // A representative scenario runs its spans into spans/ and pools them: the run's summary is the year's.
  const representative = isRepresentative(task.scenario);
  const result = representative
    ? await runRepresentative(task.scenario, task.scenarioDir, task.dir, { baselines: task.baselines, allowOutsideInputs: task.allowOutsideInputs === true })
    : await runWorld(buildWorld(task.scenario, scenarioFolderInputs(task.scenarioDir, { allowOutside: task.allowOutsideInputs === true })), task.dir, undefined, task.baselines);
  // A failed run's tables are exported as partial (named *.partial.parquet): they cover the steps before the fault.
  if (task.keepLogs) exportRunTables(task.dir, { partial: true });
  else for (const dir of representative ? representativeSpans(task.scenario).map((s) => join(task.dir, s.folder)) : [task.dir]) rmSync(join(dir, STEPS), { force: true });
  return { runId: task.runId, status: result.summary.status, seconds: (performance.now() - started) / 1000 };
}

/** The summary a run folder holds, or null. */
export function readSummary(dir: string): RunSummary | null {
  const path = join(dir, SUMMARY);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as RunSummary) : null;
}

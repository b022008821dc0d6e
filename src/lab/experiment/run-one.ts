import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../../core/canonical-json.js";
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
}

/** What a finished run reports back. */
export interface RunTaskResult {
  readonly runId: string;
  readonly status: RunSummary["status"];
  readonly seconds: number;
}

const SUMMARY = "summary.json";
const MANIFEST = "manifest.json";
const STEPS = "steps.jsonl";

/** Runs one task into its folder (which must not hold a finished run: see {@link finishedSummary}). */
export async function runTask(task: RunTask): Promise<RunTaskResult> {
  const started = performance.now();
  rmSync(task.dir, { recursive: true, force: true });
  // A representative scenario runs its spans into spans/ and pools them: the run's summary is the year's.
  const representative = isRepresentative(task.scenario);
  const result = representative
    ? await runRepresentative(task.scenario, task.scenarioDir, task.dir, { baselines: task.baselines })
    : await runWorld(buildWorld(task.scenario, task.scenarioDir), task.dir, undefined, task.baselines);
  if (task.keepLogs) exportRunTables(task.dir);
  else for (const dir of representative ? representativeSpans(task.scenario).map((s) => join(task.dir, s.folder)) : [task.dir]) rmSync(join(dir, STEPS), { force: true });
  return { runId: task.runId, status: result.summary.status, seconds: (performance.now() - started) / 1000 };
}

/**
 * The summary of a finished run in `dir` for exactly this scenario, or null: a folder with a
 * summary but another scenario (an edited experiment) or no summary (an interrupted run) is
 * not finished and will be run again.
 */
export function finishedSummary(dir: string, scenario: Scenario): RunSummary | null {
  const summaryPath = join(dir, SUMMARY);
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(summaryPath) || !existsSync(manifestPath)) return null;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { status?: string; scenario?: unknown };
    if (manifest.status !== "complete" && manifest.status !== "failed") return null;
    if (canonicalJson(manifest.scenario) !== canonicalJson(scenario)) return null;
    return JSON.parse(readFileSync(summaryPath, "utf8")) as RunSummary;
  } catch {
    return null;
  }
}

/** The summary a run folder holds, or null. */
export function readSummary(dir: string): RunSummary | null {
  const path = join(dir, SUMMARY);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as RunSummary) : null;
}

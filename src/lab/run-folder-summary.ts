import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { loadLpSolver } from "../core/lp.js";
import { readManifest } from "../sim/log/read-log.js";
import { STEPS_FILE, SUMMARY_FILE } from "../sim/log/run-folder.js";
import { buildWorld } from "./build-world.js";
import { loggedRecords } from "./logged-records.js";
import { loggedInputs, manifestScenario } from "./logged-scenario.js";
import { MetricsCollector } from "./metrics.js";
import { isRepresentativeManifest } from "./run-representative.js";
import type { RunState } from "./run-state.js";
import type { RunSummary } from "./run-summary.js";
import { summariseRun } from "./summarise-run.js";
import type { LogRecord } from "../sim/log/step-record.js";
import type { World } from "../sim/world.js";

/**
 * The summary a reader of a run folder (report, compare) shows: summary.json for a complete or
 * a failed run (a failed run writes one, covering the steps before its fault), and for an
 * interrupted run — which stopped before writing one, or wrote one its manifest never
 * recorded — the measured summary of its logged prefix, computed here the way the run computes
 * its own (summarise-run.ts) but without the baselines: a comparison or a viability over a
 * horizon the run never finished would read as a result.
 */

/** The summary of the run folder `dir` in `state` (from run-state.ts). */
export async function runFolderSummary(dir: string, state: RunState): Promise<RunSummary> {
  if (state.status === "interrupted") return prefixSummary(dir, state);
  const file = join(dir, SUMMARY_FILE);
  if (!existsSync(file)) throw new InputError({ path: file, expected: `the summary of a ${state.status} run (written by \`sesame run\`); there is none` });
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RunSummary;
  } catch (error) {
    throw new InputError({ path: file, expected: `valid JSON: ${(error as Error).message}` });
  }
}

/**
 * The measured summary of the steps the log of `dir` in `state` holds (an interrupted run's torn
 * last line dropped, logged-records.ts): the
 * world rebuilt from the manifest's scenario and the folder's input copies, every record added
 * to a MetricsCollector. Its `status` says what the records show (`complete`: no error record),
 * not that the run finished: the run state does. A log whose chain breaks before its end is an
 * input error naming the step; an interrupted representative run has no pooled year to show.
 */
export async function prefixSummary(dir: string, state: RunState): Promise<RunSummary> {
  const manifest = readManifest(dir);
  if (isRepresentativeManifest(manifest)) {
    throw new InputError({ path: dir, expected: `a run with one log: an interrupted representative run has no pooled year to summarise; use one of its spans (${join(dir, "spans")}/…), or finish it with \`sesame run --resume ${dir}\`` });
  }
  const scenario = manifestScenario(dir, manifest);
  const { records, problem } = loggedRecords(dir, scenario, state);
  if (problem) throw new InputError({ path: join(dir, STEPS_FILE), expected: `an intact log; it breaks at step ${problem.step}, field ${problem.field}: ${problem.message}` });
  return summariseRecords(buildWorld(scenario, loggedInputs(dir, manifest)), records);
}

/** The measured summary of `records` (a log's first records, in order) of a run of `world`: no baselines, no viability. */
export async function summariseRecords(world: World, records: readonly LogRecord[]): Promise<RunSummary> {
  // The agents' no-storage plans (noStorageCosts) are linear programs.
  await loadLpSolver();
  const metrics = new MetricsCollector(world);
  for (const record of records) metrics.add(record);
  const steps = records.filter((r) => r.kind === "step").length;
  // Not complete: summariseRun then adds neither the baselines' comparison nor the viability.
  return summariseRun(world, { status: "failed", steps }, metrics, false);
}

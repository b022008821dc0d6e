import type { InputSource } from "../../core/input-source.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { readManifest } from "../../sim/log/read-log.js";
import { MANIFEST_FILE, STEPS_FILE, SUMMARY_FILE, type Manifest } from "../../sim/log/run-folder.js";
import type { StepBody } from "../../sim/log/step-record.js";
import { buildWorld } from "../build-world.js";
import { loggedInputs, manifestScenario } from "../logged-scenario.js";
import type { RunSummary } from "../run-summary.js";
import type { Scenario } from "../scenario-schema.js";
import type { World } from "../../sim/world.js";
import { loggedRecords } from "../logged-records.js";
import { summariseRecords } from "../run-folder-summary.js";
import { partialLabel, requireWholeRun, type RunState } from "../run-state.js";

/** Everything a run report is drawn from. */
export interface RunData {
  readonly dir: string;
  readonly manifest: Manifest;
  /**
   * summary.json (a failed run's covers the steps before its fault); for an interrupted run the
   * measured summary of its logged steps; null when there is none to show.
   */
  readonly summary: RunSummary | null;
  /** The completed steps of the log, in order (an error record, if any, is dropped). */
  readonly steps: readonly StepBody[];
  /** Step length, hours, and the calendar start: the charts' time axis is hours since start. */
  readonly stepHours: number;
  readonly start: string;
  /**
   * The grid's buy and sell prices per step. They are inputs (the tariff), not logged, so
   * they come from rebuilding the world from the manifest; null when that fails (a CSV
   * profile moved away), and the price chart then shows the peer clearing price alone.
   */
  readonly gridPrices: { readonly buy: readonly number[]; readonly sell: readonly number[] } | null;
  /** Set when the log's hash chain is broken: the report still draws the readable prefix, but says so. */
  readonly logProblem: string | null;
  /** The run's state (run-state.ts): a failed or interrupted run is only read with `partial`. */
  readonly state: RunState;
  /** `partial: interrupted after 17 of 48 steps` (run-state.ts `partialLabel`) for a run that is not complete, else null: the banner and every chart title say it. */
  readonly partial: string | null;
}

/** How a run folder is read for a report. */
export interface RunDataOptions {
  /** Read a failed or interrupted run too (`sesame report --partial`); without it such a run is an InputError. */
  readonly partial?: boolean;
}

/** True when `dir` looks like a run folder (DESIGN.md §5). */
export function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE)) && existsSync(join(dir, STEPS_FILE));
}

/**
 * Reads a run folder for a report. A report is a view, so a broken chain is noted rather than
 * refused; but a failed or interrupted run is refused unless `partial` (run-state.ts
 * `requireWholeRun`), and then read as what it is: an interrupted run's torn last line is
 * dropped and, having no summary of its own, it is shown with the measured summary of its
 * logged steps (run-folder-summary.ts); a failed run with the summary it wrote.
 */
export async function readRunData(dir: string, options: RunDataOptions = {}): Promise<RunData> {
  const manifest = readManifest(dir);
  const state = requireWholeRun(dir, options.partial ?? false);
  const scenario = manifestScenario(dir, manifest);
  const { records, problem } = loggedRecords(dir, scenario, state);
  const steps = records.filter((r): r is Extract<typeof r, { kind: "step" }> => r.kind === "step");
  const world = worldOf(scenario, loggedInputs(dir, manifest));
  return {
    dir,
    manifest,
    summary: state.status === "interrupted" ? world && (await summariseRecords(world, records)) : readSummaryFile(dir),
    steps,
    stepHours: scenario.calendar.stepHours,
    start: scenario.calendar.start,
    gridPrices: world ? { buy: Array.from(world.buyPrice.subarray(0, steps.length)), sell: Array.from(world.sellPrice.subarray(0, steps.length)) } : null,
    logProblem: problem ? `step ${problem.step}, ${problem.field}: ${problem.message}` : null,
    state,
    partial: partialLabel(state),
  };
}

/** summary.json of `dir`, or null when there is none. */
function readSummaryFile(dir: string): RunSummary | null {
  const summaryFile = join(dir, SUMMARY_FILE);
  if (!existsSync(summaryFile)) return null;
  try {
    return JSON.parse(readFileSync(summaryFile, "utf8")) as RunSummary;
  } catch (error) {
    throw new InputError({ path: summaryFile, expected: `valid JSON: ${(error as Error).message}` });
  }
}

/** The logged run's world, or null when it cannot be rebuilt (the report then draws what the log alone holds). */
function worldOf(scenario: Scenario, inputs: InputSource): World | null {
  try {
    return buildWorld(scenario, inputs);
  } catch {
    return null;
  }
}

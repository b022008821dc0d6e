import type { InputSource } from "../../core/input-source.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { genesisHash } from "../../sim/log/hash-chain.js";
import { readManifest, readStepLog } from "../../sim/log/read-log.js";
import { MANIFEST_FILE, STEPS_FILE, SUMMARY_FILE, type Manifest } from "../../sim/log/run-folder.js";
import type { StepBody } from "../../sim/log/step-record.js";
import { buildWorld } from "../build-world.js";
import { loggedInputs, manifestScenario } from "../logged-scenario.js";
import type { RunSummary } from "../run-summary.js";
import type { Scenario } from "../scenario-schema.js";

/** Everything a run report is drawn from. */
export interface RunData {
  readonly dir: string;
  readonly manifest: Manifest;
  /** null when the run has no summary.json yet (still running, or killed). */
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
}

/** True when `dir` looks like a run folder (DESIGN.md §5). */
export function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE)) && existsSync(join(dir, STEPS_FILE));
}

/** Reads a run folder for a report. A report is a view, so a broken chain is noted rather than refused. */
export function readRunData(dir: string): RunData {
  const manifest = readManifest(dir);
  const scenario = manifestScenario(dir, manifest);
  const { records, problem } = readStepLog(dir, genesisHash(scenario));
  const steps = records.filter((r): r is Extract<typeof r, { kind: "step" }> => r.kind === "step");
  const summaryFile = join(dir, SUMMARY_FILE);
  let summary: RunSummary | null = null;
  if (existsSync(summaryFile)) {
    try {
      summary = JSON.parse(readFileSync(summaryFile, "utf8")) as RunSummary;
    } catch (error) {
      throw new InputError({ path: summaryFile, expected: `valid JSON: ${(error as Error).message}` });
    }
  }
  return {
    dir,
    manifest,
    summary,
    steps,
    stepHours: scenario.calendar.stepHours,
    start: scenario.calendar.start,
    gridPrices: gridPricesOf(scenario, loggedInputs(dir, manifest), steps.length),
    logProblem: problem ? `step ${problem.step}, ${problem.field}: ${problem.message}` : null,
  };
}

function gridPricesOf(scenario: Scenario, inputs: InputSource, steps: number): RunData["gridPrices"] {
  try {
    const world = buildWorld(scenario, inputs);
    return { buy: Array.from(world.buyPrice.subarray(0, steps)), sell: Array.from(world.sellPrice.subarray(0, steps)) };
  } catch {
    return null;
  }
}

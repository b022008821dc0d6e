import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { runSimulation, type RunOutcome } from "../sim/engine.js";
import { createRunFolder, MANIFEST_FILE, StepLogWriter, SUMMARY_FILE, writeJsonAtomic, type Manifest } from "../sim/log/run-folder.js";
import type { World } from "../sim/world.js";
import { RUN_FORMAT_VERSION, SESAME_VERSION } from "../version.js";
import { MetricsCollector } from "./metrics.js";
import type { RunSummary } from "./run-summary.js";
import { computeBaselines, noStorageCosts } from "./baselines.js";
import { compareWithBaselines } from "./comparison.js";
import { viabilityOf } from "./viability.js";
import type { Scenario } from "./scenario-schema.js";

/**
 * One ordinary run of a built world into a run folder (DESIGN.md §5): the manifest first, the
 * log step by step, then the summary with its baselines and viability and the final manifest.
 */

/** A finished (or failed) run and where it was written. */
export interface RunResult {
  readonly dir: string;
  readonly outcome: RunOutcome;
  readonly summary: RunSummary;
  readonly world: World;
}

/**
 * Runs an already built world into the run folder `dir` (created here; it must be new or
 * empty). `scenarioDir` is where the scenario's CSV paths are relative to.
 */
export async function runWorld(
  world: World,
  scenarioDir: string,
  dir: string,
  onProgress?: (done: number, total: number) => void,
  withBaselines = false,
): Promise<RunResult> {
  const scenario = world.scenario as Scenario;
  // A representative scenario is several runs (run-representative.ts); its world alone is only the first span's dates.
  if ((scenario as Partial<Scenario> | null)?.calendar?.representative !== undefined) {
    throw new InputError({ path: "calendar.representative", expected: "a scenario without representative spans for runWorld: run a representative scenario with runScenario (or runRepresentative)" });
  }
  createRunFolder(dir);
  const manifest: Manifest = {
    format: RUN_FORMAT_VERSION,
    sesameVersion: SESAME_VERSION,
    nodeVersion: process.version,
    createdAt: new Date().toISOString(),
    status: "running",
    scenario,
    seed: scenario.seed,
    scenarioDir,
    mechanisms: { rental: scenario.market.rental.mechanism, energy: scenario.market.energy.mechanism },
    steps: scenario.calendar.steps,
  };
  writeJsonAtomic(join(dir, MANIFEST_FILE), manifest);
  const writer = new StepLogWriter(dir);
  const metrics = new MetricsCollector(world);
  let outcome: RunOutcome;
  try {
    outcome = await runSimulation(world, {
      onRecord: (record, line) => {
        writer.append(line);
        metrics.add(record);
      },
      ...(onProgress ? { onProgress } : {}),
    });
  } finally {
    writer.close();
  }
  // Every saving is measured against each agent's own no-storage plan, baselines or not.
  const noStorage = noStorageCosts(world, outcome.steps);
  const measured = metrics.summary(noStorage);
  const compared: RunSummary =
    withBaselines && outcome.status === "complete" ? { ...measured, comparison: compareWithBaselines(measured, computeBaselines(world, outcome.steps, noStorage)) } : measured;
  // After the comparison: the users' side of viability needs the baselines.
  const summary: RunSummary = outcome.status === "complete" && compared.stepsCompleted > 0 ? { ...compared, viability: viabilityOf(compared, scenario) } : compared;
  writeJsonAtomic(join(dir, SUMMARY_FILE), summary);
  writeJsonAtomic(join(dir, MANIFEST_FILE), {
    ...manifest,
    status: outcome.status,
    stepsLogged: outcome.steps,
    fingerprint: outcome.fingerprint,
    ...(outcome.fault ? { error: { step: outcome.fault.step, agent: outcome.fault.agent, message: outcome.fault.detail } } : {}),
  });
  return { dir, outcome, summary, world };
}

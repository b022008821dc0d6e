import type { RunOutcome } from "../sim/engine.js";
import type { World } from "../sim/world.js";
import { computeBaselines, noStorageCosts } from "./baselines.js";
import { compareWithBaselines } from "./comparison.js";
import type { MetricsCollector } from "./metrics.js";
import type { RunSummary } from "./run-summary.js";
import type { Scenario } from "./scenario-schema.js";
import { viabilityOf } from "./viability.js";

/**
 * A run's summary.json from its world, how it ended and the metrics gathered from its records:
 * the measured figures, the comparison with the baselines when asked for (a complete run
 * only), and viability. One function, so a run (run-world.ts) and its verification
 * (verify-run.ts) compute the same bytes.
 */
export function summariseRun(world: World, outcome: Pick<RunOutcome, "status" | "steps">, metrics: MetricsCollector, withBaselines: boolean): RunSummary {
  // Every saving is measured against each agent's own no-storage plan, baselines or not.
  const noStorage = noStorageCosts(world, outcome.steps);
  const measured = metrics.summary(noStorage);
  const compared: RunSummary =
    withBaselines && outcome.status === "complete" ? { ...measured, comparison: compareWithBaselines(measured, computeBaselines(world, outcome.steps, noStorage)) } : measured;
  // After the comparison: the users' side of viability needs the baselines.
  return outcome.status === "complete" && compared.stepsCompleted > 0 ? { ...compared, viability: viabilityOf(compared, world.scenario as Scenario) } : compared;
}

/** summary.json's text: what a run writes and what verification compares byte for byte. */
export function summaryText(summary: RunSummary): string {
  return JSON.stringify(summary, null, 2) + "\n";
}

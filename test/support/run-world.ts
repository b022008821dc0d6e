import { computeBaselines, noStorageCosts, type Baselines } from "../../src/lab/baselines.js";
import { compareWithBaselines } from "../../src/lab/comparison.js";
import { MetricsCollector } from "../../src/lab/metrics.js";
import type { Comparison, RunSummary } from "../../src/lab/run-summary.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { World } from "../../src/sim/world.js";

/** A world run to its end in memory, its summary (savings against each agent's own no-storage plan) and the number of steps logged. */
export async function runAndSummarise(world: World): Promise<{ summary: RunSummary; steps: number }> {
  const metrics = new MetricsCollector(world);
  const outcome = await runSimulation(world, { onRecord: (r) => metrics.add(r) });
  return { summary: metrics.summary(noStorageCosts(world, outcome.steps)), steps: outcome.steps };
}

/** A world run to its end, with its baselines and the comparison (baselines computed unless given). */
export async function runAndCompare(world: World, given?: Baselines): Promise<{ summary: RunSummary; steps: number; baselines: Baselines; comparison: Comparison }> {
  const { summary, steps } = await runAndSummarise(world);
  const baselines = given ?? computeBaselines(world, steps);
  return { summary, steps, baselines, comparison: compareWithBaselines(summary, baselines) };
}

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadLpSolver } from "../src/core/lp.js";
import { buildWorld } from "../src/lab/build-world.js";
import { MetricsCollector } from "../src/lab/metrics.js";
import { runSimulation } from "../src/sim/engine.js";
import { createRunFolder, StepLogWriter, STEPS_FILE } from "../src/sim/log/run-folder.js";
import { runPlainLoop } from "./plain-loop.js";
import { scaledScenario } from "./scaled-scenario.js";

/** What the engine benchmark measured. */
export interface EngineFigures {
  readonly agents: number;
  readonly steps: number;
  readonly engineSeconds: number;
  readonly plainSeconds: number;
  /** Peak RSS during the engine's run, bytes. */
  readonly enginePeakBytes: number;
  readonly logBytes: number;
}

/**
 * The default scenario scaled to `prosumers` prosumers × `steps` hourly steps, once through
 * the engine with full logging and once through the plain-loop reference. Prints agent-steps
 * per second for both, their ratio and peak memory, and returns the figures. A benchmark, not a
 * test: it asserts nothing.
 */
export async function benchEngineVsLoop(prosumers: number, steps: number): Promise<EngineFigures> {

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

await loadLpSolver();
const { scenario, dir } = scaledScenario(prosumers, steps);
const world = buildWorld(scenario, dir);
const agentSteps = world.agents.length * steps;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

console.log(`SESAME benchmark: ${world.agents.length} agents (${prosumers} prosumers + DCC) × ${steps} steps = ${agentSteps.toLocaleString("en-US")} agent-steps`);


const plainStart = performance.now();
runPlainLoop(world);
const plainSeconds = (performance.now() - plainStart) / 1000;
sample();
const plainPeak = peakRss;
console.log(`plain loop: ${plainSeconds.toFixed(1)} s, ${(agentSteps / plainSeconds).toFixed(0)} agent-steps/s, peak RSS ${mb(plainPeak)} MiB`);

(globalThis as { gc?: () => void }).gc?.();
peakRss = 0;
const runDir = mkdtempSync(join(tmpdir(), "sesame-bench-"));
createRunFolder(runDir);
const writer = new StepLogWriter(runDir);
const metrics = new MetricsCollector(world);
const engineStart = performance.now();
const outcome = await runSimulation(world, {
  onRecord: (record, line) => {
    writer.append(line);
    metrics.add(record);
  },
  onProgress: (done) => {
    if (done % 500 === 0) sample();
  },
});
writer.close();
const engineSeconds = (performance.now() - engineStart) / 1000;
sample();
const logBytes = statSync(join(runDir, STEPS_FILE)).size;
rmSync(runDir, { recursive: true, force: true });
clearInterval(sampler);
console.log(
  `engine:     ${engineSeconds.toFixed(1)} s, ${(agentSteps / engineSeconds).toFixed(0)} agent-steps/s, peak RSS ${mb(peakRss)} MiB, log ${mb(logBytes)} MiB, status ${outcome.status}`,
);
console.log(`ratio engine/plain time: ${(engineSeconds / plainSeconds).toFixed(2)}×`);
return { agents: world.agents.length, steps, engineSeconds, plainSeconds, enginePeakBytes: peakRss, logBytes };
}

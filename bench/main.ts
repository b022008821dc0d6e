import { cpus } from "node:os";
import { benchEnergyClearing } from "./energy-clearing.js";
import { benchEngineVsLoop } from "./engine-vs-loop.js";
import { benchRentalRounds } from "./rental-rounds.js";
import { benchExperimentWorkers } from "./experiment-workers.js";

/**
 * `npm run bench`: mechanism benchmarks (energy clearing, Stackelberg and Shapley rounds), then
 * the engine against the plain loop at 1,000 prosumers × 8,760 steps (about 8 minutes).
 * then an experiment of 32 points on 1 and 2 worker threads.
 * BENCH_ONLY=mechanisms|engine|experiment runs one part; BENCH_PROSUMERS and BENCH_STEPS scale the engine part.
 */
const only = process.env["BENCH_ONLY"];
console.log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, Node ${process.version}`);
if (only === undefined || only === "mechanisms") {
  for (const line of benchEnergyClearing()) console.log(line);
  for (const line of await benchRentalRounds()) console.log(line);
}
if (only === undefined || only === "engine") {
  await benchEngineVsLoop(Number(process.env["BENCH_PROSUMERS"] ?? 1000), Number(process.env["BENCH_STEPS"] ?? 8760));
}
if (only === undefined || only === "experiment") {
  for (const line of await benchExperimentWorkers()) console.log(line);
}

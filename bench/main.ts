import { cpus, totalmem } from "node:os";
import { benchDccSharedYear } from "./dcc-shared-year.js";
import { benchEnergyClearing } from "./energy-clearing.js";
import { benchEngineVsLoop, type EngineFigures } from "./engine-vs-loop.js";
import { benchExperimentWorkers } from "./experiment-workers.js";
import { figureTable, type Figure } from "./figure.js";
import { benchRentalRounds } from "./rental-rounds.js";

/**
 * `npm run bench`: the mechanisms (energy clearing at 1k–100k orders, Stackelberg and Shapley
 * rounds), the engine against the plain loop at 1,000 prosumers × 8,760 steps, dcc-shared for a
 * year with its baselines, and an experiment of 32 points on 1 and 2 worker threads; then the
 * table of issue 13's figures, each against its goal. About 15 minutes.
 *
 * - BENCH_QUICK=1: the same figures at a smaller size in about a minute — the engine for 192
 *   steps, dcc-shared for two weeks (both extrapolated to a year, and said so), clearing up to
 *   10k orders, an experiment of 32 one-day points of 6 steps. Ratios are comparable; absolute
 *   seconds less so (start-up weighs more).
 * - BENCH_LARGE=1: also the engine at 10,000 prosumers × 8,760 steps (peak memory).
 * - BENCH_ONLY=mechanisms|engine|dcc|experiment runs one part (its figures only);
 *   BENCH_PROSUMERS and BENCH_STEPS scale the engine part.
 */
const only = process.env["BENCH_ONLY"];
const quick = process.env["BENCH_QUICK"] === "1";
const large = process.env["BENCH_LARGE"] === "1";
const YEAR = 8760;
const part = (name: string) => only === undefined || only === name;
const figures: Figure[] = [];
const mib = (bytes: number) => bytes / 2 ** 20;

console.log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}${quick ? " (BENCH_QUICK)" : ""}`);

if (part("mechanisms")) {
  const clearing = benchEnergyClearing(quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]);
  for (const line of clearing.lines) console.log(line);
  const { orders, sortMs, worst } = clearing.largest;
  figures.push({ name: `energy clearing, ${orders.toLocaleString("en-US")} orders, slowest mechanism / sort`, value: worst.ms / sortMs, unit: "×", goal: 2, better: "lower", note: `${worst.name} ${worst.ms.toFixed(0)} ms, sort ${sortMs.toFixed(0)} ms` });
  for (const line of await benchRentalRounds()) console.log(line);
}

if (part("engine")) {
  const prosumers = Number(process.env["BENCH_PROSUMERS"] ?? 1000);
  const steps = Number(process.env["BENCH_STEPS"] ?? (quick ? 192 : YEAR));
  engineFigures(await benchEngineVsLoop(prosumers, steps));
  if (large) {
    const big = await benchEngineVsLoop(10_000, YEAR);
    figures.push({ name: `peak RSS, ${big.agents.toLocaleString("en-US")} agents × ${big.steps} h`, value: mib(big.enginePeakBytes), unit: "MiB", goal: 1024, better: "lower" });
  }
}

if (part("dcc")) {
  const dcc = await benchDccSharedYear(quick ? 336 : undefined);
  console.log(dcc.line);
  figures.push({ name: "dcc-shared, a year with baselines", value: (dcc.seconds * YEAR) / dcc.steps, unit: "s", goal: 15, better: "lower", ...(dcc.steps < YEAR ? { note: `extrapolated from ${dcc.steps} steps (${dcc.seconds.toFixed(1)} s)` } : {}) });
}

if (part("experiment")) {
  const experiment = await benchExperimentWorkers(quick ? 6 : 24);
  for (const line of experiment.lines) console.log(line);
  figures.push({ name: "experiment, 2 worker threads vs 1", value: experiment.speedUp, unit: "×", goal: 1.85, better: "higher", ...(quick ? { note: "32 runs of 6 steps" } : { note: "32 runs of 24 steps" }) });
}

console.log("\nissue 13's figures against their goals:");
for (const line of figureTable(figures)) console.log(line);

/** The engine's figures: a year's time (extrapolated when fewer steps ran), the ratio to the plain loop, the plain loop, the log per agent-step, peak memory. */
function engineFigures(e: EngineFigures): void {
  const perYear = YEAR / e.steps;
  const note = e.steps < YEAR ? `extrapolated from ${e.steps} steps` : undefined;
  const size = `${e.agents.toLocaleString("en-US")} agents × 8,760 h`;
  figures.push({ name: `engine with full log, ${size}`, value: e.engineSeconds * perYear, unit: "s", goal: 30, better: "lower", ...(note ? { note } : {}) });
  figures.push({ name: "engine / plain-loop reference", value: e.engineSeconds / e.plainSeconds, unit: "×", goal: 1.5, better: "lower" });
  figures.push({ name: `plain-loop reference, ${size}`, value: e.plainSeconds * perYear, unit: "s", goal: 12, better: "lower", ...(note ? { note } : {}) });
  figures.push({ name: "log size", value: e.logBytes / (e.agents * e.steps), unit: "bytes/agent-step", goal: 40, better: "lower", note: "steps.jsonl, uncompressed" });
  figures.push({ name: `peak RSS, ${e.agents.toLocaleString("en-US")} agents × ${e.steps} h`, value: mib(e.enginePeakBytes), unit: "MiB", goal: 1024, better: "lower", note: "goal is for 10,000 agents × 8,760 h (BENCH_LARGE=1)" });
}

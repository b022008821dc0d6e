/**
 * SESAME's public API: what an experiment script imports (`import { runScenario } from "sesame"`).
 * The layers underneath are reachable too, for scripts that build worlds or clear books
 * themselves.
 */

// Running scenarios and reading runs.
export { runScenario, runWorld, withOverrides, type RunRequest, type RunResult } from "./lab/run-scenario.js";
export { loadScenario, parseScenarioText, validateScenario, builtInScenarioNames, DEFAULT_SCENARIO, type LoadedScenario } from "./lab/load-scenario.js";
export { ScenarioSchema, type Scenario, type ScenarioInput } from "./lab/scenario-schema.js";
export { buildWorld } from "./lab/build-world.js";
export { verifyRun, type Verification } from "./lab/verify-run.js";
export { MetricsCollector, noStorageCostOf, type RunSummary, type AgentMetrics } from "./lab/metrics.js";

// The engine.
export { runSimulation, initialState, type RunOptions, type RunOutcome } from "./sim/engine.js";
export type { World, ConsumerAgent } from "./sim/world.js";
export type { SimState } from "./sim/state.js";
export type { LogRecord, StepBody, ErrorBody, RentalRecord, Imbalance } from "./sim/step-record.js";
export { readManifest, readStepLog, type LogProblem } from "./sim/read-log.js";
export { genesisHash, sealRecord, recordHash } from "./sim/hash-chain.js";
export { MANIFEST_FILE, STEPS_FILE, SUMMARY_FILE, type Manifest } from "./sim/run-folder.js";

// Markets, storage, agents.
export * as market from "./market/index.js";
export * as storage from "./storage/index.js";
export * as agents from "./agents/index.js";

// Core utilities.
export { InputError, RunFault, type InputIssue } from "./core/errors.js";
export { canonicalJson } from "./core/canonical-json.js";
export { createStream, restoreStream, type RandomStream } from "./core/rng.js";
export { loadLpSolver, solveLp, type LinearProgram, type LpSolution } from "./core/lp.js";
export type { Calendar } from "./core/calendar.js";
export type { Tariff } from "./core/tariff.js";
export { SESAME_VERSION, RUN_FORMAT_VERSION } from "./version.js";

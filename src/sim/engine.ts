import { timeAt } from "../core/calendar.js";
import { RunFault } from "../core/errors.js";
import { loadLpSolver } from "../core/lp.js";
import { initialStorageState } from "../storage/index.js";
import { AgentHandlerError } from "./agent-bus.js";
import { genesisHash, sealRecord } from "./log/hash-chain.js";
import { closeRuntime, createRuntime } from "./runtime.js";
import type { SimState } from "./state.js";
import { runStep } from "./step.js";
import type { LogRecord } from "./log/step-record.js";
import type { World } from "./world.js";

/** Options of one simulation. */
export interface RunOptions {
  /** Receives every sealed record and its log line, in order, as soon as it exists (the log writer). */
  readonly onRecord?: (record: LogRecord, line: string) => void;
  /** Called after each step with (steps done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Keep immer's auto-freeze on (tests); off by default for speed (NOTES-toolchain). */
  readonly freeze?: boolean;
}

/** How a run ended. */
export interface RunOutcome {
  readonly status: "complete" | "failed";
  /** Steps completed. */
  readonly steps: number;
  /** Hash of the last record: the run's fingerprint. */
  readonly fingerprint: string;
  readonly finalState: SimState;
  /** The fault that stopped a failed run. */
  readonly fault?: RunFault;
}

/** The state before step 0. */
export function initialState(world: World): SimState {
  return {
    t: 0,
    storage: initialStorageState(world.storage),
    contracts: [],
    strategyStates: Object.fromEntries(world.agents.map(({ model, strategy }) => [model.id, strategy.initialState()])),
    balances: {},
    peakImportKW: {},
    lastClearing: {},
  };
}

/**
 * Runs `world` from step 0 to the end. A fault stops the run after an error record naming
 * the step and agent; everything logged before it stays valid.
 */
export async function runSimulation(world: World, options: RunOptions = {}): Promise<RunOutcome> {
  await loadLpSolver();
  const runtime = createRuntime(world, options.freeze ?? false);
  const total = world.calendar.steps;
  let state = initialState(world);
  let prevHash = genesisHash(world.scenario);
  try {
    for (let t = 0; t < total; t++) {
      let body;
      try {
        ({ state, body } = runStep(world, state, runtime));
      } catch (error) {
        const fault = asRunFault(error, t);
        const { record, line } = sealRecord({ kind: "error", t, time: timeAt(world.calendar, t), error: { agent: fault.agent, message: fault.detail } }, prevHash);
        options.onRecord?.(record, line);
        return { status: "failed", steps: t, fingerprint: record.hash, finalState: state, fault };
      }
      const { record, line } = sealRecord(body, prevHash);
      options.onRecord?.(record, line);
      prevHash = record.hash;
      options.onProgress?.(t + 1, total);
    }
  } finally {
    closeRuntime(runtime);
  }
  return { status: "complete", steps: total, fingerprint: prevHash, finalState: state };
}

function asRunFault(error: unknown, t: number): RunFault {
  if (error instanceof RunFault) return error;
  if (error instanceof AgentHandlerError) {
    const cause = error.cause;
    if (cause instanceof RunFault) return cause;
    return new RunFault(t, error.agent, error.message);
  }
  return new RunFault(t, "engine", error instanceof Error ? error.message : String(error));
}

import { genesisHash } from "../sim/log/hash-chain.js";
import { readStepLog, type StepLog } from "../sim/log/read-log.js";
import type { RunState } from "./run-state.js";
import type { Scenario } from "./scenario-schema.js";

/**
 * The records of a run folder's log as export, report and compare read them: the chain checked
 * from the scenario's genesis hash, and — for an interrupted run only — a torn last line dropped.
 * A killed process may stop in the middle of writing a line; that line was never part of the
 * run's record, and its prefix is what the run left. In a complete or failed run a line without
 * its newline is damage, and stays the problem it is.
 */

/** The log of the run folder `dir` of `scenario` in `state`, with an interrupted run's torn last line dropped. */
export function loggedRecords(dir: string, scenario: Scenario, state: RunState): StepLog {
  const log = readStepLog(dir, genesisHash(scenario));
  if (state.status !== "interrupted" || !log.tornTail) return log;
  // The whole lines are the prefix (run-state.ts counts them); the torn one is the line after them.
  const whole = state.stepsLogged;
  return {
    records: log.records.slice(0, whole),
    problem: log.problem && log.problem.step < whole ? log.problem : null,
    tornTail: true,
  };
}

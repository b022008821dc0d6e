import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { MANIFEST_FILE, STEPS_FILE, type Manifest } from "./run-folder.js";
import { recordHash } from "./hash-chain.js";
import type { LogRecord } from "./step-record.js";

/** A problem found in a log, at a step and field. */
export interface LogProblem {
  readonly step: number;
  readonly field: string;
  readonly message: string;
}

/** Reads manifest.json of a run folder. */
export function readManifest(dir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), "utf8");
  } catch {
    throw new InputError({ path: "RUN_DIR", expected: `a run folder containing ${MANIFEST_FILE}; none in ${dir}` });
  }
  try {
    return JSON.parse(text) as Manifest;
  } catch (error) {
    throw new InputError({ path: `${MANIFEST_FILE}`, expected: `valid JSON: ${(error as Error).message}` });
  }
}

/** steps.jsonl as read: the records, the first problem, and whether the last line lacks its newline. */
export interface StepLog {
  readonly records: LogRecord[];
  readonly problem: LogProblem | null;
  /**
   * The file does not end with a newline: its last line was cut — by a run killed while writing
   * it (an interrupted run, ../../lab/run-state.ts) or by an edit. That line is `problem`.
   */
  readonly tornTail: boolean;
}

/**
 * Reads steps.jsonl and checks its hash chain from `genesis`. Returns every record up to the
 * first line that is not JSON, and the first problem (that line, a broken link, a hash that
 * does not match the record's content). Nothing is repaired.
 */
export function readStepLog(dir: string, genesis: string): StepLog {
  let text: string;
  try {
    text = readFileSync(join(dir, STEPS_FILE), "utf8");
  } catch {
    return { records: [], problem: { step: 0, field: STEPS_FILE, message: `cannot read ${STEPS_FILE}` }, tornTail: false };
  }
  const lines = text.split("\n");
  const tornTail = lines[lines.length - 1] !== "";
  if (!tornTail) lines.pop();
  const records: LogRecord[] = [];
  let prevHash = genesis;
  let problem: LogProblem | null = null;
  for (let i = 0; i < lines.length; i++) {
    let record: LogRecord;
    try {
      record = JSON.parse(lines[i]!) as LogRecord;
    } catch {
      return { records, problem: problem ?? { step: i, field: "(line)", message: `line ${i + 1} of ${STEPS_FILE} is not valid JSON (cut or edited)` }, tornTail };
    }
    if (problem === null) problem = chainProblem(record, i, prevHash);
    records.push(record);
    prevHash = record.hash;
  }
  return { records, problem, tornTail };
}

function chainProblem(record: LogRecord, i: number, prevHash: string): LogProblem | null {
  if (record.t !== i) return { step: i, field: "t", message: `line ${i + 1} holds step ${String(record.t)}` };
  if (record.prevHash !== prevHash) return { step: i, field: "prevHash", message: "does not link to the previous record" };
  if (recordHash(record) !== record.hash) return { step: i, field: "hash", message: "does not match the record's content" };
  return null;
}

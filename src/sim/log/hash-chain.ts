import { canonicalJson, canonicalMembers, joinMembers } from "../../core/canonical-json.js";
import { sha256Hex, digestOf } from "../../core/hash.js";
import { RUN_FORMAT_VERSION } from "../../version.js";
import type { ErrorBody, LogRecord, StepBody } from "./step-record.js";

/** The chain's first prevHash, which binds the log to the resolved scenario (./index.ts). */
export function genesisHash(scenario: unknown): string {
  return digestOf({ format: RUN_FORMAT_VERSION, scenario });
}

/** A record sealed into the chain, with its steps.jsonl line. */
export interface SealedRecord {
  readonly record: LogRecord;
  /** canonicalJson(record), without the newline. */
  readonly line: string;
}

/**
 * Seals `body` into the chain after `prevHash` (the hash as ./index.ts states it). Each member
 * is serialised once and serves both the hash and the log line.
 */
export function sealRecord(body: StepBody | ErrorBody, prevHash: string): SealedRecord {
  const members = canonicalMembers({ ...body, prevHash });
  const hash = sha256Hex(`${prevHash}\n${joinMembers(members)}`);
  members.set("hash", JSON.stringify(hash));
  return { record: { ...body, prevHash, hash }, line: joinMembers(members) };
}

/** The hash a record must carry, computed from everything in it except `hash`. */
export function recordHash(record: Omit<LogRecord, "hash"> | LogRecord): string {
  const { hash: _ignored, ...content } = record as LogRecord;
  return sha256Hex(`${content.prevHash}\n${canonicalJson(content)}`);
}

import { canonicalJson } from "../core/canonical-json.js";
import { sha256Hex, digestOf } from "../core/hash.js";
import { RUN_FORMAT_VERSION } from "../version.js";
import type { ErrorBody, LogRecord, StepBody } from "./step-record.js";

/** The chain's first prevHash: binds the log to the resolved scenario (which includes the seed). */
export function genesisHash(scenario: unknown): string {
  return digestOf({ format: RUN_FORMAT_VERSION, scenario });
}

/** Seals `body` into the chain after `prevHash`. */
export function sealRecord(body: StepBody | ErrorBody, prevHash: string): LogRecord {
  const chained = { ...body, prevHash };
  return { ...chained, hash: recordHash(chained) };
}

/** The hash a record must carry, computed from everything in it except `hash`. */
export function recordHash(record: Omit<LogRecord, "hash"> | LogRecord): string {
  const { hash: _ignored, ...content } = record as LogRecord;
  return sha256Hex(`${content.prevHash}\n${canonicalJson(content)}`);
}

/**
 * The run log (DESIGN.md §5), in one place: what a line of steps.jsonl holds (step-record.ts),
 * how a line is sealed into the hash chain (hash-chain.ts), how a run folder is written while
 * the run goes (run-folder.ts), and how it is read back and checked (read-log.ts).
 *
 * **What may change a hash.** This is the one statement of the rule; the code cites it here.
 *
 * - *What is hashed.* Every record, chained: `hash = sha256(prevHash + "\n" +
 *   canonicalJson(record without hash))`. The first `prevHash` is the genesis hash,
 *   `digestOf({ format: RUN_FORMAT_VERSION, scenario })` of the resolved scenario (seed
 *   included), so a log cannot be paired with another scenario; a run's fingerprint is its last
 *   record's hash. The resolved scenario is bound through the genesis hash.
 * - *The manifest's seal.* A finished run's manifest records the SHA-256 of every file the run
 *   wrote (`files`: steps.jsonl, summary.json, the inputs/ copies) and carries `seal =
 *   sha256(fingerprint + "\n" + canonicalJson(manifest without seal))` (manifest-seal.ts). So
 *   every byte of the manifest, and through `files` of every file, is bound to the chain's
 *   end; verification recomputes the chain by re-running, the summary from the re-run, and
 *   every hash (lab/verify-run.ts). The seal is not a signature: whoever rewrites a whole folder
 *   consistently must also forge a log that re-running reproduces, which is the point.
 * - *Which bytes.* A record's line is its canonical JSON (core/canonical-json.ts): keys sorted
 *   by code unit, `undefined` members dropped, NaN and ±Infinity refused, numbers as
 *   `String(n)`. So the order in which code builds an object's fields never matters, but the
 *   order of every logged array does (it follows a named rule, ids by `compareIds`, never
 *   timing), and so does every number's last bit (summing in another order can change it).
 * - *Hence.* Any change to a logged value, to the resolved scenario (a default newly filled
 *   in) or to `RUN_FORMAT_VERSION` changes the hashes from that step on. A new field — in a
 *   record or in the resolved scenario — keeps old logs byte-identical only if it stays absent
 *   (`undefined`, not `null`, `0`, `[]` or `false`) wherever it is not used.
 *
 * The same scenario and seed then give a byte-identical log on any machine and with any number
 * of workers (DESIGN.md §4).
 */
export type { LogRecord, StepBody, ErrorBody, RentalRecord, RentalIteration } from "./step-record.js";
export { genesisHash, sealRecord, recordHash, type SealedRecord } from "./hash-chain.js";
export { MANIFEST_FILE, STEPS_FILE, SUMMARY_FILE, createRunFolder, writeJsonAtomic, StepLogWriter, INPUTS_DIR, type Manifest, type InputFileRecord } from "./run-folder.js";
export { readManifest, readStepLog, type LogProblem, type StepLog } from "./read-log.js";
export { manifestSeal, sealManifest } from "./manifest-seal.js";

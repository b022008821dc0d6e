import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../../core/canonical-json.js";
import { sha256Bytes } from "../../core/hash.js";
import { manifestSeal } from "../../sim/log/manifest-seal.js";
import { MANIFEST_FILE, SUMMARY_FILE, type Manifest } from "../../sim/log/run-folder.js";
import type { RunSummary } from "../run-summary.js";

/**
 * Whether a run folder an earlier invocation left can stand for its run (experiment resume,
 * merging shards) without re-running it: its manifest is final (complete or failed: a failed
 * run fails the same way again), for exactly this scenario, matches its seal (manifest-seal.ts,
 * which binds every member, `files` included, to the run's fingerprint), and summary.json's
 * SHA-256 is the one `files` records. So an edited summary — one digit of a profit — is never
 * read into a results table; the run is run again instead. An ordinary and a representative
 * run folder are checked alike: both final manifests carry `files` and `seal`.
 */

/** A run folder's summary that its manifest vouches for, or why it cannot be used. */
export type RecordedSummary =
  | { readonly ok: true; readonly summary: RunSummary; /** The manifest's fingerprint: the run's identity in results tables. */ readonly fingerprint: string }
  | {
      readonly ok: false;
      /** `absent`: no run folder, nothing to say; `unfinished`: the run stopped before its final manifest; `mismatch`: the folder holds a finished run that cannot be trusted or is another run's. */
      readonly kind: "absent" | "unfinished" | "mismatch";
      /** For a person: `summary.json does not match its manifest`. */
      readonly reason: string;
    };

/** The summary of the finished run in `dir` for `scenario`, checked as the module comment says. */
export function recordedSummary(dir: string, scenario: unknown): RecordedSummary {
  if (!existsSync(dir)) return { ok: false, kind: "absent", reason: "no run folder" };
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return { ok: false, kind: "unfinished", reason: `no ${MANIFEST_FILE} (stopped before it started)` };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  } catch {
    return { ok: false, kind: "mismatch", reason: `${MANIFEST_FILE} is not valid JSON` };
  }
  if (manifest === null || typeof manifest !== "object") return { ok: false, kind: "mismatch", reason: `${MANIFEST_FILE} is not a run manifest` };
  if (manifest.status === "running") return { ok: false, kind: "unfinished", reason: `interrupted (${MANIFEST_FILE} still says running)` };
  if (manifest.status !== "complete" && manifest.status !== "failed") return { ok: false, kind: "mismatch", reason: `${MANIFEST_FILE} has status ${JSON.stringify(manifest.status)}, not complete or failed` };
  if (canonicalJson(manifest.scenario) !== canonicalJson(scenario)) return { ok: false, kind: "mismatch", reason: `${MANIFEST_FILE} is for another scenario than this run's` };
  if (typeof manifest.seal !== "string") return { ok: false, kind: "mismatch", reason: `${MANIFEST_FILE} has no seal (written before run folders were sealed)` };
  if (manifestSeal(manifest) !== manifest.seal) return { ok: false, kind: "mismatch", reason: `${MANIFEST_FILE} does not match its seal (edited)` };
  const recorded = manifest.files?.[SUMMARY_FILE];
  if (typeof recorded !== "string") return { ok: false, kind: "mismatch", reason: `${MANIFEST_FILE} records no SHA-256 of ${SUMMARY_FILE}` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, SUMMARY_FILE));
  } catch {
    return { ok: false, kind: "mismatch", reason: `${SUMMARY_FILE} is missing` };
  }
  if (sha256Bytes(bytes) !== recorded) return { ok: false, kind: "mismatch", reason: `${SUMMARY_FILE} does not match its manifest` };
  if (typeof manifest.fingerprint !== "string") return { ok: false, kind: "mismatch", reason: `${MANIFEST_FILE} has no fingerprint` };
  // The bytes are the run's own (their hash is sealed), so they parse as the run wrote them.
  return { ok: true, summary: JSON.parse(bytes.toString("utf8")) as RunSummary, fingerprint: manifest.fingerprint };
}

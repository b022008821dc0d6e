import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

/** SHA-256 of a UTF-8 string, lowercase hex. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** SHA-256 (hex) of raw bytes: a file's hash as a run folder's manifest records it. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** SHA-256 of a value's canonical JSON: the fingerprint of anything SESAME logs. */
export function digestOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Bytes } from "../core/hash.js";
import { manifestSeal } from "../sim/log/manifest-seal.js";
import { MANIFEST_FILE, type Manifest } from "../sim/log/run-folder.js";

/**
 * A finished run folder's seal and recorded file hashes, checked the same way for an ordinary
 * run (verify-run.ts) and a representative one (verify-representative.ts): the manifest carries
 * its seal and `files`, the seal matches, every required file is recorded, and every recorded
 * file has its hash.
 */

/** Which file (or manifest member) is wrong, and how. */
export interface SealProblem {
  readonly field: string;
  readonly message: string;
}

/** The first problem with `manifest`'s seal and files in `dir`; `skip` names files checked elsewhere. */
export function sealedFilesProblem(dir: string, manifest: Manifest, required: readonly string[], skip: readonly string[] = []): SealProblem | null {
  if (typeof manifest.seal !== "string" || typeof manifest.files !== "object" || manifest.files === null) {
    return { field: MANIFEST_FILE, message: "has no seal or file hashes: it was edited, or written by a SESAME older than run-folder sealing (re-run the scenario)" };
  }
  if (manifestSeal(manifest) !== manifest.seal) return { field: MANIFEST_FILE, message: "its seal does not match its content: the manifest was edited after the run" };
  for (const file of required) if (!(file in manifest.files)) return { field: `${MANIFEST_FILE}: files`, message: `records no hash for ${file}` };
  for (const [file, sha] of Object.entries(manifest.files).filter(([f]) => !skip.includes(f))) {
    const found = fileHash(dir, file);
    if (found === null) return { field: file, message: "is missing: the manifest records it" };
    if (found !== sha) return { field: file, message: `its sha256 ${found} is not the ${sha} the manifest records: the file changed after the run` };
  }
  return null;
}

/** The SHA-256 of `file` in the run folder `dir`, or null when it cannot be read or its path leaves the folder. */
export function fileHash(dir: string, file: string): string | null {
  if (file.split("/").includes("..")) return null;
  try {
    return sha256Bytes(readFileSync(join(dir, file)));
  } catch {
    return null;
  }
}

import { canonicalJson } from "../../core/canonical-json.js";
import { sha256Hex } from "../../core/hash.js";
import type { Manifest } from "./run-folder.js";

/**
 * The manifest's seal (the rule in ./index.ts): a finished run's manifest.json carries
 * `seal = sha256(fingerprint + "\n" + canonicalJson(manifest without seal))`. The fingerprint is
 * the chain's last hash, which verification recomputes by re-running; so the seal binds every
 * member of the manifest — status, versions, created-at, the recorded file hashes — to the
 * chain, and one changed byte anywhere in the manifest shows.
 */

/** The seal `manifest` must carry (its `seal` member ignored). */
export function manifestSeal(manifest: Manifest): string {
  const { seal: _ignored, ...content } = manifest;
  return sha256Hex(`${content.fingerprint ?? ""}\n${canonicalJson(content)}`);
}

/** `manifest` with its seal. */
export function sealManifest(manifest: Manifest): Manifest {
  return { ...manifest, seal: manifestSeal(manifest) };
}

import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { runFolderInputs, type InputSource } from "../core/input-source.js";
import { MANIFEST_FILE, type Manifest } from "../sim/log/run-folder.js";
import { validateScenario } from "./load-scenario.js";
import type { Scenario } from "./scenario-schema.js";

/**
 * What a run folder says ran: the resolved scenario its manifest holds, and its input files as
 * the folder keeps them (`inputs/`, each checked against the manifest's SHA-256). Everything that
 * rebuilds a logged run's world (verify, resume, export, report, counterfactuals) reads it here,
 * so a run folder moved to another machine still works and nothing reads the scenario's folder.
 */

/** The manifest's resolved scenario, validated; a problem is named `<dir>/manifest.json: scenario.<field>`. */
export function manifestScenario(dir: string, manifest: Manifest): Scenario {
  try {
    return validateScenario(manifest.scenario);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.issues.map((i) => ({ ...i, path: `${join(dir, MANIFEST_FILE)}: scenario.${i.path}` })));
    throw error;
  }
}

/** The input files of the run in `dir`: the copies its manifest lists under `inputs`. */
export function loggedInputs(dir: string, manifest: Manifest): InputSource {
  return runFolderInputs(dir, Array.isArray(manifest.inputs) ? manifest.inputs : []);
}

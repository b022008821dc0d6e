import { InputError } from "../../core/errors.js";
import { genesisHash } from "../../sim/log/hash-chain.js";
import { readManifest, readStepLog } from "../../sim/log/read-log.js";
import type { Manifest } from "../../sim/log/run-folder.js";
import type { StepBody } from "../../sim/log/step-record.js";
import type { World } from "../../sim/world.js";
import { buildWorld } from "../build-world.js";
import { loggedInputs, manifestScenario } from "../logged-scenario.js";
import { isRepresentativeManifest } from "../run-representative.js";
import type { Scenario } from "../scenario-schema.js";

/**
 * A logged run as a counterfactual reads it: the manifest, its resolved scenario, the world
 * rebuilt from it (the tariff per step, the offer, the agents' views, the seed of every
 * stream) and the completed steps of the log. Read only after `verifyRun` has proved the log,
 * so nothing here re-checks the chain beyond refusing a log that no longer reads.
 */

/** What the counterfactual needs of a verified run folder. */
export interface LoggedRun {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly scenario: Scenario;
  readonly world: World;
  /** The completed steps in order (a failed run's error record is left out). */
  readonly steps: readonly StepBody[];
}

/**
 * Reads the manifest and its scenario (cheap: done before verifying, so bad input fails fast).
 * A representative run is refused: its spans are the run folders, each with its own log.
 */
export function readLoggedScenario(dir: string): { manifest: Manifest; scenario: Scenario } {
  const manifest = readManifest(dir);
  if (isRepresentativeManifest(manifest)) {
    const first = manifest.spans[0]?.folder;
    throw new InputError({
      path: "RUN_DIR",
      expected: `an ordinary run folder; ${dir} is a representative run (calendar.representative): re-clear one of its spans instead (${first ? `${dir}/${first}` : `${dir}/spans/…`})`,
    });
  }
  return { manifest, scenario: manifestScenario(dir, manifest) };
}

/** Reads a verified run folder: the world rebuilt from its manifest and every completed step. */
export function readLoggedRun(dir: string): LoggedRun {
  const { manifest, scenario } = readLoggedScenario(dir);
  const { records, problem } = readStepLog(dir, genesisHash(scenario));
  // verifyRun has passed, so a problem here means the folder changed since: refuse, repair nothing.
  if (problem) throw new InputError({ path: "steps.jsonl", expected: `the verified log; it now fails at step ${problem.step}, ${problem.field}: ${problem.message}` });
  const steps = records.filter((r): r is Extract<typeof r, { kind: "step" }> => r.kind === "step");
  return { dir, manifest, scenario, world: buildWorld(scenario, loggedInputs(dir, manifest)), steps };
}

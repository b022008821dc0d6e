import { InputError } from "../core/errors.js";
import { runSimulation } from "../sim/engine.js";
import { firstDifference } from "../sim/first-difference.js";
import { genesisHash } from "../sim/log/hash-chain.js";
import { readManifest, readStepLog, type LogProblem } from "../sim/log/read-log.js";
import type { LogRecord } from "../sim/log/step-record.js";
import { buildWorld } from "./build-world.js";
import { loggedInputs } from "./logged-scenario.js";
import { validateScenario } from "./load-scenario.js";
import { isRepresentativeManifest } from "./run-representative.js";
import type { Verification } from "./verification.js";
import { verifyRepresentative } from "./verify-representative.js";

class StopReplay extends Error {}

/**
 * Re-runs a logged run from its manifest and compares every record with the log, field by
 * field. The first difference (or a broken chain, a cut or an edited line) is reported with
 * its step and field. CSV profiles are read again from the folder the manifest names. A
 * representative run folder has every span verified so, and its manifest checked against the
 * span folders (verify-representative.ts).
 */
export async function verifyRun(dir: string): Promise<Verification> {
  const manifest = readManifest(dir);
  if (isRepresentativeManifest(manifest)) return verifyRepresentative(dir, manifest, verifyRun);
  let scenario;
  try {
    scenario = validateScenario(manifest.scenario);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.issues.map((i) => ({ ...i, path: `manifest.scenario.${i.path}` })));
    throw error;
  }
  const { records, problem } = readStepLog(dir, genesisHash(scenario));
  const world = buildWorld(scenario, loggedInputs(dir, manifest));
  let difference: LogProblem | null = null;
  let produced = 0;
  const compare = (recomputed: LogRecord) => {
    const i = produced++;
    const logged = records[i];
    if (logged === undefined) {
      difference = problem ?? { step: i, field: "(record)", message: "missing from the log (the log ends before the run did)" };
      throw new StopReplay();
    }
    const d = firstDifference(logged, recomputed);
    if (d) {
      difference = { step: i, field: d.path, message: `logged ${show(d.a)}, re-run gives ${show(d.b)}` };
      throw new StopReplay();
    }
    if (problem && problem.step === i) {
      difference = problem;
      throw new StopReplay();
    }
  };
  let outcome;
  try {
    outcome = await runSimulation(world, { onRecord: compare });
  } catch (error) {
    if (!(error instanceof StopReplay)) throw error;
  }
  if (difference) return { ok: false, ...(difference as LogProblem) };
  if (problem) return { ok: false, ...problem };
  if (produced < records.length) return { ok: false, step: produced, field: "(record)", message: "logged, but the re-run ended before it" };
  if (manifest.fingerprint !== undefined && manifest.fingerprint !== outcome!.fingerprint) {
    return { ok: false, step: produced - 1, field: "manifest.fingerprint", message: `manifest says ${manifest.fingerprint}, the log ends at ${outcome!.fingerprint}` };
  }
  return { ok: true, steps: outcome!.steps, fingerprint: outcome!.fingerprint, status: outcome!.status };
}

function show(x: unknown): string {
  const s = JSON.stringify(x);
  return s === undefined ? "nothing" : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

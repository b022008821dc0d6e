import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../core/canonical-json.js";
import { InputError } from "../core/errors.js";
import { runSimulation, type RunOutcome } from "../sim/engine.js";
import { firstDifference } from "../sim/first-difference.js";
import { genesisHash } from "../sim/log/hash-chain.js";
import { readStepLog, type LogProblem } from "../sim/log/read-log.js";
import { INPUTS_DIR, MANIFEST_FILE, STEPS_FILE, SUMMARY_FILE, type Manifest } from "../sim/log/run-folder.js";
import type { LogRecord } from "../sim/log/step-record.js";
import { buildWorld } from "./build-world.js";
import { loggedInputs, manifestScenario } from "./logged-scenario.js";
import { MetricsCollector } from "./metrics.js";
import { isRepresentativeManifest } from "./run-representative.js";
import { fileHash, sealedFilesProblem } from "./sealed-files.js";
import { summariseRun, summaryText } from "./summarise-run.js";
import type { Verification, VerificationFailure } from "./verification.js";
import { verifyRepresentative } from "./verify-representative.js";

class StopReplay extends Error {}

type Problem = VerificationFailure;

/**
 * `replay --verify` of a run folder: everything in it is what its run wrote.
 *
 * 1. *The manifest.* It is JSON, its scenario validates; a finished one (complete or failed)
 *    carries its seal (sim/log/manifest-seal.ts) and the SHA-256 of every file, and each file
 *    has that hash. The inputs/ copies have the hashes recorded when the run started.
 * 2. *The log.* The run is re-run from the manifest's scenario and the kept inputs, and every
 *    record compared with the log, field by field; a broken chain, a cut or an edited line is
 *    reported with its step and field.
 * 3. *The outcome.* The manifest's status, steps and fingerprint are what the re-run gives,
 *    and summary.json is byte for byte the summary recomputed from the re-run (baselines
 *    included when the run had them); a difference names the summary's field.
 *
 * A manifest still `running` is an interrupted run (lab/run-state.ts): its whole lines are
 * verified as the prefix of the re-run, and the verdict says `interrupted` with the steps that
 * verify. A representative run folder has every span verified so (verify-representative.ts).
 */
export async function verifyRun(dir: string): Promise<Verification> {
  const read = readRunManifest(dir);
  if ("ok" in read) return read;
  const manifest = read.manifest;
  if (isRepresentativeManifest(manifest)) return verifyRepresentative(dir, manifest, verifyRun);
  let scenario;
  try {
    scenario = manifestScenario(dir, manifest);
  } catch (error) {
    if (error instanceof InputError) return problem(null, error.issues[0]!.path, error.issues[0]!.expected);
    throw error;
  }
  const finished = manifest.status !== "running";
  const files = finished ? checkRecordedFiles(dir, manifest) : checkInputCopies(dir, manifest);
  if (files) return files;
  const replay = await replayLog(dir, manifest, scenario, finished);
  if ("ok" in replay) return replay;
  if (!finished) return { ok: true, status: "interrupted", steps: replay.matched, fingerprint: replay.lastHash, ...unrecorded(dir, manifest) };
  return checkOutcome(dir, manifest, replay);
}

/** manifest.json, or the problem with it (a run folder without one is bad input, exit 2). */
function readRunManifest(dir: string): { manifest: Manifest } | Problem {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new InputError({ path: "RUN_DIR", expected: `a run folder containing ${MANIFEST_FILE}; none in ${dir}` });
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
    if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return problem(null, MANIFEST_FILE, "is not a JSON object");
    return { manifest };
  } catch (error) {
    return problem(null, MANIFEST_FILE, `is not valid JSON (${(error as Error).message})`);
  }
}

/** A finished run's seal and every recorded file hash. */
function checkRecordedFiles(dir: string, manifest: Manifest): Problem | null {
  if (manifest.status !== "complete" && manifest.status !== "failed") return problem(null, `${MANIFEST_FILE}: status`, `running, complete or failed, found ${JSON.stringify(manifest.status)}`);
  // steps.jsonl is checked after the re-run (checkOutcome), which names the step and field of a change.
  const sealed = sealedFilesProblem(dir, manifest, [STEPS_FILE, SUMMARY_FILE, ...(manifest.inputs ?? []).map((i) => i.file)], [STEPS_FILE]);
  if (sealed) return problem(null, sealed.field, sealed.message);
  return checkInputCopies(dir, manifest);
}

/** The inputs/ copies have the hashes recorded when the run started (also for an interrupted run). */
function checkInputCopies(dir: string, manifest: Manifest): Problem | null {
  for (const input of manifest.inputs ?? []) {
    const found = fileHash(dir, input.file);
    if (found === null) return problem(null, input.file, `is missing: the run read "${input.path}" and kept it here`);
    if (found !== input.sha256) return problem(null, input.file, `its sha256 ${found} is not the ${input.sha256} of the "${input.path}" the run read`);
  }
  return null;
}

/** What the re-run gave: its outcome (none when it stopped where an interrupted run's log ends), the metrics over its records, the log's records it matched. */
interface Replay {
  readonly outcome: RunOutcome | undefined;
  readonly metrics: MetricsCollector;
  readonly world: ReturnType<typeof buildWorld>;
  readonly matched: number;
  readonly lastHash: string;
}

/**
 * Re-runs the scenario and compares each record with the log. For an interrupted run
 * (`finished` false) the log may end early, its last line torn by the kill: the re-run stops
 * where the log's whole lines end, and `matched` says how far they verified.
 */
async function replayLog(dir: string, manifest: Manifest, scenario: ReturnType<typeof manifestScenario>, finished: boolean): Promise<Replay | Problem> {
  const genesis = genesisHash(scenario);
  const log = readStepLog(dir, genesis);
  const records = log.records;
  // A kill can cut the last line mid-write; that line is no problem of an interrupted run's prefix.
  const tornAtEnd = !finished && log.tornTail && log.problem !== null && log.problem.step === records.length;
  const problemOfLog = tornAtEnd ? null : log.problem;
  let world;
  try {
    world = buildWorld(scenario, loggedInputs(dir, manifest));
  } catch (error) {
    if (error instanceof InputError) return problem(null, error.issues[0]!.path, error.issues[0]!.expected);
    throw error;
  }
  const metrics = new MetricsCollector(world);
  let difference: LogProblem | null = null;
  let produced = 0;
  let lastHash = genesis;
  const compare = (recomputed: LogRecord) => {
    const i = produced;
    const logged = records[i];
    if (logged === undefined) {
      if (!finished && problemOfLog === null) throw new StopReplay(); // the interrupted run's log ends here
      difference = problemOfLog ?? { step: i, field: "(record)", message: "missing from the log (the log ends before the run did)" };
      throw new StopReplay();
    }
    const d = firstDifference(logged, recomputed);
    if (d) {
      difference = { step: i, field: d.path, message: `logged ${show(d.a)}, re-run gives ${show(d.b)}` };
      throw new StopReplay();
    }
    if (problemOfLog && problemOfLog.step === i) {
      difference = problemOfLog;
      throw new StopReplay();
    }
    produced++;
    lastHash = recomputed.hash;
    metrics.add(recomputed);
  };
  let outcome: RunOutcome | undefined;
  try {
    outcome = await runSimulation(world, { onRecord: compare });
  } catch (error) {
    if (!(error instanceof StopReplay)) throw error;
  }
  if (difference) return { ok: false, ...(difference as LogProblem) };
  if (problemOfLog) return { ok: false, ...problemOfLog };
  if (produced < records.length) return problem(produced, "(record)", "logged, but the re-run ended before it");
  if (outcome === undefined && finished) return problem(produced, "(record)", "missing from the log (the log ends before the run did)");
  return { outcome, metrics, world, matched: produced, lastHash };
}

/** A finished run's manifest and summary are what the re-run gives. */
function checkOutcome(dir: string, manifest: Manifest, replay: Replay): Verification {
  const { outcome } = replay;
  if (outcome === undefined) return problem(replay.matched, "(record)", "missing from the log (the log ends before the run did)");
  const last = Math.max(0, outcome.steps - 1);
  const steps = fileHash(dir, STEPS_FILE);
  if (steps !== manifest.files![STEPS_FILE]) return problem(null, STEPS_FILE, `its sha256 ${String(steps)} is not the ${manifest.files![STEPS_FILE]} the manifest records, though every record re-runs: its bytes changed after the run`);
  if (manifest.status !== outcome.status) return problem(last, `${MANIFEST_FILE}: status`, `manifest says ${manifest.status}, the log shows a ${outcome.status} run`);
  if (manifest.stepsLogged !== outcome.steps) return problem(last, `${MANIFEST_FILE}: stepsLogged`, `manifest says ${String(manifest.stepsLogged)}, the log holds ${outcome.steps}`);
  if (manifest.fingerprint !== outcome.fingerprint) return problem(last, `${MANIFEST_FILE}: fingerprint`, `manifest says ${String(manifest.fingerprint)}, the log ends at ${outcome.fingerprint}`);
  const error = outcome.fault ? { step: outcome.fault.step, agent: outcome.fault.agent, message: outcome.fault.detail } : undefined;
  if (canonicalJson(manifest.error ?? null) !== canonicalJson(error ?? null)) return problem(last, `${MANIFEST_FILE}: error`, `manifest says ${show(manifest.error)}, the re-run gives ${show(error)}`);
  const summary = summaryText(summariseRun(replay.world, outcome, replay.metrics, manifest.baselines ?? false));
  const written = readFileSync(join(dir, SUMMARY_FILE), "utf8");
  if (written !== summary) {
    let d: ReturnType<typeof firstDifference> = null;
    try {
      d = firstDifference(JSON.parse(written), JSON.parse(summary));
    } catch {
      return problem(last, SUMMARY_FILE, "is not valid JSON");
    }
    return problem(last, `${SUMMARY_FILE}: ${d?.path ?? "(layout)"}`, d ? `says ${show(d.a)}, recomputed from the re-run ${show(d.b)}` : "differs in layout from the summary the run writes");
  }
  return { ok: true, steps: outcome.steps, fingerprint: outcome.fingerprint, status: outcome.status, ...unrecorded(dir, manifest) };
}

/** Files in the folder the run did not write (exports, a report, notes): listed, not verified. */
function unrecorded(dir: string, manifest: Manifest): { unrecorded?: readonly string[] } {
  const recorded = new Set([MANIFEST_FILE, ...Object.keys(manifest.files ?? {}), ...(manifest.inputs ?? []).map((i) => i.file)]);
  if (manifest.status === "running") recorded.add(STEPS_FILE);
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === "" ? name : `${rel}/${name}`;
      if (statSync(join(dir, path)).isDirectory()) {
        if (path === INPUTS_DIR || path.startsWith(`${INPUTS_DIR}/`)) walk(path);
        else found.push(`${path}/`);
      } else if (!recorded.has(path)) found.push(path);
    }
  };
  walk("");
  return found.length > 0 ? { unrecorded: found } : {};
}

function problem(step: number | null, field: string, message: string): Problem {
  return { ok: false, step, field, message };
}

function show(x: unknown): string {
  const s = JSON.stringify(x);
  return s === undefined ? "nothing" : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

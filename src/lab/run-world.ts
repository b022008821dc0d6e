import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { InputError, RunFault } from "../core/errors.js";
import { sha256Hex } from "../core/hash.js";
import { inputCopyPath } from "../core/input-source.js";
import { runSimulation, type RunOutcome } from "../sim/engine.js";
import { sealManifest } from "../sim/log/manifest-seal.js";
import { createRunFolder, MANIFEST_FILE, StepLogWriter, STEPS_FILE, SUMMARY_FILE, writeJsonAtomic, type InputFileRecord, type Manifest } from "../sim/log/run-folder.js";
import type { World } from "../sim/world.js";
import { RUN_FORMAT_VERSION, SESAME_VERSION } from "../version.js";
import { MetricsCollector } from "./metrics.js";
import type { RunSummary } from "./run-summary.js";
import type { Scenario } from "./scenario-schema.js";
import { summariseRun } from "./summarise-run.js";

/**
 * One ordinary run of a built world into a run folder (DESIGN.md §5): the copies of its input
 * files and the manifest first, the log step by step, then the summary with its baselines and
 * viability, and last the sealed final manifest with every file's SHA-256. Until that last
 * write the manifest says `running`, so a run stopped anywhere before reads as interrupted.
 */

/** A finished (or failed) run and where it was written. */
export interface RunResult {
  readonly dir: string;
  readonly outcome: RunOutcome;
  readonly summary: RunSummary;
  readonly world: World;
  /** A resumed run (`sesame run --resume`): the steps its log already held, re-simulated and matched rather than written. */
  readonly resumedFrom?: number;
}

/** Runs an already built world into the run folder `dir` (created here; it must be new or empty). */
export async function runWorld(world: World, dir: string, onProgress?: (done: number, total: number) => void, withBaselines = false): Promise<RunResult> {
  const scenario = world.scenario as Scenario;
  // A representative scenario is several runs (run-representative.ts); its world alone is only the first span's dates.
  if ((scenario as Partial<Scenario> | null)?.calendar?.representative !== undefined) {
    throw new InputError({ path: "calendar.representative", expected: "a scenario without representative spans for runWorld: run a representative scenario with runScenario (or runRepresentative)" });
  }
  createRunFolder(dir);
  const manifest: Manifest = {
    format: RUN_FORMAT_VERSION,
    sesameVersion: SESAME_VERSION,
    nodeVersion: process.version,
    createdAt: new Date().toISOString(),
    status: "running",
    scenario,
    seed: scenario.seed,
    mechanisms: { rental: scenario.market.rental.mechanism, energy: scenario.market.energy.mechanism },
    steps: scenario.calendar.steps,
    baselines: withBaselines,
    inputs: keepInputs(dir, world),
  };
  writeJsonAtomic(join(dir, MANIFEST_FILE), manifest);
  return runIntoFolder(world, dir, manifest, [], onProgress);
}

/** Copies every input file the world was read from into `dir/inputs/`, as read (the bytes hashed then). */
function keepInputs(dir: string, world: World): InputFileRecord[] {
  return (world.inputFiles ?? []).map((input) => {
    const file = inputCopyPath(input);
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), input.bytes);
    return { path: input.path, file, sha256: input.sha256, bytes: input.bytes.length };
  });
}

/**
 * Runs `world` into the run folder `dir` whose manifest (status `running`) is written: the
 * records of `prefix` (log lines already in steps.jsonl, a resumed run's) are re-simulated and
 * must come out byte for byte the same; every later record is appended. Then the summary and
 * the sealed final manifest.
 */
export async function runIntoFolder(world: World, dir: string, manifest: Manifest, prefix: readonly string[], onProgress?: (done: number, total: number) => void): Promise<RunResult> {
  // Phase 1: the steps, the logged prefix matched, the rest appended.
  const writer = new StepLogWriter(dir, prefix);
  const metrics = new MetricsCollector(world);
  let outcome: RunOutcome;
  try {
    let i = 0;
    outcome = await runSimulation(world, {
      onRecord: (record, line) => {
        if (i < prefix.length && prefix[i] !== line) {
          throw new RunFault(i, STEPS_FILE, `the logged step differs from the re-run of the manifest's scenario: not the prefix of this run (sesame replay --verify says where)`);
        }
        if (i >= prefix.length) writer.append(line);
        i++;
        metrics.add(record);
      },
      ...(onProgress ? { onProgress } : {}),
    });
  } finally {
    writer.close();
  }
  // Phase 2: the summary, then the final manifest sealed over every file's hash.
  const summary = summariseRun(world, outcome, metrics, manifest.baselines ?? false);
  const summaryText = writeJsonAtomic(join(dir, SUMMARY_FILE), summary);
  const files: Record<string, string> = {
    [STEPS_FILE]: writer.digest(),
    [SUMMARY_FILE]: sha256Hex(summaryText),
    ...Object.fromEntries((manifest.inputs ?? []).map((input) => [input.file, input.sha256])),
  };
  writeJsonAtomic(
    join(dir, MANIFEST_FILE),
    sealManifest({
      ...manifest,
      status: outcome.status,
      stepsLogged: outcome.steps,
      fingerprint: outcome.fingerprint,
      ...(outcome.fault ? { error: { step: outcome.fault.step, agent: outcome.fault.agent, message: outcome.fault.detail } } : {}),
      files,
    }),
  );
  return { dir, outcome, summary, world, ...(prefix.length > 0 ? { resumedFrom: prefix.length } : {}) };
}

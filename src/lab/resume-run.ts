import { readFileSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { genesisHash } from "../sim/log/hash-chain.js";
import { readManifest, readStepLog } from "../sim/log/read-log.js";
import { MANIFEST_FILE, STEPS_FILE, writeJsonAtomic } from "../sim/log/run-folder.js";
import { buildWorld } from "./build-world.js";
import { loggedInputs, manifestScenario } from "./logged-scenario.js";
import { isRepresentativeManifest } from "./run-representative.js";
import { runIntoFolder, type RunResult } from "./run-world.js";

/**
 * `sesame run --resume RUN_DIR`: finishes an interrupted run (its manifest still says
 * `running`). The world is rebuilt from the manifest's scenario and the folder's inputs/
 * copies; a last line torn by the kill is cut off; then the run is simulated again from step
 * 0 — deterministic re-simulation, so no state snapshot is needed — and each record of the
 * logged prefix must come out byte for byte as logged (else the folder is not this run's
 * prefix and nothing is written); from there on records are appended as a fresh run would,
 * and the summary, baselines and sealed manifest follow. The log ends byte-identical to an
 * uninterrupted run's, with the same fingerprint.
 */
export async function resumeRun(dir: string, onProgress?: (done: number, total: number) => void): Promise<RunResult & { readonly resumedFrom: number }> {
  // Phase 1: only an interrupted ordinary run is resumed.
  const manifest = readManifest(dir);
  if (isRepresentativeManifest(manifest)) {
    throw new InputError({ path: "--resume", expected: `an ordinary run folder; ${dir} is a representative run (calendar.representative), which is not resumed: run it again` });
  }
  if (manifest.status === "complete") throw new InputError({ path: "--resume", expected: `an interrupted run; ${dir} is complete (nothing to resume; \`sesame replay ${dir} --verify\` checks it)` });
  if (manifest.status === "failed") {
    throw new InputError({ path: "--resume", expected: `an interrupted run; ${dir} failed at step ${manifest.error?.step ?? "?"} (${manifest.error?.message ?? "a fault"}): the same scenario would fail the same way — fix it and run again` });
  }
  if (manifest.status !== "running") throw new InputError({ path: `${MANIFEST_FILE}: status`, expected: `running (an interrupted run), found ${JSON.stringify(manifest.status)}` });
  const scenario = manifestScenario(dir, manifest);
  const world = buildWorld(scenario, loggedInputs(dir, manifest));

  // Phase 2: the logged prefix — whole lines whose chain holds.
  const prefix = loggedPrefix(dir);
  const { problem } = readStepLog(dir, genesisHash(scenario));
  if (problem) {
    throw new InputError({ path: STEPS_FILE, expected: `the log of an interrupted run, intact up to where it stops; it breaks at step ${problem.step}, field ${problem.field}: ${problem.message} (\`sesame replay ${dir} --verify\` says more)` });
  }
  if (prefix.length > world.calendar.steps) throw new InputError({ path: STEPS_FILE, expected: `at most ${world.calendar.steps} records, found ${prefix.length}` });

  // Phase 3: re-simulate the prefix, run the rest, finish the folder.
  const running = { ...manifest, resumed: [...(manifest.resumed ?? []), { fromStep: prefix.length, at: new Date().toISOString() }] };
  writeJsonAtomic(join(dir, MANIFEST_FILE), running);
  const result = await runIntoFolder(world, dir, running, prefix, onProgress);
  return { ...result, resumedFrom: prefix.length };
}

/** The whole lines of steps.jsonl; a last line without its newline (torn by the kill) is cut from the file. */
function loggedPrefix(dir: string): string[] {
  const file = join(dir, STEPS_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const end = text.lastIndexOf("\n") + 1;
  if (end < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, end), "utf8"));
  return end === 0 ? [] : text.slice(0, end - 1).split("\n");
}

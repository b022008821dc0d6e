import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { readManifest } from "../sim/log/read-log.js";
import { MANIFEST_FILE, STEPS_FILE } from "../sim/log/run-folder.js";

/**
 * What state a run folder is in, from its manifest and its log alone (no re-run): `complete`
 * (the manifest says so: every step, the summary and the baselines were written), `failed` (a
 * fault stopped it; the log ends with an error record), or `interrupted` — the manifest still
 * says `running`, so the process stopped (killed, crashed, the machine went down) before it
 * could finish; the log's whole lines are its prefix. Whether the files are what the run wrote
 * is `replay --verify`'s question (verify-run.ts); this is what export, report and compare ask
 * before they read a run.
 */

/** A run folder's state. */
export type RunState =
  | { readonly status: "complete"; readonly steps: number; readonly stepsLogged: number }
  | { readonly status: "failed"; readonly steps: number; readonly stepsLogged: number; readonly error?: { readonly step: number; readonly agent: string; readonly message: string } }
  | { readonly status: "interrupted"; readonly steps: number; readonly stepsLogged: number };

/** The state of the run folder `dir` (an ordinary or a representative run). */
export function runState(dir: string): RunState {
  const manifest = readManifest(dir) as { status?: unknown; steps?: unknown; stepsLogged?: unknown; error?: RunState extends { error?: infer E } ? E : never; kind?: unknown; spans?: unknown };
  const steps = typeof manifest.steps === "number" ? manifest.steps : 0;
  if (manifest.status === "complete") return { status: "complete", steps, stepsLogged: typeof manifest.stepsLogged === "number" ? manifest.stepsLogged : steps };
  if (manifest.status === "failed") {
    return { status: "failed", steps, stepsLogged: typeof manifest.stepsLogged === "number" ? manifest.stepsLogged : 0, ...(manifest.error ? { error: manifest.error } : {}) };
  }
  if (manifest.status !== "running") throw new InputError({ path: "manifest.json: status", expected: `running, complete or failed, found ${JSON.stringify(manifest.status)}` });
  return { status: "interrupted", steps, stepsLogged: loggedSteps(dir, manifest) };
}

/** Whole lines in the log (a representative run: in every span's log); a torn last line does not count. */
function loggedSteps(dir: string, manifest: { kind?: unknown; spans?: unknown }): number {
  if (manifest.kind === "representative" && Array.isArray(manifest.spans)) {
    return (manifest.spans as { folder?: unknown }[]).reduce((n, s) => n + (typeof s.folder === "string" ? wholeLines(join(dir, s.folder, STEPS_FILE)) : 0), 0);
  }
  return wholeLines(join(dir, STEPS_FILE));
}

/** The number of newline-terminated lines of `file` (0 when it does not exist). */
export function wholeLines(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file, "latin1");
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** One phrase for a person: `complete (48 steps)`, `failed at step 7: …`, `interrupted after 17 of 48 steps`. */
export function describeRunState(state: RunState): string {
  if (state.status === "complete") return `complete (${state.steps} steps)`;
  if (state.status === "failed") return `failed at step ${state.error?.step ?? state.stepsLogged}${state.error ? ` (${state.error.agent}: ${state.error.message})` : ""}`;
  return `interrupted after ${state.stepsLogged} of ${state.steps} steps`;
}

/**
 * The words every output of a partial run carries (a report's banner and chart titles, the
 * stdout of export and compare, the Parquet files' `sesame.partial` key): `partial: interrupted
 * after 17 of 48 steps`, `partial: failed at step 7 of 48`; null for a complete run.
 */
export function partialLabel(state: RunState): string | null {
  if (state.status === "complete") return null;
  if (state.status === "failed") return `partial: failed at step ${state.error?.step ?? state.stepsLogged} of ${state.steps}`;
  // Killed during the baselines: every step is logged, but the run never finished.
  if (state.stepsLogged >= state.steps) return `partial: interrupted after all ${state.steps} steps, before its summary was written`;
  return `partial: interrupted after ${state.stepsLogged} of ${state.steps} steps`;
}

/**
 * The state of `dir`, refused unless the run is complete or `partial` is set — an input error
 * naming `dir`, its state, and what to do (`sesame run --resume` an interrupted run, or pass
 * `--partial`): a command that reads a run (`export`, `report`, `compare`) does not present a
 * failed or interrupted run as if it were whole.
 */
export function requireWholeRun(dir: string, partial: boolean): RunState {
  const state = runState(dir);
  if (state.status !== "complete" && !partial) {
    const found = `${describeRunState(state)}${state.status === "interrupted" ? ` (${MANIFEST_FILE} still says running)` : ""}`;
    // A failed run fails the same way again: only an interrupted one is worth resuming.
    const remedy =
      state.status === "interrupted"
        ? `finish it with \`sesame run --resume ${dir}\`, or pass --partial to use the ${state.stepsLogged} steps it has, marked as partial`
        : `pass --partial to use the ${state.stepsLogged} steps before the fault, marked as partial`;
    throw new InputError({ path: dir, expected: `a complete run, found one ${found}: ${remedy}` });
  }
  return state;
}

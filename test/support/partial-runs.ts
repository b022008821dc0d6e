import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario } from "../../src/lab/load-scenario.js";
import { runScenario, runWorld, withOverrides } from "../../src/lab/run-scenario.js";
import type { Strategy } from "../../src/agents/types.js";
import type { World } from "../../src/sim/world.js";

/**
 * Run folders in the three states export, report and compare tell apart (src/lab/run-state.ts),
 * made with the library API: a complete run, a failed one (an agent throws at a step) and an
 * interrupted one — the complete run's folder as a kill leaves it: the manifest still `running`
 * (no files, seal or fingerprint yet), steps.jsonl cut to its first lines, optionally with half
 * of the next line torn off, and no summary.json.
 */

/** The scenario every folder runs: small and quick. */
export const PARTIAL_SCENARIO = "individual-vs-shared";
/** Its horizon in the folders made here. */
export const PARTIAL_STEPS = 24;

/** A complete run of {@link PARTIAL_SCENARIO} over {@link PARTIAL_STEPS} steps into `dir`. */
export async function completeRun(dir: string): Promise<void> {
  await runScenario({ scenario: PARTIAL_SCENARIO, steps: PARTIAL_STEPS, out: dir, baselines: false });
}

/** A run whose second agent throws at step `failAt`: status failed, an error record last, a summary of the steps before. */
export async function failedRun(dir: string, failAt: number): Promise<void> {
  const loaded = loadScenario(PARTIAL_SCENARIO);
  const world = buildWorld(withOverrides(loaded, { steps: PARTIAL_STEPS }), loaded.dir);
  await runWorld(withFaultyAgent(world, failAt), dir);
}

/**
 * Copies the complete run `from` to `dir` as a run killed after `k` steps leaves it; `torn`
 * adds the first half of line k + 1 without its newline (killed while writing it).
 */
export function interruptedCopy(from: string, dir: string, k: number, torn = false): void {
  cpSync(from, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
  // What the first manifest holds: the final one adds these.
  for (const key of ["files", "seal", "fingerprint", "stepsLogged", "error"]) delete manifest[key];
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...manifest, status: "running" }, null, 2) + "\n");
  const lines = readFileSync(join(dir, "steps.jsonl"), "utf8").split("\n");
  const next = lines[k]!;
  writeFileSync(join(dir, "steps.jsonl"), lines.slice(0, k).join("\n") + "\n" + (torn ? next.slice(0, Math.floor(next.length / 2)) : ""));
  rmSync(join(dir, "summary.json"));
}

function withFaultyAgent(world: World, failAt: number): World {
  const victim = world.agents[1]!;
  const faulty: Strategy = {
    ...victim.strategy,
    decide: (id, view, state, rng) => {
      if (view.t === failAt) throw new Error("sensor offline");
      return victim.strategy.decide(id, view, state, rng);
    },
  };
  return { ...world, agents: world.agents.map((a, i) => (i === 1 ? { ...a, strategy: faulty } : a)) };
}

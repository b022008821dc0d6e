import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { runSimulation, type RunOutcome } from "../sim/engine.js";
import { createRunFolder, MANIFEST_FILE, StepLogWriter, SUMMARY_FILE, writeJsonAtomic, type Manifest } from "../sim/run-folder.js";
import type { World } from "../sim/world.js";
import { RUN_FORMAT_VERSION, SESAME_VERSION } from "../version.js";
import { buildWorld } from "./build-world.js";
import { loadScenario, validateScenario, type LoadedScenario } from "./load-scenario.js";
import { MetricsCollector, type RunSummary } from "./metrics.js";
import { computeBaselines, noStorageCosts } from "./baselines.js";
import { compareWithBaselines } from "./comparison.js";
import { viabilityOf } from "./viability.js";
import type { Scenario } from "./scenario-schema.js";

/** What `sesame run` asks for. */
export interface RunRequest {
  /** A scenario file or built-in name; the default scenario when omitted. */
  readonly scenario?: string;
  readonly seed?: string;
  readonly steps?: number;
  /** Run folder; `runs/<name>-seed<seed>-<time>` when omitted. */
  readonly out?: string;
  /** Rental mechanism by name, overriding the scenario's `market.rental.mechanism`. */
  readonly rental?: string;
  /** Energy mechanism by name, overriding the scenario's `market.energy.mechanism`. */
  readonly energy?: string;
  /** Mechanism parameters merged over the scenario's (`rental.*` and `energy.*`). */
  readonly rentalParams?: Readonly<Record<string, unknown>>;
  readonly energyParams?: Readonly<Record<string, unknown>>;
  /**
   * Compute the baselines and the comparison (default true). Without them the no-storage
   * reference is still computed: every agent's saving is measured against it.
   */
  readonly baselines?: boolean;
}

/** A finished (or failed) run and where it was written. */
export interface RunResult {
  readonly dir: string;
  readonly outcome: RunOutcome;
  readonly summary: RunSummary;
  readonly world: World;
}

/**
 * Loads, validates and builds everything first (bad input fails before any folder exists),
 * then runs and logs step by step, and ends with summary.json and the final manifest.
 */
export async function runScenario(request: RunRequest, onProgress?: (done: number, total: number) => void): Promise<RunResult> {
  const loaded = loadScenario(request.scenario);
  const scenario = withOverrides(loaded, request);
  const world = buildWorld(scenario, loaded.dir);
  return runWorld(world, loaded.dir, request.out ?? defaultRunDir(scenario), onProgress, request.baselines ?? true);
}

/**
 * Runs an already built world into the run folder `dir` (created here; it must be new or
 * empty). `scenarioDir` is where the scenario's CSV paths are relative to.
 */
export async function runWorld(
  world: World,
  scenarioDir: string,
  dir: string,
  onProgress?: (done: number, total: number) => void,
  withBaselines = false,
): Promise<RunResult> {
  const scenario = world.scenario as Scenario;
  createRunFolder(dir);
  const manifest: Manifest = {
    format: RUN_FORMAT_VERSION,
    sesameVersion: SESAME_VERSION,
    nodeVersion: process.version,
    createdAt: new Date().toISOString(),
    status: "running",
    scenario,
    seed: scenario.seed,
    scenarioDir,
    mechanisms: { rental: scenario.market.rental.mechanism, energy: scenario.market.energy.mechanism },
    steps: scenario.calendar.steps,
  };
  writeJsonAtomic(join(dir, MANIFEST_FILE), manifest);
  const writer = new StepLogWriter(dir);
  const metrics = new MetricsCollector(world);
  let outcome: RunOutcome;
  try {
    outcome = await runSimulation(world, {
      onRecord: (record, line) => {
        writer.append(line);
        metrics.add(record);
      },
      ...(onProgress ? { onProgress } : {}),
    });
  } finally {
    writer.close();
  }
  // Every saving is measured against each agent's own no-storage plan, baselines or not.
  const noStorage = noStorageCosts(world, outcome.steps);
  const measured = metrics.summary(noStorage);
  const compared: RunSummary =
    withBaselines && outcome.status === "complete" ? { ...measured, comparison: compareWithBaselines(measured, computeBaselines(world, outcome.steps, noStorage)) } : measured;
  // After the comparison: the users' side of viability needs the baselines.
  const summary: RunSummary = outcome.status === "complete" && compared.stepsCompleted > 0 ? { ...compared, viability: viabilityOf(compared, scenario) } : compared;
  writeJsonAtomic(join(dir, SUMMARY_FILE), summary);
  writeJsonAtomic(join(dir, MANIFEST_FILE), {
    ...manifest,
    status: outcome.status,
    stepsLogged: outcome.steps,
    fingerprint: outcome.fingerprint,
    ...(outcome.fault ? { error: { step: outcome.fault.step, agent: outcome.fault.agent, message: outcome.fault.detail } } : {}),
  });
  return { dir, outcome, summary, world };
}

/** The scenario with command-line overrides applied and validated again. */
export function withOverrides(loaded: LoadedScenario, request: Omit<RunRequest, "scenario" | "out" | "baselines">): Scenario {
  const { scenario } = loaded;
  if (request.steps !== undefined && !(Number.isInteger(request.steps) && request.steps > 0)) {
    throw new InputError({ path: "--steps", expected: `a whole number of steps > 0, got ${request.steps}` });
  }
  if (request.seed !== undefined && request.seed === "") throw new InputError({ path: "--seed", expected: "a non-empty seed" });
  const { rental, energy } = scenario.market;
  return validateScenario({
    ...scenario,
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    calendar: { ...scenario.calendar, ...(request.steps !== undefined ? { steps: request.steps } : {}) },
    market: {
      ...scenario.market,
      rental: overrideMechanism(rental, request.rental, request.rentalParams),
      energy: overrideMechanism(energy, request.energy, request.energyParams),
    },
  });
}

/** A new mechanism name starts from no parameters; parameters given are merged over the rest. */
function overrideMechanism(current: { mechanism: string; params: Record<string, unknown> }, name?: string, params?: Readonly<Record<string, unknown>>) {
  const base = name !== undefined && name !== current.mechanism ? {} : current.params;
  return { mechanism: name ?? current.mechanism, params: { ...base, ...params } };
}

function defaultRunDir(scenario: Scenario): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  return join("runs", `${scenario.name}-seed${scenario.seed.replace(/[^A-Za-z0-9_-]/g, "_")}-${stamp}`);
}

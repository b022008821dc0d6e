import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { scenarioFolderInputs } from "../core/input-source.js";
import { buildWorld } from "./build-world.js";
import { safeFolderName } from "./folder-name.js";
import { loadScenario, validateScenario, type LoadedScenario } from "./load-scenario.js";
import { isRepresentative } from "./representative-spans.js";
import { runRepresentative, type RepresentativeRunResult } from "./run-representative.js";
import { runWorld, type RunResult } from "./run-world.js";
import type { Scenario } from "./scenario-schema.js";

export { runWorld, type RunResult } from "./run-world.js";

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
  /** Let CSV paths be absolute or leave the scenario's folder (core/input-source.ts); default false. */
  readonly allowOutsideInputs?: boolean;
}

/**
 * Loads, validates and builds everything first (bad input fails before any folder exists),
 * then runs and logs step by step, and ends with summary.json and the final manifest. A
 * scenario with `calendar.representative` runs each span into `spans/` of the run folder and
 * pools them into a year (run-representative.ts): its result has `spans`, its summary is the
 * year's, and its `world` is the last span's.
 */
export async function runScenario(request: RunRequest, onProgress?: (done: number, total: number) => void): Promise<RunResult | RepresentativeRunResult> {
  const loaded = loadScenario(request.scenario, { allowOutside: request.allowOutsideInputs === true });
  const scenario = withOverrides(loaded, request);
  const dir = request.out ?? defaultRunDir(scenario);
  const inputs = () => scenarioFolderInputs(loaded.dir, { allowOutside: request.allowOutsideInputs === true });
  if (isRepresentative(scenario)) return runRepresentative(scenario, loaded.dir, dir, { ...(onProgress ? { onProgress } : {}), baselines: request.baselines ?? true, allowOutsideInputs: request.allowOutsideInputs === true });
  const world = buildWorld(scenario, inputs());
  return runWorld(world, dir, onProgress, request.baselines ?? true);
}

/** Whether a run's result is a representative run's (it has spans). */
export function isRepresentativeResult(result: RunResult): result is RepresentativeRunResult {
  return "spans" in result;
}

/** The scenario with command-line overrides applied and validated again. */
export function withOverrides(loaded: LoadedScenario, request: Omit<RunRequest, "scenario" | "out" | "baselines" | "allowOutsideInputs">): Scenario {
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

/**
 * `runs/<name>-seed<seed>-<time>` (UTC, to the second). The name and the seed are made safe
 * path components (folder-name.ts): a scenario named `../../x` still runs inside `runs/`.
 */
export function defaultRunDir(scenario: Pick<Scenario, "name" | "seed">, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  return join("runs", `${safeFolderName(scenario.name)}-seed${safeFolderName(scenario.seed, 40)}-${stamp}`);
}

import { availableParallelism } from "node:os";
import { InputError } from "../../core/errors.js";
import { loadLpSolver } from "../../core/lp.js";
import type { World } from "../../sim/world.js";
import { SESAME_VERSION } from "../../version.js";
import { noStorageCosts } from "../baselines.js";
import { buildWorld } from "../build-world.js";
import { loadScenario, type LoadedScenario } from "../load-scenario.js";
import { withOverrides } from "../run-scenario.js";
import type { Scenario } from "../scenario-schema.js";
import { capexAllocation, requireAllocatable, type CapexAllocation } from "./capex-allocation.js";
import { evaluateSizes, type EvaluationContext, type SizeEvaluation } from "./evaluate-size.js";
import { planFooting } from "./footing.js";
import { objectiveValue, planFrontier } from "./frontier.js";
import { PLAN_FORMAT_VERSION, type ChosenSize, type PlanDocument, type PlanSearch } from "./plan-document.js";
import { createPlanFolder, defaultPlanDir, EvaluationLog, requireFreePlanFolder, writePlanDocument } from "./plan-folder.js";
import { DEFAULT_REFINEMENTS, resolvePlanRequest, type PlanRequest, type ResolvedPlanRequest } from "./plan-request.js";
import { searchSizes } from "./search.js";
import { axisValues, defaultSizeGrid, MAX_GRID_SIZES, parseSizeGrid, snapRating, type SizeGridSpec } from "./size-grid.js";
import { requireScalableEconomics } from "./sized-scenario.js";
import { welfareOptimalSize, type WelfareOptimum } from "./welfare-size.js";

/**
 * Planning the shared storage (docs/planning.md): the bi-level question — the provider sizes
 * E^max and P^max (the upper level) knowing how the market will run at each size (the lower
 * level, simulated).
 *
 * - `provider-npv` / `users`: a nested search. The outer search (search.ts) walks the sizes
 *   of a coarse grid, then refines around the best one; every size is an inner simulated run
 *   under the plan's mechanisms with the same seed (evaluate-size.ts). The chosen size is the
 *   best evaluated one, to within the last round's step.
 * - `welfare`: the central optimum's sizing LP gives the size directly (welfare-size.ts); one
 *   simulated run at it shows what the market makes of it. `--allocate` then shares the
 *   joint investment among the agents by a cooperative rule (capex-allocation.ts).
 *
 * Every plan also reports the welfare-optimal size, so the provider's choice can be read
 * against it. Input is checked before anything is written; the folder is plan-folder.ts's.
 */

/** Where a plan stands (for a progress line). */
export interface PlanProgress {
  readonly phase: "evaluating" | "allocating";
  /** Evaluations (or coalitions) finished. */
  readonly done: number;
  /** Evaluations asked for so far (the search asks round by round), or coalitions in all. */
  readonly total: number;
  /** The search round under way (0: the coarse grid). */
  readonly round?: number;
}

/** A finished plan and its folder. */
export interface PlanResult {
  readonly dir: string;
  readonly plan: PlanDocument;
}

/** A request checked and everything built, before anything is written. */
export interface PreparedPlan {
  readonly request: ResolvedPlanRequest;
  readonly loaded: LoadedScenario;
  /** The scenario with the request's overrides, at its own size. */
  readonly scenario: Scenario;
  readonly world: World;
  /** The coarse grid; null for the welfare objective. */
  readonly grid: SizeGridSpec | null;
  readonly dir: string;
  readonly workers: number;
}

/**
 * Checks `request` and builds what the plan needs: the scenario with its overrides (an unknown
 * mechanism or parameter fails here), the grid, the folder (which must be free), the agent
 * count for `--allocate`. Throws InputError naming the flag; writes nothing.
 */
export function preparePlan(request: PlanRequest): PreparedPlan {
  const resolved = resolvePlanRequest(request);
  const loaded = loadScenario(resolved.scenario);
  const scenario = withOverrides(loaded, {
    ...(resolved.seed !== undefined ? { seed: resolved.seed } : {}),
    ...(resolved.steps !== undefined ? { steps: resolved.steps } : {}),
    ...(resolved.rental !== undefined ? { rental: resolved.rental } : {}),
    ...(resolved.energy !== undefined ? { energy: resolved.energy } : {}),
    ...(resolved.rentalParams ? { rentalParams: resolved.rentalParams } : {}),
    ...(resolved.energyParams ? { energyParams: resolved.energyParams } : {}),
  });
  requireScalableEconomics(scenario);
  const world = buildWorld(scenario, loaded.dir);
  const defaults = defaultSizeGrid(scenario.storage);
  const grid = resolved.objective === "welfare" ? null : gridOf(resolved.grid, defaults);
  if (resolved.allocate !== undefined) requireAllocatable(world);
  const dir = resolved.out ?? defaultPlanDir(scenario.name, resolved.objective);
  requireFreePlanFolder(dir);
  return { request: resolved, loaded, scenario, world, grid, dir, workers: resolved.workers ?? availableParallelism() };
}

/** The request's grid: `--grid` text parsed, the JSON shape as it is (both held to the same size limit), or the default. */
function gridOf(grid: ResolvedPlanRequest["grid"], defaults: SizeGridSpec): SizeGridSpec {
  if (grid === undefined) return defaults;
  if (typeof grid === "string" || Array.isArray(grid)) return parseSizeGrid(grid, defaults);
  const count = axisValues(grid.energyKWh).length * axisValues(grid.powerKW).length;
  if (count > MAX_GRID_SIZES) throw new InputError({ path: "--grid", expected: `at most ${MAX_GRID_SIZES.toLocaleString("en-US")} sizes on the coarse grid (each is a simulation), got ${count.toLocaleString("en-US")}` });
  return grid;
}

/** Plans the shared storage (module comment) and returns the plan and its folder. */
export async function planStorage(request: PlanRequest, onProgress?: (progress: PlanProgress) => void): Promise<PlanResult> {
  const started = new Date();
  const t0 = performance.now();
  // Phase 1: everything checked and built; nothing written yet.
  const prepared = preparePlan(request);
  const { request: resolved, scenario, world, dir } = prepared;
  const steps = scenario.calendar.steps;
  const footing = planFooting(world, scenario, steps);
  const coarse = prepared.grid ? { energyKWh: axisValues(prepared.grid.energyKWh), powerKW: axisValues(prepared.grid.powerKW) } : null;

  // Phase 2: the folder, what it is for, and the references every size is measured against.
  createPlanFolder(dir, { scenario: { name: scenario.name, source: prepared.loaded.source }, request: resolved, footing, coarse, createdAt: started.toISOString() });
  await loadLpSolver();
  const noStorageCost = noStorageCosts(world, steps).total;
  const welfareOptimum = welfareOptimalSize(world, steps, noStorageCost);
  const context: EvaluationContext = { scenario, scenarioDir: prepared.loaded.dir, planDir: dir, keepLogs: resolved.keepLogs, workers: prepared.workers, noStorageCost };

  // Phase 3: the sizes, by search or by the sizing LP, each evaluation logged as it ends.
  const log = new EvaluationLog(dir);
  let found: { evaluations: SizeEvaluation[]; chosen: ChosenSize | null; search: PlanSearch | null };
  try {
    found = coarse ? await searchPhase(context, coarse, resolved, log, onProgress) : await welfarePhase(context, welfareOptimum, log, onProgress);
  } finally {
    log.close();
  }

  // Phase 4: the joint investment's allocation, if asked.
  const allocation: CapexAllocation | undefined =
    resolved.allocate !== undefined ? capexAllocation(world, steps, resolved.allocate, (done, total) => onProgress?.({ phase: "allocating", done, total })) : undefined;

  // Phase 5: plan.json, atomically.
  const plan: PlanDocument = {
    format: PLAN_FORMAT_VERSION,
    sesameVersion: SESAME_VERSION,
    createdAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: (performance.now() - t0) / 1000,
    scenario: { name: scenario.name, source: prepared.loaded.source },
    objective: resolved.objective,
    request: resolved,
    footing,
    search: found.search,
    evaluations: found.evaluations,
    frontier: planFrontier(found.evaluations, found.chosen?.evaluation ?? null),
    chosen: found.chosen,
    welfareOptimum,
    ...(allocation ? { allocation } : {}),
    failed: found.evaluations.filter((e) => e.status === "failed").map((e) => e.index),
  };
  writePlanDocument(dir, plan);
  return { dir, plan };
}

/** The nested search of the provider-npv and users objectives. */
async function searchPhase(
  context: EvaluationContext,
  coarse: { readonly energyKWh: readonly number[]; readonly powerKW: readonly number[] },
  request: ResolvedPlanRequest,
  log: EvaluationLog,
  onProgress?: (progress: PlanProgress) => void,
): Promise<{ evaluations: SizeEvaluation[]; chosen: ChosenSize | null; search: PlanSearch }> {
  const refinements = request.refine ?? DEFAULT_REFINEMENTS;
  let asked = 0;
  let done = 0;
  const outcome = await searchSizes(
    coarse,
    refinements,
    async (sizes, round) => {
      const first = asked;
      asked += sizes.length;
      onProgress?.({ phase: "evaluating", done, total: asked, round });
      return evaluateSizes(context, sizes, first, round, (evaluation) => {
        log.append(evaluation);
        done++;
        onProgress?.({ phase: "evaluating", done, total: asked, round });
      });
    },
    (evaluation) => objectiveValue(evaluation, request.objective),
  );
  const evaluations = outcome.evaluated.map((e) => e.result);
  const best = outcome.best === null ? null : evaluations[outcome.best]!;
  return {
    evaluations,
    chosen: best ? { energyKWh: best.energyKWh, powerKW: best.powerKW, by: "search", objectiveValue: objectiveValue(best, request.objective)!, evaluation: best.index } : null,
    search: { coarse, refinements, rounds: outcome.rounds, resolution: outcome.resolution },
  };
}

/** The welfare objective: the sizing LP's size, and one simulated evaluation at it. */
async function welfarePhase(
  context: EvaluationContext,
  optimum: WelfareOptimum,
  log: EvaluationLog,
  onProgress?: (progress: PlanProgress) => void,
): Promise<{ evaluations: SizeEvaluation[]; chosen: ChosenSize; search: null }> {
  const size = { energyKWh: snapRating(optimum.energyKWh), powerKW: snapRating(optimum.powerKW) };
  onProgress?.({ phase: "evaluating", done: 0, total: 1, round: 0 });
  const evaluations = await evaluateSizes(context, [size], 0, 0, (evaluation) => {
    log.append(evaluation);
    onProgress?.({ phase: "evaluating", done: 1, total: 1, round: 0 });
  });
  return { evaluations, chosen: { ...size, by: "sizing-lp", objectiveValue: optimum.welfareGain, evaluation: 0 }, search: null };
}

import { join } from "node:path";
import type { BatterySize } from "../../agents/storage-provider.js";
import { safeFolderName } from "../folder-name.js";
import type { RunSummary } from "../run-summary.js";
import { systemCostOf, usersCostOf } from "../experiment/results-table.js";
import { readSummary, type RunTask } from "../experiment/run-one.js";
import { runPool } from "../experiment/pool.js";
import type { Scenario } from "../scenario-schema.js";
import { storageCapex } from "../viability.js";
import { isNoStorage, omPerYearAt, scenarioAtSize } from "./sized-scenario.js";

/**
 * One size → one simulated run of the scenario with the shared storage at that size (its O&M
 * scaled to keep the unit costs, sized-scenario.ts), under the plan's mechanisms and with the
 * same seed for every size, so sizes differ in the storage only (common random numbers). The
 * run is an ordinary run folder under the plan's `runs/` (baselines off: the plan needs the
 * no-storage reference only, which every run computes), read back through its summary.json.
 *
 * What is measured, over the run's horizon unless said otherwise:
 * - the provider's NPV over the storage's lifetime, from its cash flows scaled to a year
 *   (summary.viability, MODEL.md §7);
 * - the users' saving: Σ agents' saving, each against its own no-storage plan;
 * - the welfare gain: Σ no-storage costs − the system cost (Σ agents' cost − provider profit −
 *   operator surplus);
 * - the rented share and the utilisation of the storage.
 *
 * E = 0 or P = 0 is no storage, which a scenario cannot hold (its ratings are > 0). It is not
 * simulated but read from the no-storage reference: no investment and no cash flow (NPV 0,
 * profit 0), every agent at its no-storage cost (saving 0, welfare gain 0), nothing rented.
 * Note what this leaves out: peer energy trade needs no storage, but the no-storage reference
 * has no peers, so at every simulated size the saving includes what peer trade adds.
 */

/** One evaluated size. Money in the scenario's currency; null where a failed run has no figure for the whole horizon. */
export interface SizeEvaluation {
  /** Order in which the plan asked for it, from 0. */
  readonly index: number;
  /** Search round that asked for it (0: the coarse grid). */
  readonly round: number;
  readonly energyKWh: number;
  readonly powerKW: number;
  /** `complete`/`failed`: the run's status; `no-storage`: E = 0 or P = 0, read from the no-storage reference. */
  readonly status: "complete" | "failed" | "no-storage";
  /** The provider's NPV over the lifetime, currency (0 with no storage). */
  readonly providerNpv: number | null;
  /** Its IRR; null when there is none (or no storage). */
  readonly providerIrr: number | null;
  /** The provider's profit over the horizon (rent + fees + arbitrage − upkeep − wear − capex and O&M share), currency. */
  readonly providerProfit: number | null;
  /** Σ agents' saving against their own no-storage plans, over the horizon, currency. */
  readonly usersSaving: number | null;
  /** Σ no-storage costs − system cost, over the horizon, currency. */
  readonly welfareGain: number | null;
  /** Σ agents' cost − provider profit − operator surplus, over the horizon, currency. */
  readonly systemCost: number | null;
  /** Σ agents' no-storage costs over the horizon, currency: the reference of the saving and of the welfare gain. */
  readonly noStorageCost: number | null;
  /** Mean over rental periods of Σ E_i / E^max (null with no storage). */
  readonly rentedShare: number | null;
  /** throughput / (2·E^max·days) (null with no storage). */
  readonly utilisation: number | null;
  /** Mean rental prices, currency per kWh and per kW per period; null without a single price. */
  readonly meanRentalPrices: { readonly cE: number; readonly cP: number } | null;
  /** κ_E·E + κ_P·P, paid at t = 0, currency. */
  readonly capex: number;
  /** The O&M per year this size pays (scaled with its capex), currency per year. */
  readonly omPerYear: number;
  /** The run folder, relative to the plan folder; null with no storage. */
  readonly run: string | null;
  /** Why the run stopped, for a failed run. */
  readonly error?: { readonly step: number; readonly agent: string; readonly message: string };
}

/** What every evaluation of one plan shares. */
export interface EvaluationContext {
  /** The scenario with the plan's overrides (seed, steps, mechanisms), at its own size. */
  readonly scenario: Scenario;
  readonly scenarioDir: string;
  /** The plan folder: runs go to its `runs/`. */
  readonly planDir: string;
  readonly keepLogs: boolean;
  readonly workers: number;
  /** Σ agents' no-storage costs over the horizon: the figures of a no-storage size. */
  readonly noStorageCost: number;
}

/** Folder of the plan's runs, inside the plan folder. */
export const PLAN_RUNS_DIR = "runs";

/** The run folder name of the evaluation `index` at `size`: its order, then the size, so a listing reads like the plan. */
export function evaluationRunId(index: number, size: BatterySize): string {
  // Through the one folder-name rule (folder-name.ts), whatever a size prints as.
  return safeFolderName(`${String(index).padStart(3, "0")}-E${size.energyKWh}kWh-P${size.powerKW}kW`);
}

/** The figures of a finished run at `size` (module comment). */
export function evaluationOf(summary: RunSummary, size: BatterySize, at: { readonly index: number; readonly round: number; readonly run: string; readonly scenario: Scenario }): SizeEvaluation {
  const complete = summary.status === "complete";
  const noStorageCost = Object.values(summary.agents).reduce((s, a) => s + a.noStorageCost, 0);
  const systemCost = systemCostOf(summary);
  const whole = (x: number) => (complete ? x : null);
  return {
    index: at.index,
    round: at.round,
    ...size,
    status: summary.status,
    providerNpv: complete ? (summary.viability?.npv ?? null) : null,
    providerIrr: complete ? (summary.viability?.irr ?? null) : null,
    providerProfit: whole(summary.provider.profit),
    usersSaving: whole(noStorageCost - usersCostOf(summary)),
    welfareGain: whole(noStorageCost - systemCost),
    systemCost: whole(systemCost),
    noStorageCost: whole(noStorageCost),
    rentedShare: whole(summary.storage.meanRentedShare),
    utilisation: whole(summary.storage.utilisation),
    meanRentalPrices: complete ? summary.market.meanRentalPrices : null,
    capex: storageCapex({ ...at.scenario.storage, ...size }),
    omPerYear: omPerYearAt(at.scenario, size),
    run: at.run,
    ...(summary.error ? { error: summary.error } : {}),
  };
}

/** The figures of a no-storage size (module comment). */
export function noStorageEvaluation(size: BatterySize, at: { readonly index: number; readonly round: number; readonly noStorageCost: number }): SizeEvaluation {
  return {
    index: at.index,
    round: at.round,
    ...size,
    status: "no-storage",
    providerNpv: 0,
    providerIrr: null,
    providerProfit: 0,
    usersSaving: 0,
    welfareGain: 0,
    systemCost: at.noStorageCost,
    noStorageCost: at.noStorageCost,
    rentedShare: null,
    utilisation: null,
    meanRentalPrices: null,
    capex: 0,
    omPerYear: 0,
    run: null,
  };
}

/**
 * Evaluates `sizes` (numbered from `firstIndex`, asked by `round`) on the context's worker
 * threads, calling `onEach` as each one finishes (in any order), and returns them in the
 * order asked. A no-storage size is answered at once, without a run.
 */
export async function evaluateSizes(
  context: EvaluationContext,
  sizes: readonly BatterySize[],
  firstIndex: number,
  round: number,
  onEach: (evaluation: SizeEvaluation) => void,
): Promise<SizeEvaluation[]> {
  const results: (SizeEvaluation | undefined)[] = new Array(sizes.length);
  const tasks: RunTask[] = [];
  const asked = new Map<string, { position: number; size: BatterySize }>();
  sizes.forEach((size, position) => {
    const index = firstIndex + position;
    if (isNoStorage(size)) {
      results[position] = noStorageEvaluation(size, { index, round, noStorageCost: context.noStorageCost });
      onEach(results[position]!);
      return;
    }
    const runId = evaluationRunId(index, size);
    asked.set(runId, { position, size });
    tasks.push({ runId, scenario: scenarioAtSize(context.scenario, size), scenarioDir: context.scenarioDir, dir: join(context.planDir, PLAN_RUNS_DIR, runId), baselines: false, keepLogs: context.keepLogs });
  });
  await runPool(tasks, context.workers, (finished) => {
    const { position, size } = asked.get(finished.runId)!;
    const run = join(PLAN_RUNS_DIR, finished.runId);
    const summary = readSummary(join(context.planDir, run));
    if (!summary) throw new Error(`plan: the run ${run} left no summary.json`);
    results[position] = evaluationOf(summary, size, { index: firstIndex + position, round, run, scenario: context.scenario });
    onEach(results[position]!);
  });
  return results.map((r, i) => {
    if (!r) throw new Error(`plan: size ${i} of round ${round} was not evaluated`);
    return r;
  });
}

import type { BatterySize } from "../../agents/storage-provider.js";
import type { CapexAllocation } from "./capex-allocation.js";
import type { SizeEvaluation } from "./evaluate-size.js";
import type { PlanFooting } from "./footing.js";
import type { FrontierRow } from "./frontier.js";
import type { PlanObjective, ResolvedPlanRequest } from "./plan-request.js";
import type { SearchRound } from "./search.js";
import type { WelfareOptimum } from "./welfare-size.js";

/** Version of plan.json's shape. */
export const PLAN_FORMAT_VERSION = 1;

/** The size a plan chose and why. */
export interface ChosenSize extends BatterySize {
  /** `search`: the best evaluated size under the objective; `sizing-lp`: the central optimum's sizing LP (welfare). */
  readonly by: "search" | "sizing-lp";
  /** The objective's value at the size (provider NPV, users' saving or welfare gain), currency; for `sizing-lp` the central optimum's welfare gain. */
  readonly objectiveValue: number;
  /** The evaluation of the size by simulation, an index into `evaluations`; null if it was not simulated. */
  readonly evaluation: number | null;
}

/** The outer search as it ran (absent for the welfare objective, which is not searched). */
export interface PlanSearch {
  /** The coarse axes, kWh and kW. */
  readonly coarse: { readonly energyKWh: readonly number[]; readonly powerKW: readonly number[] };
  readonly refinements: number;
  readonly rounds: readonly SearchRound[];
  /** The step between the chosen size and its neighbours in the last round, kWh and kW. */
  readonly resolution: { readonly energyKWh: number; readonly powerKW: number } | null;
}

/** plan.json: written once, atomically, when the plan is complete. */
export interface PlanDocument {
  readonly format: number;
  readonly sesameVersion: string;
  /** Wall-clock start and end (informative). */
  readonly createdAt: string;
  readonly finishedAt: string;
  /** Wall-clock seconds the plan took. */
  readonly seconds: number;
  readonly scenario: { readonly name: string; readonly source: string };
  readonly objective: PlanObjective;
  readonly request: ResolvedPlanRequest;
  readonly footing: PlanFooting;
  readonly search: PlanSearch | null;
  /** Every evaluation, in the order the plan asked for them. */
  readonly evaluations: readonly SizeEvaluation[];
  /** The evaluations by E, then P, with the chosen size and the Pareto-efficient ones marked. */
  readonly frontier: readonly FrontierRow[];
  /** Null when no evaluation had a figure for the objective (every run failed). */
  readonly chosen: ChosenSize | null;
  /** The welfare-optimal size by the sizing LP, with the central optimum's costs: the welfare bound beside every plan. */
  readonly welfareOptimum: WelfareOptimum;
  /** The joint investment's allocation (`--allocate`). */
  readonly allocation?: CapexAllocation;
  /** Indices of evaluations whose run failed. */
  readonly failed: readonly number[];
}

import type { SizeEvaluation } from "./evaluate-size.js";
import type { PlanObjective } from "./plan-request.js";
import { OBJECTIVE_TIE_TOLERANCE } from "./search.js";

/**
 * The frontier of a plan: every evaluated size → what it is worth to the provider (NPV), to
 * the users (their saving) and to everyone (the welfare gain), sorted by E, then P, with the
 * chosen size marked. A size is also marked Pareto-efficient when no other size gives both
 * the provider and the users at least as much and one of them more: along those sizes, what
 * the provider gains the users lose — the bi-level question in one column.
 */

/** One row of the frontier. Money in the scenario's currency; null where a failed run has no figure. */
export interface FrontierRow {
  readonly energyKWh: number;
  readonly powerKW: number;
  /** The evaluation's index in plan.json's `evaluations`. */
  readonly evaluation: number;
  readonly status: SizeEvaluation["status"];
  /** Over the lifetime. */
  readonly providerNpv: number | null;
  /** Over the horizon. */
  readonly providerProfit: number | null;
  /** Over the horizon. */
  readonly usersSaving: number | null;
  /** Over the horizon. */
  readonly welfareGain: number | null;
  readonly rentedShare: number | null;
  readonly utilisation: number | null;
  readonly chosen: boolean;
  /** No other size gives both a higher-or-equal NPV and a higher-or-equal users' saving, one of them higher (up to rounding). */
  readonly paretoEfficient: boolean;
}

/** The objective a size scores under `objective` (higher is better); null when it has none. */
export function objectiveValue(evaluation: SizeEvaluation, objective: PlanObjective): number | null {
  switch (objective) {
    case "provider-npv":
      return evaluation.providerNpv;
    case "users":
      return evaluation.usersSaving;
    case "welfare":
      return evaluation.welfareGain;
  }
}

/** Whether a beats b by more than rounding, and whether a is at least b up to rounding. */
const above = (a: number, b: number) => a > b + OBJECTIVE_TIE_TOLERANCE * Math.max(1, Math.abs(b));
const atLeast = (a: number, b: number) => a >= b - OBJECTIVE_TIE_TOLERANCE * Math.max(1, Math.abs(b));

/** The frontier of `evaluations` with the evaluation `chosen` (an index, or null) marked. */
export function planFrontier(evaluations: readonly SizeEvaluation[], chosen: number | null): FrontierRow[] {
  const scored = evaluations.filter((e) => e.providerNpv !== null && e.usersSaving !== null);
  const dominated = (e: SizeEvaluation) =>
    scored.some((o) => o !== e && atLeast(o.providerNpv!, e.providerNpv!) && atLeast(o.usersSaving!, e.usersSaving!) && (above(o.providerNpv!, e.providerNpv!) || above(o.usersSaving!, e.usersSaving!)));
  return [...evaluations]
    .sort((a, b) => a.energyKWh - b.energyKWh || a.powerKW - b.powerKW)
    .map((e) => ({
      energyKWh: e.energyKWh,
      powerKW: e.powerKW,
      evaluation: e.index,
      status: e.status,
      providerNpv: e.providerNpv,
      providerProfit: e.providerProfit,
      usersSaving: e.usersSaving,
      welfareGain: e.welfareGain,
      rentedShare: e.rentedShare,
      utilisation: e.utilisation,
      chosen: e.index === chosen,
      // With one scored size there is no trade-off to show.
      paretoEfficient: scored.length > 1 && e.providerNpv !== null && e.usersSaving !== null && !dominated(e),
    }));
}

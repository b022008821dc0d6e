import type { AgentFlexibility } from "../flexibility.js";
import type { PeriodView } from "../types.js";
import type { LinearProgram } from "../../core/lp.js";
import type { PeriodLpCapacity, PeriodPlan } from "./period-lp.js";
import { buildDccPeriodLp, solveDccPeriodLp } from "../kinds/dcc-operator/lp.js";

/**
 * Period LPs of agents with flexibility (MODEL.md §3): each kind's LP plans its storage and
 * the load it moves together. The LP strategy looks the kind up here; a kind without an
 * entry plans with the plain period LP (its flexibility ignored).
 */

/** A flexible period plan: the storage plan plus the load moved against the profile, kW per step. */
export interface FlexiblePeriodPlan extends PeriodPlan {
  /** Load added (> 0) or removed (< 0) against the profile's net load, kW, one per step. */
  readonly loadShiftKW: readonly number[];
  /** Money spent outside the market per step (fuel, gas), currency per step; absent: none. */
  readonly externalCostPerStep?: readonly number[];
  /**
   * Power imported at some of the agent's sites while others export, kW per step (see
   * StepDecision.unnettedKW); absent: the agent nets all its sites.
   */
  readonly unnettedKW?: readonly number[];
}

/** Solves a kind's period LP: (E, P) free at `{ prices }` (best response) or fixed at `{ capacity }` (plan). */
export type FlexiblePeriodLp = (period: PeriodView, choice: PeriodLpCapacity) => FlexiblePeriodPlan;

/**
 * One line per kind whose flexibility the generic LP strategy can plan statelessly. Microgrids
 * and VPPs are not here: their plans carry state across periods (generator ramp, own battery
 * energy) and external costs (fuel), so they decide through their own strategies in
 * microgrid.ts and vpp.ts, which the world builder gives them. The baselines, which plan every
 * kind statelessly, use `statelessPeriodLp` (joint-lp.ts) instead.
 */
const FLEXIBLE_LPS: { readonly [K in AgentFlexibility["kind"]]?: FlexiblePeriodLp } = {
  dcc: solveDccPeriodLp,
};

/** The flexible period LP of flexibility `kind`, or undefined when the kind has none. */
export function flexiblePeriodLp(kind: AgentFlexibility["kind"]): FlexiblePeriodLp | undefined {
  return FLEXIBLE_LPS[kind];
}

/** Builds a kind's flexible period LP as data: the LP its {@link FlexiblePeriodLp} solves. */
export type FlexiblePeriodLpBuilder = (period: PeriodView, choice: PeriodLpCapacity) => LinearProgram;

/** One line per kind of FLEXIBLE_LPS: the LP that entry solves, as data. */
const FLEXIBLE_LP_BUILDERS: { readonly [K in AgentFlexibility["kind"]]?: FlexiblePeriodLpBuilder } = {
  dcc: buildDccPeriodLp,
};

/** The builder of {@link flexiblePeriodLp}'s LP for `kind`, or undefined when the kind has none. */
export function flexiblePeriodLpBuilder(kind: AgentFlexibility["kind"]): FlexiblePeriodLpBuilder | undefined {
  return FLEXIBLE_LP_BUILDERS[kind];
}

export { solveDccPeriodLp, buildDccPeriodLp, dccLpNames } from "../kinds/dcc-operator/lp.js";

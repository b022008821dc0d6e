import type { PeriodView } from "../types.js";
import type { LinearProgram } from "../../core/lp.js";
import type { PeriodLpCapacity, PeriodPlan } from "./period-lp.js";

/**
 * What a flexible period LP returns (MODEL.md §3): a kind's LP plans its storage and the load
 * it moves together. Each kind's LP is in its folder (kinds/<kind>/lp.ts).
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

/** Builds a kind's flexible period LP as data: the LP its {@link FlexiblePeriodLp} solves. */
export type FlexiblePeriodLpBuilder = (period: PeriodView, choice: PeriodLpCapacity) => LinearProgram;

import type { RandomStream } from "../../core/rng.js";
import type { RentalPrices } from "../../market/types.js";
import { decisionFor } from "../order.js";
import type { CapacityChoice, HeldCapacity, PeriodView, StepDecision, StepView, Strategy } from "../types.js";
import { partitionLimits } from "./partition-limits.js";
import type { LinearProgram } from "../../core/lp.js";
import { buildPeriodLp, solvePeriodLp } from "./period-lp.js";
import { flexiblePeriodLp, flexiblePeriodLpBuilder, type FlexiblePeriodLp } from "./flexible-plan.js";
import type { StrategyOptions } from "./options.js";

/** The period's storage plan, kept in the simulation state (plain arrays, so it logs as JSON). */
export interface LpPlan {
  /** First step of the period the plan is for. */
  readonly firstStep: number;
  /** Planned charge per step of the period, kW. */
  readonly chargeKW: readonly number[];
  /** Planned discharge per step of the period, kW. */
  readonly dischargeKW: readonly number[];
  /** Planned load shift per step of the period, kW; present only for an agent with a flexible LP. */
  readonly loadShiftKW?: readonly number[];
  /** Planned money spent outside the market per step (a DCC's boiler gas), currency; present only when the flexible LP reports it. */
  readonly externalCostPerStep?: readonly number[];
  /** Planned unnetted exchange per step, kW (a DCC with a finite interconnect); present only when the flexible LP reports it. */
  readonly unnettedKW?: readonly number[];
}

/** State of the LP strategy: the current period's plan, or null before the first plan. */
export interface LpOptimalState {
  readonly plan: LpPlan | null;
}

/** The LP best response: (E, P) and the LP's cost including rent. */
export function lpBestResponse(period: PeriodView, prices: RentalPrices): CapacityChoice {
  const flexible = flexibleLpOf(period);
  const plan = flexible ? flexible(period, { prices }) : solvePeriodLp(period, { prices });
  return { energyKWh: plan.energyKWh, powerKW: plan.powerKW, expectedCost: plan.objective };
}

/** Rental prices of zero: the LP of {@link lpBestResponseProgram} carries no rent of its own. */
const NO_RENT: RentalPrices = { cE: 0, cP: 0 };

/**
 * The LP that {@link lpBestResponse} solves, as data, priced at zero (Strategy.periodLp): the
 * flexible LP of the period's kind where the strategy plans one (a DCC), else the plain period
 * LP — the same choice as {@link flexibleLpOf}, entry for entry (flexible/index.ts).
 */
export function lpBestResponseProgram(period: PeriodView): LinearProgram {
  const flexible = period.flexibility ? flexiblePeriodLpBuilder(period.flexibility.kind) : undefined;
  return flexible ? flexible(period, { prices: NO_RENT }) : buildPeriodLp(period, { prices: NO_RENT });
}

/** The flexible period LP of the period's flexibility kind (strategies/flexible/), if it has one. */
export function flexibleLpOf(period: PeriodView): FlexiblePeriodLp | undefined {
  return period.flexibility ? flexiblePeriodLp(period.flexibility.kind) : undefined;
}

/**
 * The plan for held capacity; all zero (no solve) when nothing is held. An agent with a
 * flexible LP always solves it (with a zero partition when nothing usable is held) and its
 * plan carries the load shift.
 */
export function lpPlanFor(period: PeriodView, capacity: HeldCapacity): LpPlan {
  const flexible = flexibleLpOf(period);
  if (flexible) {
    const usable = capacity.energyKWh > 0 && capacity.powerKW > 0 ? capacity : { energyKWh: 0, powerKW: 0 };
    const plan = flexible(period, { capacity: usable });
    return {
      firstStep: period.firstStep,
      chargeKW: plan.chargeKW,
      dischargeKW: plan.dischargeKW,
      loadShiftKW: plan.loadShiftKW,
      // Copied as plain arrays only when present, so plans without them log as before.
      ...(plan.externalCostPerStep ? { externalCostPerStep: Array.from(plan.externalCostPerStep) } : {}),
      ...(plan.unnettedKW ? { unnettedKW: Array.from(plan.unnettedKW) } : {}),
    };
  }
  if (capacity.energyKWh <= 0 || capacity.powerKW <= 0) {
    const zeros = new Array<number>(period.steps).fill(0);
    return { firstStep: period.firstStep, chargeKW: zeros, dischargeKW: zeros };
  }
  const plan = solvePeriodLp(period, { capacity });
  return { firstStep: period.firstStep, chargeKW: plan.chargeKW, dischargeKW: plan.dischargeKW };
}

/**
 * The step's storage request: the plan's value for this step, clamped to what the partition
 * can do now (stored energy, SOC bounds, P_i). A plan for another period counts as no plan.
 */
export function plannedStorage(view: StepView, plan: LpPlan | null): { chargeKW: number; dischargeKW: number } {
  if (!plan || plan.firstStep !== view.t - view.stepInPeriod) return { chargeKW: 0, dischargeKW: 0 };
  const { maxChargeKW, maxDischargeKW } = partitionLimits(view.capacity, view.storedKWh, view.storage, view.dtHours);
  return {
    chargeKW: Math.min(plan.chargeKW[view.stepInPeriod] ?? 0, maxChargeKW),
    dischargeKW: Math.min(plan.dischargeKW[view.stepInPeriod] ?? 0, maxDischargeKW),
  };
}

/** The step's planned load shift, kW: the plan's value for this step; 0 without a plan for this period or a load shift in it. */
export function plannedLoadShift(view: StepView, plan: LpPlan | null): number {
  if (!plan?.loadShiftKW || plan.firstStep !== view.t - view.stepInPeriod) return 0;
  return plan.loadShiftKW[view.stepInPeriod] ?? 0;
}

/** The plan's value of `series` at this step; 0 without a plan for this period or without the series. */
function plannedAt(view: StepView, plan: LpPlan | null, series: (plan: LpPlan) => readonly number[] | undefined): number {
  if (!plan || plan.firstStep !== view.t - view.stepInPeriod) return 0;
  return series(plan)?.[view.stepInPeriod] ?? 0;
}

/**
 * Adds what the plan spends outside the market this step (reason `gas`, a DCC's boiler) and
 * its unnetted exchange to a decision; fields stay absent when there is nothing to report.
 */
export function withPlannedExtras(decision: StepDecision, view: StepView, plan: LpPlan | null): StepDecision {
  const gas = plannedAt(view, plan, (p) => p.externalCostPerStep);
  const unnettedKW = plannedAt(view, plan, (p) => p.unnettedKW);
  return {
    ...decision,
    ...(gas > 0 ? { externalCosts: [{ reason: "gas", amount: gas }] } : {}),
    ...(unnettedKW > 1e-9 ? { unnettedKW } : {}),
  };
}

/**
 * The LP strategy (MODEL.md §3): LP best response, LP plan per period, plan-following steps.
 * An agent whose flexibility kind has a flexible LP (strategies/flexible/) plans storage and
 * moved load together and applies the planned load shift each step.
 */
export function lpOptimalStrategy(options: StrategyOptions): Strategy<LpOptimalState> {
  return {
    name: "lp-optimal",
    initialState: () => ({ plan: null }),
    bestResponse: (_agentId: string, period: PeriodView, prices: RentalPrices) => lpBestResponse(period, prices),
    periodLp: (_agentId: string, period: PeriodView) => lpBestResponseProgram(period),
    planPeriod: (_agentId: string, period: PeriodView, capacity: HeldCapacity) => ({ plan: lpPlanFor(period, capacity) }),
    decide(agentId: string, view: StepView, state: LpOptimalState, rng: RandomStream) {
      const decision = decisionFor(agentId, view, plannedStorage(view, state.plan), options.bidJitter, rng, plannedLoadShift(view, state.plan));
      return { decision: withPlannedExtras(decision, view, state.plan), state };
    },
  };
}

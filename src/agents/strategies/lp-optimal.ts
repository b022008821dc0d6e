import type { RandomStream } from "../../core/rng.js";
import type { RentalPrices } from "../../market/types.js";
import { PaymentReason } from "../../market/payment-reasons.js";
import { decisionFor } from "../order.js";
import type { CapacityChoice, HeldCapacity, PeriodView, StepDecision, StepView, Strategy } from "../types.js";
import { partitionLimits } from "./partition-limits.js";
import type { LinearProgram } from "../../core/lp.js";
import { buildPeriodLp, solvePeriodLp, type PeriodPlan } from "./period-lp.js";
import type { FlexiblePeriodLp, FlexiblePeriodLpBuilder } from "./flexible-plan.js";
import type { StrategyOptions } from "./options.js";
import type { AgentFlexibility } from "../flexibility.js";
import { lpStrategy, NO_RENT, planOfPeriod, usableCapacity } from "./lp-strategy.js";
import { defineStrategy } from "../strategy-entry.js";
import { z } from "zod";

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

/**
 * An LP that plans the agent's own flexibility together with its storage (a DCC's batch work
 * and cooling), for agents whose model carries flexibility `kind`; agents without it plan with
 * the plain period LP (period-lp.ts). A kind passes its own to {@link lpOptimalStrategy}.
 */
export interface FlexibleLp {
  readonly kind: AgentFlexibility["kind"];
  readonly solve: FlexiblePeriodLp;
  readonly build: FlexiblePeriodLpBuilder;
}

/** `flexible` when the period's agent carries its flexibility, else undefined (the plain LP). */
function flexibleFor(period: PeriodView, flexible: FlexibleLp | undefined): FlexibleLp | undefined {
  return flexible && period.flexibility?.kind === flexible.kind ? flexible : undefined;
}

/** The LP best response: (E, P) and the LP's cost including rent; `flexible` as in {@link lpOptimalStrategy}. */
export function lpBestResponse(period: PeriodView, prices: RentalPrices, flexible?: FlexibleLp): CapacityChoice {
  const lp = flexibleFor(period, flexible);
  const plan = lp ? lp.solve(period, { prices }) : solvePeriodLp(period, { prices });
  return { energyKWh: plan.energyKWh, powerKW: plan.powerKW, expectedCost: plan.objective };
}

/** The LP that {@link lpBestResponse} solves, as data, priced at zero (Strategy.periodLp). */
export function lpBestResponseProgram(period: PeriodView, flexible?: FlexibleLp): LinearProgram {
  const lp = flexibleFor(period, flexible);
  return lp ? lp.build(period, { prices: NO_RENT }) : buildPeriodLp(period, { prices: NO_RENT });
}

/**
 * The plan for held capacity; all zero (no solve) when nothing is held. An agent with a
 * flexible LP always solves it (with a zero partition when nothing usable is held) and its
 * plan carries the load shift.
 */
export function lpPlanFor(period: PeriodView, capacity: HeldCapacity, flexible?: FlexibleLp): LpPlan {
  const lp = flexibleFor(period, flexible);
  if (lp) {
    const plan = lp.solve(period, { capacity: usableCapacity(capacity) });
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
export function plannedStorage(view: StepView, plan: { readonly firstStep: number; readonly chargeKW: readonly number[]; readonly dischargeKW: readonly number[] } | null): { chargeKW: number; dischargeKW: number } {
  const current = planOfPeriod(view, plan);
  if (!current) return { chargeKW: 0, dischargeKW: 0 };
  const { maxChargeKW, maxDischargeKW } = partitionLimits(view.capacity, view.storedKWh, view.storage, view.dtHours);
  return {
    chargeKW: Math.min(current.chargeKW[view.stepInPeriod] ?? 0, maxChargeKW),
    dischargeKW: Math.min(current.dischargeKW[view.stepInPeriod] ?? 0, maxDischargeKW),
  };
}

/** The step's planned load shift, kW: the plan's value for this step; 0 without a plan for this period or a load shift in it. */
export function plannedLoadShift(view: StepView, plan: LpPlan | null): number {
  return planOfPeriod(view, plan)?.loadShiftKW?.[view.stepInPeriod] ?? 0;
}

/** The plan's value of `series` at this step; 0 without a plan for this period or without the series. */
function plannedAt(view: StepView, plan: LpPlan | null, series: (plan: LpPlan) => readonly number[] | undefined): number {
  const current = planOfPeriod(view, plan);
  return current ? (series(current)?.[view.stepInPeriod] ?? 0) : 0;
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
    ...(gas > 0 ? { externalCosts: [{ reason: PaymentReason.gas, amount: gas }] } : {}),
    ...(unnettedKW > 1e-9 ? { unnettedKW } : {}),
  };
}

/**
 * The LP strategy (MODEL.md §3): LP best response, LP plan per period, plan-following steps.
 * With `flexible` (a kind's own LP, e.g. the DCC's), an agent carrying that flexibility plans
 * storage and moved load together and applies the planned load shift each step.
 */
export function lpOptimalStrategy(options: StrategyOptions, flexible?: FlexibleLp): Strategy<LpOptimalState> {
  return lpStrategy<LpOptimalState, PeriodPlan>({
    initialState: () => ({ plan: null }),
    solve: (period, choice) => flexibleFor(period, flexible)?.solve(period, choice) ?? solvePeriodLp(period, choice),
    build: (period, choice) => flexibleFor(period, flexible)?.build(period, choice) ?? buildPeriodLp(period, choice),
    plan: (period, capacity) => ({ plan: lpPlanFor(period, capacity, flexible) }),
    decide(agentId: string, view: StepView, state: LpOptimalState, rng: RandomStream) {
      const decision = decisionFor(agentId, view, plannedStorage(view, state.plan), options.bidJitter, rng, plannedLoadShift(view, state.plan));
      return { decision: withPlannedExtras(decision, view, state.plan), state };
    },
  });
}

/** The generic LP strategy for every kind: the plain period LP (flexibility, if any, ignored). */
export const lpOptimalEntry = defineStrategy({
  name: "lp-optimal",
  description: "LP best response over the rental period: rents and plans storage against the tariff (perfect or noisy forecast)",
  params: z.strictObject({}),
  create: (options) => lpOptimalStrategy(options) as Strategy,
});

import type { LinearProgram } from "../../core/lp.js";
import type { RandomStream } from "../../core/rng.js";
import type { RentalPrices } from "../../market/types.js";
import type { CapacityChoice, HeldCapacity, PeriodView, StepDecision, StepView, Strategy } from "../types.js";
import type { PeriodLpCapacity, PeriodPlan } from "./period-lp.js";

/**
 * The skeleton every LP strategy shares (the generic one, a DCC's, a microgrid's, a VPP's and a
 * household's with a battery): the best response is the period LP solved with (E, P) free at
 * the rental prices; `periodLp` is that LP as data, priced at zero; the plan is the LP solved
 * at the capacity held. What differs between kinds is the LP, what the plan keeps in the
 * state, and how a step follows it: the three functions of {@link LpStrategyParts}.
 */
export interface LpStrategyParts<S, P extends PeriodPlan> {
  initialState(): S;
  /** Solves the agent's period LP from its state: (E, P) free at `{ prices }`, fixed at `{ capacity }`. */
  solve(period: PeriodView, choice: PeriodLpCapacity, state: S): P;
  /** The LP {@link LpStrategyParts.solve} solves, as data. */
  build(period: PeriodView, choice: PeriodLpCapacity, state: S): LinearProgram;
  /** The state once the period is planned at the capacity held (possibly rationed, possibly unusable). */
  plan(period: PeriodView, capacity: HeldCapacity, state: S): S;
  decide(agentId: string, view: StepView, state: S, rng: RandomStream): { decision: StepDecision; state: S };
}

/** Rental prices of zero: the LP of `periodLp` carries no rent of its own. */
export const NO_RENT: RentalPrices = { cE: 0, cP: 0 };

/** The capacity an LP can plan with: what is held when both E and P are positive, else none. */
export function usableCapacity(capacity: HeldCapacity): HeldCapacity {
  return capacity.energyKWh > 0 && capacity.powerKW > 0 ? capacity : { energyKWh: 0, powerKW: 0 };
}

/** The plan if it is for the view's period, else null (a plan for another period counts as none). */
export function planOfPeriod<P extends { readonly firstStep: number }>(view: Pick<StepView, "t" | "stepInPeriod">, plan: P | null): P | null {
  return plan && plan.firstStep === view.t - view.stepInPeriod ? plan : null;
}

/** An LP strategy (`lp-optimal`) from its kind's parts (module comment). */
export function lpStrategy<S, P extends PeriodPlan>(parts: LpStrategyParts<S, P>): Strategy<S> {
  return {
    name: "lp-optimal",
    initialState: parts.initialState,
    bestResponse(_agentId: string, period: PeriodView, prices: RentalPrices, state: S): CapacityChoice {
      const plan = parts.solve(period, { prices }, state);
      return { energyKWh: plan.energyKWh, powerKW: plan.powerKW, expectedCost: plan.objective };
    },
    periodLp: (_agentId: string, period: PeriodView, state: S) => parts.build(period, { prices: NO_RENT }, state),
    planPeriod: (_agentId: string, period: PeriodView, capacity: HeldCapacity, state: S) => parts.plan(period, capacity, state),
    decide: parts.decide,
  };
}

import { z } from "zod";
import type { RandomStream } from "../../../core/rng.js";
import type { RentalPrices } from "../../../market/types.js";
import type { AgentFlexibility, DispatchableGenerator, MicrogridFlexibility } from "../../flexibility.js";
import { PaymentReason } from "../../../market/payment-reasons.js";
import { decisionFor } from "../../order.js";
import type { HeldCapacity, PeriodView, StepDecision, StepView, Strategy } from "../../types.js";
import { learningEntry } from "../../strategies/learning.js";
import { lpStrategy, planOfPeriod, usableCapacity } from "../../strategies/lp-strategy.js";
import { plannedStorage } from "../../strategies/lp-optimal.js";
import type { StrategyOptions } from "../../strategies/options.js";
import { ruleBasedStorage, ruleOfThumbCapacity } from "../../strategies/rule-based.js";
import { defineStrategy } from "../../strategy-entry.js";
import { buildMicrogridPeriodLp, generatorLpCostPerKWh, solveMicrogridPeriodLp, type MicrogridPeriodPlan } from "./lp.js";

/**
 * How a microgrid decides (GSy-e's split: this file is behaviour, lp.ts and model.ts physics):
 * its LP strategy plans storage and generator together, ramp-continuous from the generator's
 * last output; its rule-based strategy runs the generator when the grid is dearer. Learning is
 * the generic strategy (generator idle).
 */

/** The microgrid's period plan as kept in the strategy state (plain arrays: it logs as JSON). */
export interface MicrogridPlanState {
  readonly firstStep: number;
  readonly chargeKW: readonly number[];
  readonly dischargeKW: readonly number[];
  readonly generatorKW: readonly number[];
}

/** State of a microgrid strategy: the period's plan (LP only) and the generator's output in the last step, kW. */
export interface MicrogridState {
  readonly plan: MicrogridPlanState | null;
  readonly generatorKW: number;
}

/** The generator's feasible output range this step given its last output: [max(0, last − ramp), min(maxKW, last + ramp)]. */
export function generatorRange(g: DispatchableGenerator, lastKW: number): { lo: number; hi: number } {
  return { lo: Math.max(0, lastKW - g.rampKWPerStep), hi: Math.min(g.maxKW, lastKW + g.rampKWPerStep) };
}

/** The true fuel cost of running at `kw` for a step: (a + b·kw)·Δt when kw > 0, else 0. */
export function fuelCost(g: DispatchableGenerator, kw: number, dtHours: number): number {
  return kw > 0 ? (g.costPerHourRunning + g.costPerKWh * kw) * dtHours : 0;
}

/** A decision that removes `generatorKW` of load and pays its fuel (reason `generator-fuel`) to the external account. */
function withGenerator(
  agentId: string,
  view: StepView,
  storage: { chargeKW: number; dischargeKW: number },
  generatorKW: number,
  gen: DispatchableGenerator | null,
  options: StrategyOptions,
  rng: RandomStream,
): StepDecision {
  const decision = decisionFor(agentId, view, storage, options.bidJitter, rng, generatorKW > 0 ? -generatorKW : 0);
  const fuel = gen ? fuelCost(gen, generatorKW, view.dtHours) : 0;
  return fuel > 0 ? { ...decision, externalCosts: [{ reason: PaymentReason.generatorFuel, amount: fuel }] } : decision;
}

function flexOf(view: { readonly flexibility?: AgentFlexibility }): MicrogridFlexibility {
  const f = view.flexibility;
  return f && f.kind === "microgrid" ? f : { kind: "microgrid", generator: null, gridTieKW: null };
}

/**
 * The microgrid's LP strategy: best response and plan by {@link solveMicrogridPeriodLp}
 * (ramp-continuous from the generator's last output); each step it runs the planned generator
 * output clamped to the ramp range around its last output, the planned storage clamped to the
 * partition, and pays the true fuel cost (a + b·g)·Δt.
 */
export function microgridLpStrategy(options: StrategyOptions): Strategy<MicrogridState> {
  return lpStrategy<MicrogridState, MicrogridPeriodPlan>({
    initialState: () => ({ plan: null, generatorKW: 0 }),
    solve: (period, choice, state) => solveMicrogridPeriodLp(period, choice, state.generatorKW),
    build: (period, choice, state) => buildMicrogridPeriodLp(period, choice, state.generatorKW),
    plan(period: PeriodView, capacity: HeldCapacity, state: MicrogridState): MicrogridState {
      const plan = solveMicrogridPeriodLp(period, { capacity: usableCapacity(capacity) }, state.generatorKW);
      return {
        ...state,
        plan: { firstStep: period.firstStep, chargeKW: plan.chargeKW, dischargeKW: plan.dischargeKW, generatorKW: plan.generatorKW },
      };
    },
    decide(agentId: string, view: StepView, state: MicrogridState, rng: RandomStream) {
      const gen = flexOf(view).generator;
      const current = planOfPeriod(view, state.plan);
      let generatorKW = 0;
      if (gen) {
        const { lo, hi } = generatorRange(gen, state.generatorKW);
        generatorKW = Math.min(hi, Math.max(lo, current?.generatorKW[view.stepInPeriod] ?? 0));
      }
      const decision = withGenerator(agentId, view, plannedStorage(view, current), generatorKW, gen, options, rng);
      return { decision, state: { ...state, generatorKW } };
    },
  });
}

/**
 * The microgrid's rule-based strategy: the generator runs when λ^b_t > b + a/maxKW (its cost
 * per kWh at full output), covering the net load's deficit max(netLoad, 0) up to maxKW, within
 * the ramp range (it ramps down when off); then the storage rule of rule-based.ts on what is
 * left; capacity by the rule of thumb on the profile (generator ignored). The grid tie is not
 * considered.
 */
export function microgridRuleStrategy(options: StrategyOptions): Strategy<MicrogridState> {
  return {
    name: "rule-based",
    initialState: () => ({ plan: null, generatorKW: 0 }),
    bestResponse: (_agentId: string, period: PeriodView, prices: RentalPrices) => ruleOfThumbCapacity(period, prices),
    planPeriod: (_agentId: string, _period: PeriodView, _capacity: HeldCapacity, state: MicrogridState) => state,
    decide(agentId: string, view: StepView, state: MicrogridState, rng: RandomStream) {
      const gen = flexOf(view).generator;
      let generatorKW = 0;
      if (gen) {
        const target = view.tariff.buy > generatorLpCostPerKWh(gen) ? Math.min(gen.maxKW, Math.max(0, view.netLoadKW)) : 0;
        const { lo, hi } = generatorRange(gen, state.generatorKW);
        generatorKW = Math.min(hi, Math.max(lo, target));
      }
      const storage = ruleBasedStorage({ ...view, netLoadKW: view.netLoadKW - generatorKW });
      const decision = withGenerator(agentId, view, storage, generatorKW, gen, options, rng);
      return { decision, state: { ...state, generatorKW } };
    },
  };
}

/** The strategies a microgrid may choose, the default first. */
export const MICROGRID_STRATEGIES = [
  defineStrategy({
    name: "rule-based",
    description: "generator on when λ^b exceeds its cost per kWh at full output; tariff-band storage rules; rule-of-thumb rental",
    params: z.strictObject({}),
    create: (options) => microgridRuleStrategy(options) as Strategy,
  }),
  defineStrategy({
    name: "lp-optimal",
    description: "LP over storage and generator (ramp-continuous across periods), plan followed step by step",
    params: z.strictObject({}),
    create: (options) => microgridLpStrategy(options) as Strategy,
  }),
  learningEntry,
] as const;

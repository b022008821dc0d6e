import type { LinearProgram, LinearTerm, LpConstraint } from "../../../core/lp.js";
import { solveLp } from "../../../core/lp.js";
import type { RandomStream } from "../../../core/rng.js";
import type { RentalPrices } from "../../../market/types.js";
import type { AgentFlexibility, DispatchableGenerator, MicrogridFlexibility } from "../../flexibility.js";
import { decisionFor } from "../../order.js";
import type { CapacityChoice, HeldCapacity, PeriodView, StepDecision, StepView, Strategy } from "../../types.js";
import { createStrategy, type StrategyName } from "../../strategies/index.js";
import { plannedStorage } from "../../strategies/lp-optimal.js";
import type { StrategyOptions } from "../../strategies/options.js";
import { ruleBasedStorage, ruleOfThumbCapacity } from "../../strategies/rule-based.js";
import { addRentedPartition, periodLpNames, periodPlanOf, readPartition, type LpParts, type PeriodLpCapacity } from "../../strategies/period-lp.js";
import type { FlexiblePeriodPlan } from "../../strategies/flexible-plan.js";
import type { FlexibilityLpPart } from "../../strategies/lp-part.js";

/**
 * A microgrid's period LP: the period LP of period-lp.ts (its rented partition) plus its
 * dispatchable generator g_t ∈ [0, maxKW], which removes load (loadShift = −g_t):
 *
 *     min  (period-lp objective) + Σ_t (b + a/maxKW)·g_t·Δt
 *     s.t. netLoad_t − g_t + c_t − d_t = g⁺_t − g⁻_t
 *          |g_t − g_{t−1}| ≤ ramp      (g_{−1}: the output before the period, when known)
 *          g⁺_t ≤ max(tie, netLoad_t),  g⁻_t ≤ max(tie, −netLoad_t + m_t)
 *
 * The fixed running cost a (per hour while g > 0) is not linear: the LP relaxes it to
 * a·g/maxKW, exact at full output and an underestimate below it, so the generator's marginal
 * cost in the LP is b + a/maxKW per kWh. The tie bounds keep |position| ≤ gridTieKW, except
 * where the profile alone already exceeds the tie (the plan then never makes it worse), and m_t
 * = max(0, g_{−1} − ramp·(t+1)) is the output a ramp-down cannot yet avoid; so the LP is
 * always feasible.
 */

/** The microgrid's plan: the flexible plan plus the generator output. */
export interface MicrogridPeriodPlan extends FlexiblePeriodPlan {
  /** g_t, kW, one per step (loadShiftKW = −g_t). */
  readonly generatorKW: readonly number[];
}

const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });

/** Adds terms (and an rhs change) to the partition's balance constraint of step t (`<prefix>bal_<t>`). */
export function extendBalance(parts: LpParts, prefix: string, t: number, terms: readonly LinearTerm[], rhsDelta = 0): void {
  const name = `${prefix}bal_${t}`;
  const i = parts.constraints.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`period LP has no constraint ${name}`);
  const c = parts.constraints[i]!;
  const extended: LpConstraint = { ...c, terms: [...c.terms, ...terms], rhs: c.rhs + rhsDelta };
  parts.constraints[i] = extended;
}

/** The microgrid flexibility of a period view, or an error naming what was there. */
export function microgridOf(period: PeriodView): MicrogridFlexibility {
  const f = period.flexibility;
  if (!f || f.kind !== "microgrid") throw new Error(`microgrid LP: the period view carries ${f ? `"${f.kind}"` : "no"} flexibility`);
  return f;
}

/** The generator's LP cost per kWh: b + a/maxKW (the running cost relaxed to a·g/maxKW). */
export function generatorLpCostPerKWh(g: { readonly maxKW: number; readonly costPerHourRunning: number; readonly costPerKWh: number }): number {
  return g.costPerKWh + g.costPerHourRunning / g.maxKW;
}

/** LP name of the generator's output at step t under `prefix`. */
export const generatorLpName = (prefix: string, t: number) => `${prefix}gen_${t}`;

/**
 * Appends the generator's step t to `parts` (module comment): g_t in [0, maxKW] at its LP
 * cost, its ramp from g_{t−1} (from `initialGeneratorKW` at t = 0 when known); returns the
 * terms g_t adds to the microgrid's position (−g_t) and the output a ramp-down cannot yet
 * avoid, m_t. Step by step so that a caller can interleave its own rows (the tie) as the
 * single-agent LP always has.
 */
export function addGeneratorStep(parts: LpParts, gen: DispatchableGenerator, dtHours: number, prefix: string, t: number, initialGeneratorKW: number | null): { positionTerms: LinearTerm[]; forcedKW: number } {
  const genName = (u: number) => generatorLpName(prefix, u);
  parts.variables.push({ name: genName(t), lower: 0, upper: gen.maxKW });
  parts.objective.push(term(genName(t), generatorLpCostPerKWh(gen) * dtHours));
  const ramp = gen.rampKWPerStep;
  if (t > 0) {
    parts.constraints.push(
      { name: `${prefix}rup_${t}`, terms: [term(genName(t), 1), term(genName(t - 1), -1)], sense: "<=", rhs: ramp },
      { name: `${prefix}rdn_${t}`, terms: [term(genName(t), 1), term(genName(t - 1), -1)], sense: ">=", rhs: -ramp },
    );
  } else if (initialGeneratorKW !== null) {
    parts.constraints.push(
      { name: `${prefix}rup_0`, terms: [term(genName(0), 1)], sense: "<=", rhs: initialGeneratorKW + ramp },
      { name: `${prefix}rdn_0`, terms: [term(genName(0), 1)], sense: ">=", rhs: initialGeneratorKW - ramp },
    );
  }
  return { positionTerms: [term(genName(t), -1)], forcedKW: initialGeneratorKW !== null ? Math.max(0, initialGeneratorKW - ramp * (t + 1)) : 0 };
}

/**
 * Appends a microgrid's generator over the whole period to `parts`, its names under `prefix`,
 * for an LP that is not the microgrid's own (the joint LP): the position is netLoad − g_t.
 * The grid tie is not part of it: it limits the microgrid's own connection, which a joint LP
 * behind one meter does not model (dropping it can only lower the joint optimum's cost).
 */
export function addMicrogridFlexibility(parts: LpParts, period: PeriodView, prefix: string, initialGeneratorKW: number | null = null): FlexibilityLpPart {
  const gen = microgridOf(period).generator;
  const positionTerms = Array.from({ length: period.steps }, (_, t) => (gen ? addGeneratorStep(parts, gen, period.dtHours, prefix, t, initialGeneratorKW).positionTerms : []));
  return { positionTerms, positionConstantKW: Array.from(period.netLoadKW) };
}

/**
 * The microgrid's period LP as data (module comment). `initialGeneratorKW` is the generator's
 * output in the step before the period (null: unknown, the first step is not ramp-limited).
 */
export function buildMicrogridPeriodLp(period: PeriodView, choice: PeriodLpCapacity, initialGeneratorKW: number | null = null): LinearProgram {
  const flex = microgridOf(period);
  const H = period.steps;
  const names = periodLpNames();
  const parts: LpParts = { variables: [], objective: [], constraints: [] };
  addRentedPartition(parts, period, names, choice);
  const gen = flex.generator;
  for (let t = 0; t < H; t++) {
    let forced = 0;
    if (gen) {
      const step = addGeneratorStep(parts, gen, period.dtHours, names.prefix, t, initialGeneratorKW);
      extendBalance(parts, names.prefix, t, step.positionTerms);
      forced = step.forcedKW;
    }
    if (flex.gridTieKW !== null) {
      const x = period.netLoadKW[t]!;
      parts.constraints.push(
        { name: `tin_${t}`, terms: [term(names.gridIn(t), 1)], sense: "<=", rhs: Math.max(flex.gridTieKW, x) },
        { name: `tout_${t}`, terms: [term(names.gridOut(t), 1)], sense: "<=", rhs: Math.max(flex.gridTieKW, -x + forced) },
      );
    }
  }
  return { sense: "minimize", ...parts };
}

/**
 * Solves the microgrid's period LP (module comment). `initialGeneratorKW` is the generator's
 * output in the step before the period (null: unknown, the first step is not ramp-limited).
 * `loadShiftKW` = −generatorKW. `loadLpSolver()` must have run.
 */
export function solveMicrogridPeriodLp(period: PeriodView, choice: PeriodLpCapacity, initialGeneratorKW: number | null = null): MicrogridPeriodPlan {
  const gen = microgridOf(period).generator;
  const H = period.steps;
  const names = periodLpNames();
  const solution = solveLp(buildMicrogridPeriodLp(period, choice, initialGeneratorKW));
  const part = readPartition(solution.values, period, names);
  const generatorKW = Array.from({ length: H }, (_, t) => (gen ? Math.min(gen.maxKW, Math.max(0, solution.values.get(generatorLpName(names.prefix, t)) ?? 0)) : 0));
  const positionKW = part.positionKW.map((x, t) => x - generatorKW[t]!);
  return {
    ...periodPlanOf(period, choice, part, positionKW, solution.objective),
    loadShiftKW: generatorKW.map((g) => (g === 0 ? 0 : -g)),
    generatorKW,
  };
}

// ───────────────────────────── strategies ─────────────────────────────

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

/** A decision that removes `generatorKW` of load and pays its fuel (reason "generator-fuel") to the external account. */
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
  return fuel > 0 ? { ...decision, externalCosts: [{ reason: "generator-fuel", amount: fuel }] } : decision;
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
  return {
    name: "lp-optimal",
    initialState: () => ({ plan: null, generatorKW: 0 }),
    bestResponse(_agentId: string, period: PeriodView, prices: RentalPrices, state: MicrogridState): CapacityChoice {
      const plan = solveMicrogridPeriodLp(period, { prices }, state.generatorKW);
      return { energyKWh: plan.energyKWh, powerKW: plan.powerKW, expectedCost: plan.objective };
    },
    // The LP bestResponse solves, ramp-continuous from the same generator output, priced at zero.
    periodLp: (_agentId: string, period: PeriodView, state: MicrogridState) => buildMicrogridPeriodLp(period, { prices: { cE: 0, cP: 0 } }, state.generatorKW),
    planPeriod(_agentId: string, period: PeriodView, capacity: HeldCapacity, state: MicrogridState): MicrogridState {
      const usable = capacity.energyKWh > 0 && capacity.powerKW > 0 ? capacity : { energyKWh: 0, powerKW: 0 };
      const plan = solveMicrogridPeriodLp(period, { capacity: usable }, state.generatorKW);
      return {
        ...state,
        plan: { firstStep: period.firstStep, chargeKW: plan.chargeKW, dischargeKW: plan.dischargeKW, generatorKW: plan.generatorKW },
      };
    },
    decide(agentId: string, view: StepView, state: MicrogridState, rng: RandomStream) {
      const gen = flexOf(view).generator;
      const current = state.plan && state.plan.firstStep === view.t - view.stepInPeriod ? state.plan : null;
      let generatorKW = 0;
      if (gen) {
        const { lo, hi } = generatorRange(gen, state.generatorKW);
        generatorKW = Math.min(hi, Math.max(lo, current?.generatorKW[view.stepInPeriod] ?? 0));
      }
      const decision = withGenerator(agentId, view, plannedStorage(view, current), generatorKW, gen, options, rng);
      return { decision, state: { ...state, generatorKW } };
    },
  };
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

/** The microgrid strategy called `name`: its own LP and rule-based strategies; any other name, the generic one (flexibility ignored). */
export function microgridStrategy(name: StrategyName, options: StrategyOptions): Strategy {
  if (name === "lp-optimal") return microgridLpStrategy(options) as Strategy;
  if (name === "rule-based") return microgridRuleStrategy(options) as Strategy;
  return createStrategy(name, options);
}

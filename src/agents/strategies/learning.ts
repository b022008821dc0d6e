import { z } from "zod";
import type { RandomStream } from "../../core/rng.js";
import type { EnergyOrder, RentalPrices } from "../../market/types.js";
import { POSITION_EPSILON_KWH } from "../order.js";
import type { HeldCapacity, PeriodView, StepDecision, StepView, Strategy } from "../types.js";
import type { StrategyOptions } from "./options.js";
import { MAX_WEIGHT } from "../../core/bounds.js";
import { fraction, positive } from "../spec-fields.js";
import { defineStrategy } from "../strategy-entry.js";
import { ruleBasedStorage, ruleOfThumbCapacity } from "./rule-based.js";

/**
 * The learning strategy (MODEL.md §6, repeated play): storage and renting exactly as the
 * rule-based strategy; the limit markup of its energy orders is learned across rental periods.
 *
 * - **Arms.** A grid of markups m (fractions of the spread λ^b − λ^s, default 0, 0.1, …, 0.5).
 *   A buyer bids λ^b − m·(λ^b − λ^s), a seller asks λ^s + m·(λ^b − λ^s): m = 0 is the grid's own
 *   price, m = 0.5 the middle of the spread. The markup replaces `bidJitter`, which this
 *   strategy ignores (its limits carry no random shade).
 * - **Reward.** The agent's saving against the grid over a rental period:
 *   Σ_t [gridCost_t − paid_t], where gridCost_t is what step t's position (netLoad + c − d)·Δt
 *   would have cost at the tariff (λ^b·x if x > 0, else λ^s·x) and paid_t is `lastNetPayment`
 *   seen at step t + 1 (everything the agent paid on balance: energy, storage fees, rent, demand
 *   charge). A period's last step is booked at the next period's first step, just before that
 *   period's markup is chosen; the very last step of a run is never booked.
 * - **Rules** (`rule`):
 *   - `roth-erev` (default) — modified Roth–Erev reinforcement (Erev & Roth 1998; Nicolaisen,
 *     Petrov & Tesfatsion 2001): q_j ← (1 − φ)·q_j + E_j with E_k = r̂·(1 − ε) for the markup k
 *     played and E_j = q_j·ε/(N − 1) for the others; markup j is chosen with probability
 *     q_j / Σ q. Roth–Erev needs non-negative reinforcement, so the period reward r is
 *     normalised to r̂ = (r − r_min)/(r_max − r_min) ∈ [0, 1] by the lowest and highest period
 *     rewards seen so far (0.5 while they coincide); this keeps the rule free of the agent's
 *     scale (a household saves cents, a data-center cluster thousands).
 *   - `epsilon-greedy` — each markup's value is the mean of its raw period rewards, updated
 *     Q_k ← Q_k + α·(r − Q_k) with α = max(1/n_k, φ) (a sample mean at first, then
 *     recency-weighted by φ); untried markups are played first, in grid order; afterwards, with
 *     probability ε a uniformly drawn markup, else the best (lowest index on ties).
 * - **Randomness.** Exactly two numbers are drawn from the agent's stream at every step,
 *   whether or not a choice is made, so the stream's use never depends on what happened.
 * - **State** ({@link LearningState}): plain JSON, new every step, logged in the step record.
 *
 * Parameters ({@link LearningParams}) default to {@link DEFAULT_LEARNING_PARAMS}; a scenario sets
 * them in an agent's `learning` field (with `strategy: learning`), a script through
 * {@link learningStrategy}.
 */

/** Settings of the learning strategy; a scenario gives them as `learning: {…}`, only with `strategy: learning`. */
export const LearningSchema = z.strictObject({
  rule: z.enum(["roth-erev", "epsilon-greedy"]).default("roth-erev"),
  markups: z.array(fraction("markup, fraction of the spread λ^b − λ^s")).min(1).default([0, 0.1, 0.2, 0.3, 0.4, 0.5]),
  recency: fraction("φ, forgetting per period").default(0.1),
  experimentation: fraction("ε, experimentation").default(0.2),
  initialPropensity: positive("q_0, initial propensity of every markup (Roth–Erev)", MAX_WEIGHT).default(1),
});

/** Parameters of the learning strategy (φ recency, ε experimentation, q_0 initial propensity). */
export type LearningParams = Readonly<z.output<typeof LearningSchema>>;

/** The learning rule. */
export type LearningRule = LearningParams["rule"];

/** Defaults: Roth–Erev over 0, 0.1, …, 0.5 with φ = 0.1, ε = 0.2, q_0 = 1 (the schema's). */
export const DEFAULT_LEARNING_PARAMS: LearningParams = LearningSchema.parse({});

/** What the learner knows: plain JSON (no NaN, no Infinity), so a log shows and replays it. */
export interface LearningState {
  /** Roth–Erev: propensity q_j of each markup; ε-greedy: its value estimate Q_j (currency). */
  readonly propensities: readonly number[];
  /** Periods each markup was chosen. */
  readonly counts: readonly number[];
  /** Index of the markup played this period; −1 before the first choice. */
  readonly arm: number;
  /** The markup played this period (fraction of the spread); 0 before the first choice. */
  readonly markup: number;
  /** Saving against the grid booked so far this period, currency. */
  readonly periodSaving: number;
  /** What the previous step's position would have cost at the tariff, currency; null at the start. */
  readonly lastGridCost: number | null;
  /** Lowest and highest period rewards seen (Roth–Erev normalisation); null before the first. */
  readonly rewardMin: number | null;
  readonly rewardMax: number | null;
}

/** The number of draws the strategy takes from its stream at every step. */
export const LEARNING_DRAWS_PER_STEP = 2;

/** Checks `params`, filling defaults; throws RangeError on a value out of range. */
export function learningParams(overrides: Partial<LearningParams> = {}): LearningParams {
  const p: LearningParams = { ...DEFAULT_LEARNING_PARAMS, ...overrides };
  const unit = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;
  if (p.rule !== "roth-erev" && p.rule !== "epsilon-greedy") throw new RangeError(`learning rule must be roth-erev or epsilon-greedy, got ${String(p.rule)}`);
  if (p.markups.length === 0 || !p.markups.every(unit)) throw new RangeError("learning markups must be a non-empty list of fractions in [0, 1]");
  if (!unit(p.recency)) throw new RangeError("learning recency φ must be in [0, 1]");
  if (!unit(p.experimentation)) throw new RangeError("learning experimentation ε must be in [0, 1]");
  if (!(Number.isFinite(p.initialPropensity) && p.initialPropensity > 0)) throw new RangeError("learning initial propensity must be > 0");
  return p;
}

/** The state before anything is learned. */
export function initialLearningState(params: LearningParams): LearningState {
  const n = params.markups.length;
  return {
    propensities: new Array<number>(n).fill(params.rule === "roth-erev" ? params.initialPropensity : 0),
    counts: new Array<number>(n).fill(0),
    arm: -1,
    markup: 0,
    periodSaving: 0,
    lastGridCost: null,
    rewardMin: null,
    rewardMax: null,
  };
}

/** Roth–Erev choice probabilities q_j / Σ q (uniform if Σ q is 0). */
export function choiceProbabilities(propensities: readonly number[]): number[] {
  const total = propensities.reduce((a, b) => a + b, 0);
  return total > 0 ? propensities.map((q) => q / total) : propensities.map(() => 1 / propensities.length);
}

/** The markup index chosen from the state with uniform draws u1, u2 in [0, 1). */
export function chooseArm(params: LearningParams, state: LearningState, u1: number, u2: number): number {
  const n = params.markups.length;
  if (params.rule === "roth-erev") {
    const p = choiceProbabilities(state.propensities);
    let acc = 0;
    for (let j = 0; j < n; j++) {
      acc += p[j]!;
      if (u1 < acc) return j;
    }
    return n - 1;
  }
  const untried = state.counts.findIndex((c) => c === 0);
  if (untried >= 0) return untried;
  if (u1 < params.experimentation) return Math.min(n - 1, Math.floor(u2 * n));
  let best = 0;
  for (let j = 1; j < n; j++) if (state.propensities[j]! > state.propensities[best]!) best = j;
  return best;
}

/** The state after markup `arm` earned `reward` (currency) over a period. */
export function reinforce(params: LearningParams, state: LearningState, arm: number, reward: number): LearningState {
  const { recency: phi, experimentation: eps } = params;
  const n = params.markups.length;
  if (params.rule === "epsilon-greedy") {
    const alpha = Math.max(1 / Math.max(1, state.counts[arm]!), phi);
    const propensities = state.propensities.map((q, j) => (j === arm ? q + alpha * (reward - q) : q));
    return { ...state, propensities };
  }
  const rewardMin = state.rewardMin === null ? reward : Math.min(state.rewardMin, reward);
  const rewardMax = state.rewardMax === null ? reward : Math.max(state.rewardMax, reward);
  const normalised = rewardMax - rewardMin > 1e-12 ? (reward - rewardMin) / (rewardMax - rewardMin) : 0.5;
  const propensities = state.propensities.map((q, j) => {
    const experience = j === arm ? normalised * (1 - eps) : n > 1 ? (q * eps) / (n - 1) : 0;
    return (1 - phi) * q + experience;
  });
  return { ...state, propensities, rewardMin, rewardMax };
}

/** The order for `positionKWh` with limit markup `markup` (fraction of the spread); null when the position is ~0. */
export function markedUpOrder(
  agentId: string,
  positionKWh: number,
  tariff: { readonly buy: number; readonly sell: number },
  markup: number,
): EnergyOrder | null {
  if (Math.abs(positionKWh) < POSITION_EPSILON_KWH) return null;
  const shade = markup * (tariff.buy - tariff.sell);
  return positionKWh > 0
    ? { agent: agentId, side: "buy", kWh: positionKWh, limit: tariff.buy - shade }
    : { agent: agentId, side: "sell", kWh: -positionKWh, limit: tariff.sell + shade };
}

/** What a position of `positionKWh` costs at the tariff (negative: earned). */
export function gridCostOf(positionKWh: number, tariff: { readonly buy: number; readonly sell: number }): number {
  if (Math.abs(positionKWh) < POSITION_EPSILON_KWH) return 0;
  return positionKWh > 0 ? tariff.buy * positionKWh : tariff.sell * positionKWh;
}

/**
 * One step of the learner, pure: books the previous step's saving, at a period's first step
 * (or the first step it sees) closes the period and chooses the markup, then decides storage
 * by the rule-based step rule and orders the rest at the markup. Draws exactly
 * {@link LEARNING_DRAWS_PER_STEP} numbers from `rng`.
 */
export function learningStep(
  params: LearningParams,
  agentId: string,
  view: StepView,
  state: LearningState,
  rng: RandomStream,
): { decision: StepDecision; state: LearningState } {
  const u1 = rng.next();
  const u2 = rng.next();
  let next: LearningState = state;
  const periodSaving = state.lastGridCost === null ? state.periodSaving : state.periodSaving + (state.lastGridCost - view.lastNetPayment);
  next = { ...next, periodSaving };
  if (view.stepInPeriod === 0 || next.arm < 0) {
    if (next.arm >= 0) next = reinforce(params, next, next.arm, next.periodSaving);
    const arm = chooseArm(params, next, u1, u2);
    next = { ...next, arm, markup: params.markups[arm]!, counts: next.counts.map((c, j) => (j === arm ? c + 1 : c)), periodSaving: 0 };
  }
  const storage = ruleBasedStorage(view);
  const position = (view.netLoadKW + storage.chargeKW - storage.dischargeKW) * view.dtHours;
  const order = markedUpOrder(agentId, position, view.tariff, next.markup);
  next = { ...next, lastGridCost: gridCostOf(position, view.tariff) };
  return { decision: { chargeKW: storage.chargeKW, dischargeKW: storage.dischargeKW, order }, state: next };
}

/** The learning strategy; `params` default to {@link DEFAULT_LEARNING_PARAMS}. `options.bidJitter` is not used. */
export function learningStrategy(_options: StrategyOptions, params: Partial<LearningParams> = {}): Strategy<LearningState> {
  const p = learningParams(params);
  return {
    name: "learning",
    initialState: () => initialLearningState(p),
    bestResponse: (_agentId: string, period: PeriodView, prices: RentalPrices) => ruleOfThumbCapacity(period, prices),
    planPeriod: (_agentId: string, _period: PeriodView, _capacity: HeldCapacity, state: LearningState) => state,
    decide: (agentId: string, view: StepView, state: LearningState, rng: RandomStream) => learningStep(p, agentId, view, state, rng),
  };
}

/** The learning strategy for every kind: markups learned by reinforcement; storage by the tariff-band rule. */
export const learningEntry = defineStrategy({
  name: "learning",
  description: "learns a markup on its energy orders by reinforcement (Roth–Erev or ε-greedy); storage by the tariff-band rule",
  params: LearningSchema,
  create: (options, params) => learningStrategy(options, params) as Strategy,
});

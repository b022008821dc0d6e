import type { LinearProgram } from "../core/lp.js";
import type { RandomStream } from "../core/rng.js";
import type { StorageSpec } from "../storage/types.js";
import type { EnergyOrder, RentalPrices } from "../market/types.js";
import type { PaymentReason } from "../market/payment-reasons.js";
import type { AgentFlexibility } from "./flexibility.js";

/**
 * What agents are (their physical models) and how they decide (strategies), kept apart:
 * a model is fixed data computed once; a strategy is pure logic over an explicit state.
 * Agents never import a mechanism and never touch the simulation state.
 */

/** A consumer agent's physical model over the whole horizon. */
export interface AgentModel {
  readonly id: string;
  /** The name of its registered kind (registry.ts `AgentKind`). */
  readonly kind: string;
  /** Net load per step, kW: load − on-site generation (positive = needs energy). */
  readonly netLoadKW: Float64Array;
  /**
   * Per-step quantities worth logging besides net load, kW (e.g. a DCC's internal exchange
   * between its data centers). Keyed by name; each array has one value per step.
   */
  readonly series: Readonly<Record<string, Float64Array>>;
  /** What the agent can move besides storage (deferrable work, a generator, EVs …); absent: nothing. */
  readonly flexibility?: AgentFlexibility;
  /** The agent's connection limit, which the engine enforces; absent: none. */
  readonly gridTie?: GridTie;
}

/**
 * A connection the engine enforces every step: import beyond `limitKW` is load shed (priced at
 * the value of lost load, paid to the `external` account), export beyond it is spilled.
 */
export interface GridTie {
  /** Most import or export through the point of common coupling, kW. */
  readonly limitKW: number;
  /** Cost of a kWh of load shed, currency/kWh. */
  readonly valueOfLostLoadPerKWh: number;
}

/** Storage physics an agent needs to plan (no tenant state). */
export type StoragePhysics = Pick<
  StorageSpec,
  "etaCharge" | "etaDischarge" | "selfDischargePerStep" | "socMin" | "socMax" | "degradationCostPerKWh"
>;

/** What an agent sees of a rental period ahead (its forecast, here perfect). */
export interface PeriodView {
  /** First step of the period. */
  readonly firstStep: number;
  /** Number of steps H. */
  readonly steps: number;
  readonly dtHours: number;
  /** Forecast net load for each step of the period, kW. */
  readonly netLoadKW: ArrayLike<number>;
  /**
   * The forecast's error, forecast − profile net load, kW per step; absent under a perfect
   * forecast. An LP that rebuilds the agent's position from its own series (the DCC's, from its
   * data centers' loads and wind) adds it, so that every planner plans on the forecast.
   */
  readonly forecastErrorKW?: ArrayLike<number>;
  /** Grid buy price λ^b per step of the period. */
  readonly buyPrice: readonly number[];
  /** Grid sell price λ^s per step of the period. */
  readonly sellPrice: readonly number[];
  /** Demand charge per kW of peak import over the period. */
  readonly demandChargePerKW: number;
  readonly storage: StoragePhysics;
  /** Most energy capacity the agent could rent, kWh (E^max). */
  readonly maxEnergyKWh: number;
  /** Most power the agent could rent, kW. */
  readonly maxPowerKW: number;
  /** The agent's own flexibility over the whole horizon (index by firstStep + t); absent: none. */
  readonly flexibility?: AgentFlexibility;
}

/** A tenant's capacity for the period (after clearing, maybe rationed). */
export interface HeldCapacity {
  readonly energyKWh: number;
  readonly powerKW: number;
}

/** A best response to rental prices, with the period cost the agent expects at it. */
export interface CapacityChoice extends HeldCapacity {
  /** Expected total cost of the period including rent, currency. */
  readonly expectedCost: number;
}

/** What an agent sees at one step (read-only). */
export interface StepView {
  readonly t: number;
  /** Index of t within its rental period (0 at the period's first step). */
  readonly stepInPeriod: number;
  readonly stepsInPeriod: number;
  readonly dtHours: number;
  readonly tariff: { readonly buy: number; readonly sell: number };
  readonly band: "peak" | "flat" | "valley";
  /** Whether a peak-band step remains after t in this period. */
  readonly peakAhead: boolean;
  /** Net load this step, kW. */
  readonly netLoadKW: number;
  /** Capacity held this period; zero when the agent rents nothing. */
  readonly capacity: HeldCapacity;
  /** Energy in the agent's partition now, kWh. */
  readonly storedKWh: number;
  readonly storage: StoragePhysics;
  /** The agent's own flexibility over the whole horizon; absent: none. */
  readonly flexibility?: AgentFlexibility;
  /** What the agent paid on balance in the previous step (all reasons; < 0: it earned), currency; 0 at t = 0. */
  readonly lastNetPayment: number;
}

/** An agent's decision for one step: its storage request, any load it moves, and its energy order. */
export interface StepDecision {
  readonly chargeKW: number;
  readonly dischargeKW: number;
  /**
   * Load the agent adds (> 0) or removes (< 0) this step against its profile by its own
   * flexibility (deferred batch work, shifted appliances, EV charging), kW. Absent means 0.
   * The agent's position is then (netLoad + loadShift + c − d)·Δt.
   */
  readonly loadShiftKW?: number;
  /**
   * Money the agent spends outside the market this step to do what it decided (fuel for its
   * own generator, a comfort penalty), currency; paid to the `external` ledger account.
   */
  readonly externalCosts?: readonly { readonly reason: PaymentReason; readonly amount: number }[];
  /**
   * Power a multi-site agent imports at some of its sites while exporting the same at others,
   * because its internal links cannot net it (a DCC with a finite interconnect), kW ≥ 0; absent
   * means 0. It does not change the agent's position; the engine settles it with the grid as a
   * purchase at λ^b and a sale at λ^s of the same energy (reason `unnetted-exchange`).
   */
  readonly unnettedKW?: number;
  /** The order for what remains after storage; null when the position is zero. */
  readonly order: EnergyOrder | null;
}

/**
 * How an agent decides. `S` is the strategy's own state, kept in the simulation state and
 * logged; the functions never mutate it, they return a new one.
 */
export interface Strategy<S = unknown> {
  readonly name: string;
  initialState(): S;
  /** Best response (E, P) to rental prices over the period ahead. */
  bestResponse(agentId: string, period: PeriodView, prices: RentalPrices, state: S): CapacityChoice;
  /**
   * The linear programme whose optimum is this strategy's best response, as data, for
   * mechanisms that reason about the followers' problems (Stackelberg's bilevel programme) or
   * re-solve them warm: a minimisation whose rented partition's E and P are the variables
   * `cap_energy` (kWh, in [0, maxEnergyKWh]) and `cap_power` (kW, in [0, maxPowerKW]), priced at
   * zero — at prices (c_E, c_P) the objective adds c_E·cap_energy + c_P·cap_power and nothing
   * else changes. Absent, or undefined for a period: the best response is not an LP.
   */
  periodLp?(agentId: string, period: PeriodView, state: S): LinearProgram | undefined;
  /** Called once the period's capacity is known (possibly rationed): prepares the period's plan. */
  planPeriod(agentId: string, period: PeriodView, capacity: HeldCapacity, state: S): S;
  /** The step's storage request and order. */
  decide(agentId: string, view: StepView, state: S, rng: RandomStream): { decision: StepDecision; state: S };
}

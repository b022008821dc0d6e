import type { RentalContract, RentalPrices } from "../../market/types.js";
import type { AgentFigures } from "./agent-figures.js";
import type { RoundBasis } from "./rental-open-loop.js";
import type { Compared, MarketFigures } from "./step-changes.js";
import type { CounterfactualMarket, MechanismChoice } from "./target.js";

/**
 * counterfactual.json: what `sesame replay RUN --mechanism …` computed, and what `--json`
 * prints. Money in the scenario's currency over the run's horizon, energy in kWh, power in kW;
 * every difference is counterfactual − logged.
 */

/** Format version of counterfactual.json. */
export const COUNTERFACTUAL_FORMAT = 1;

/** The run re-cleared. */
export interface CounterfactualRunInfo {
  /** The run folder as given. */
  readonly dir: string;
  readonly scenario: string;
  readonly seed: string;
  readonly status: string;
  /** Completed steps of the log: the horizon every figure is over. */
  readonly steps: number;
  readonly hours: number;
  readonly fingerprint: string;
  readonly mechanisms: { readonly rental: string; readonly energy: string };
}

/** A step in which the counterfactual differs from the log, with each agent's differences there. */
export interface StepDifferences {
  readonly t: number;
  /** Only agents with a difference; figures as in AgentFigures, per step. */
  readonly agents: Readonly<Record<string, AgentFigures>>;
}

/** One rental round, logged and re-cleared. */
export interface RoundDocument {
  readonly period: number;
  readonly t: number;
  readonly basis: RoundBasis;
  readonly logged: { readonly prices: RentalPrices | null; readonly contracts: readonly RentalContract[] };
  readonly counterfactual: { readonly prices: RentalPrices | null; readonly contracts: readonly RentalContract[] };
}

/** The open-loop counterfactual, when the log could answer it. */
export interface OpenLoopDocument {
  readonly available: true;
  /** By agent: logged, open-loop and the difference, over the run. */
  readonly agents: Readonly<Record<string, Compared<AgentFigures>>>;
  readonly market: Compared<MarketFigures>;
  /** Steps where anything differs (every step and agent is in counterfactual-steps.csv). */
  readonly steps: readonly StepDifferences[];
  /** Rental counterfactuals: every round. */
  readonly rounds?: readonly RoundDocument[];
}

/** The closed-loop run beside it. */
export interface ClosedLoopDocument {
  /** Its run folder (null: run in a temporary folder, removed). */
  readonly dir: string | null;
  readonly status: string;
  readonly steps: number;
  readonly fingerprint: string;
  /** By agent: its figures and their difference against the logged run. */
  readonly agents: Readonly<Record<string, { readonly figures: AgentFigures; readonly difference: AgentFigures }>>;
  readonly market: { readonly figures: MarketFigures; readonly difference: MarketFigures };
}

/** counterfactual.json. */
export interface CounterfactualDocument {
  readonly format: typeof COUNTERFACTUAL_FORMAT;
  readonly kind: "counterfactual";
  readonly run: CounterfactualRunInfo;
  readonly currency: string;
  /** The market re-cleared. */
  readonly market: CounterfactualMarket;
  /** The logged mechanism of that market and the one it is re-cleared under. */
  readonly logged: MechanismChoice;
  readonly target: MechanismChoice;
  /** True when the target is the logged mechanism with the logged parameters: open loop must then reproduce the log (every difference 0). */
  readonly sameAsLogged: boolean;
  /** Open loop, or why the log cannot answer it (a rental mechanism that needs what was not logged). */
  readonly openLoop: OpenLoopDocument | { readonly available: false; readonly reason: string };
  readonly closedLoop: ClosedLoopDocument | null;
  /** What each loop holds fixed and what it recomputes, in words (the table's footing). */
  readonly footing: { readonly openLoop: string; readonly held: readonly string[]; readonly closedLoop: string | null };
}

import type { RentalClearing } from "../market/types.js";

/**
 * Repeated play across rental periods (MODEL.md §6): the run is converged once the rental
 * prices have moved less than ε (relative) for k consecutive periods. Mechanisms without a
 * single price are tracked by the provider's revenue per period instead. The run's length
 * bounds the play; non-convergence is reported, never hidden.
 */

/** Convergence parameters. */
export interface ConvergenceRule {
  readonly epsilon: number;
  readonly periods: number;
}

/** What is carried from one rental period to the next. */
export interface EquilibriumTrack {
  readonly tracked: "prices" | "revenue";
  readonly values: readonly number[];
  readonly stablePeriods: number;
}

/** The equilibrium status logged with a rental round. */
export interface EquilibriumStatus extends EquilibriumTrack {
  /** Largest relative change from the previous period; null in the first period. */
  readonly maxRelativeChange: number | null;
  readonly converged: boolean;
}

/** Updates the track with this period's clearing. */
export function trackEquilibrium(previous: EquilibriumTrack | undefined, clearing: RentalClearing, rule: ConvergenceRule): EquilibriumStatus {
  const tracked = clearing.prices ? "prices" : "revenue";
  const values = clearing.prices ? [clearing.prices.cE, clearing.prices.cP] : [clearing.contracts.reduce((s, c) => s + c.payment, 0)];
  const comparable = previous !== undefined && previous.tracked === tracked;
  const maxRelativeChange = comparable ? Math.max(...values.map((v, i) => relativeChange(previous.values[i]!, v))) : null;
  const stablePeriods = maxRelativeChange !== null && maxRelativeChange < rule.epsilon ? previous!.stablePeriods + 1 : 0;
  return { tracked, values, stablePeriods, maxRelativeChange, converged: stablePeriods >= rule.periods };
}

function relativeChange(before: number, after: number): number {
  const scale = Math.max(Math.abs(before), Math.abs(after));
  return scale < 1e-12 ? 0 : Math.abs(after - before) / scale;
}

/** Options every strategy takes (its own settings come apart, see strategy-entry.ts). */
export interface StrategyOptions {
  /** Spread of order limits inside [λ^s, λ^b] (see `orderForPosition`), 0–1. */
  readonly bidJitter: number;
}

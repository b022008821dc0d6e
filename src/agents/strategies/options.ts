/** Options every strategy takes. */
export interface StrategyOptions {
  /** Spread of order limits inside [λ^s, λ^b] (see `orderForPosition`), 0–1. */
  readonly bidJitter: number;
}

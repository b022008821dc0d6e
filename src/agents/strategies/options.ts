import type { LearningParams } from "./learning.js";

/** Options every strategy takes. */
export interface StrategyOptions {
  /** Spread of order limits inside [λ^s, λ^b] (see `orderForPosition`), 0–1. */
  readonly bidJitter: number;
  /** Settings of the learning strategy (ignored by the others); its defaults where absent. */
  readonly learning?: Partial<LearningParams>;
}

import type { RandomStream } from "../../core/rng.js";
import { MAX_MASK_PLAYERS, checkPlayers, playerBit, type CoalitionMask, type CostGame, type CostShares } from "./game.js";

/**
 * The Shapley value estimated by sampling orders (Castro, Gómez, Tejada 2009): draw m orders
 * π of the players uniformly at random (Fisher–Yates on the seeded stream), walk each one
 * adding players one at a time, and average each player's marginal cost
 *
 *     φ̂_i = (1/m) Σ_π (v(P_i^π ∪ {i}) − v(P_i^π)),   P_i^π = the players before i in π.
 *
 * Unbiased; the error shrinks as 1/√m. Every order's marginal costs add up to v(N) − v(∅), so
 * the estimate is exactly efficient (up to rounding) for any m. The same stream state gives
 * the same estimate. Coalition costs are memoised, so a coalition met twice is evaluated once.
 */

/** A sampled Shapley estimate. */
export interface SampledShapley {
  readonly shares: CostShares;
  /** Orders drawn (m). */
  readonly samples: number;
  /** Distinct coalitions whose cost was evaluated (∅ included). */
  readonly coalitionsEvaluated: number;
}

/** Estimates the Shapley value of `cost` from `samples` random orders drawn from `rng`. */
export function shapleySampled(players: readonly string[], cost: CostGame, samples: number, rng: RandomStream): SampledShapley {
  checkPlayers(players, MAX_MASK_PLAYERS, "shapleySampled");
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`shapleySampled: samples must be an integer ≥ 1, got ${samples}`);
  const n = players.length;
  const memo = new Map<CoalitionMask, number>();
  const v = (mask: CoalitionMask): number => {
    let value = memo.get(mask);
    if (value === undefined) {
      value = cost(mask);
      if (!Number.isFinite(value)) throw new RangeError(`shapleySampled: cost of coalition ${mask} is not finite (${value})`);
      memo.set(mask, value);
    }
    return value;
  };
  const sum = new Array<number>(n).fill(0);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < samples; k++) {
    for (let j = n - 1; j > 0; j--) {
      const r = Math.floor(rng.next() * (j + 1));
      const tmp = order[j]!;
      order[j] = order[r]!;
      order[r] = tmp;
    }
    let mask = 0;
    let previous = v(0);
    for (const i of order) {
      mask += playerBit(i);
      const current = v(mask);
      sum[i]! += current - previous;
      previous = current;
    }
  }
  return {
    shares: Object.fromEntries(players.map((id, i) => [id, sum[i]! / samples])),
    samples,
    coalitionsEvaluated: memo.size,
  };
}

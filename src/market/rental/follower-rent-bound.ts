import { createPersistentLp } from "../../core/persistent-lp.js";
import type { FollowerLp, RentalPrices } from "../types.js";

/**
 * An upper bound on the rent an LP follower pays at any prices of a box [low, high]: at prices
 * c its rent is c·(E, P) = OPT(c) − f·x, with OPT(c) ≤ OPT(high) (its optimal cost rises with the
 * prices, E and P being ≥ 0) and f·x ≥ OPT(0, 0) (the cost without rent of any plan is at least
 * the optimum with free storage). So rent ≤ OPT(high) − OPT(0, 0): no price extracts more than
 * what storage saves the follower. Two LP solves.
 */
export function followerRentBound(follower: FollowerLp, high: RentalPrices): number {
  const model = createPersistentLp(follower.lp);
  try {
    const energy = model.column(follower.energy);
    const power = model.column(follower.power);
    const base = (name: string) => follower.lp.objective.reduce((s, t) => (t.variable === name ? s + t.coefficient : s), 0);
    const optimumAt = (prices: RentalPrices) => {
      model.setCost(energy, base(follower.energy) + prices.cE);
      model.setCost(power, base(follower.power) + prices.cP);
      return model.solve().objective;
    };
    return Math.max(0, optimumAt(high) - optimumAt({ cE: 0, cP: 0 }));
  } finally {
    model.dispose();
  }
}

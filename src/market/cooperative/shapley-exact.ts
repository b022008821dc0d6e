import { checkPlayers, playerBit, type CostGame, type CostShares } from "./game.js";

/**
 * The Shapley value of a cost game, exactly (Shapley 1953):
 *
 *     φ_i = Σ_{S ⊆ N∖{i}} |S|!·(n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S))
 *
 * each player's marginal cost averaged over all n! orders in which the grand coalition can
 * form. It is efficient (Σ_i φ_i = v(N) − v(∅)), symmetric (players with equal marginal costs
 * everywhere get equal shares), gives a dummy player (v(S ∪ {d}) = v(S) + c for every S) exactly
 * c, and is additive in the game. It lies in the core when the cost game is concave
 * (submodular: v(S ∪ T) + v(S ∩ T) ≤ v(S) + v(T)), so then φ_i ≤ v({i}).
 *
 * Evaluates every one of the 2^n coalitions once (memoised), so n is limited to
 * {@link SHAPLEY_EXACT_MAX_PLAYERS}; use `shapleySampled` above that.
 */

/** Most players `shapleyExact` accepts: 2^12 = 4,096 coalitions. */
export const SHAPLEY_EXACT_MAX_PLAYERS = 12;

/** The exact Shapley value of `cost` over `players` (masks as in game.ts), by player id. */
export function shapleyExact(players: readonly string[], cost: CostGame): CostShares {
  checkPlayers(players, SHAPLEY_EXACT_MAX_PLAYERS, "shapleyExact");
  const n = players.length;
  const size = 2 ** n;
  const v = new Float64Array(size);
  const count = new Uint8Array(size);
  for (let mask = 0; mask < size; mask++) {
    v[mask] = cost(mask);
    if (!Number.isFinite(v[mask]!)) throw new RangeError(`shapleyExact: cost of coalition ${mask} is not finite (${v[mask]})`);
    if (mask > 0) count[mask] = count[mask >> 1]! + (mask & 1);
  }
  // weight[s] = s!(n − s − 1)!/n!, built by ratios to stay exact-ish for n ≤ 12.
  const weight: number[] = [];
  for (let s = 0; s < n; s++) {
    let w = 1 / n;
    for (let k = 1; k <= s; k++) w *= k / (n - k);
    weight.push(w);
  }
  const phi = new Array<number>(n).fill(0);
  for (let mask = 0; mask < size; mask++) {
    for (let i = 0; i < n; i++) {
      const bit = playerBit(i);
      if (mask & bit) continue;
      phi[i]! += weight[count[mask]!]! * (v[mask | bit]! - v[mask]!);
    }
  }
  return Object.fromEntries(players.map((id, i) => [id, phi[i]!]));
}

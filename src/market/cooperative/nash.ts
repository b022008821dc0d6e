/**
 * The generalised Nash bargaining split of a cooperative saving (Nash 1950; MODEL.md §4,
 * rule `nash`). With stand-alone costs C_i^0 = v({i}) (the disagreement point) and the grand
 * coalition's cost v(N), the saving Σ_k C_k^0 − v(N) is shared in proportion to bargaining
 * weights w_i (w_i = 1/N by default, or given weights normalised to sum to 1):
 *
 *     φ_i = C_i^0 − w_i·(Σ_k C_k^0 − v(N))
 *
 * This maximises Π_i (C_i^0 − φ_i)^{w_i} subject to Σ_i φ_i = v(N) when the saving is ≥ 0.
 * Efficient (Σ φ_i = v(N)); individually rational (φ_i ≤ C_i^0) exactly when the saving is
 * ≥ 0, i.e. v(N) ≤ Σ_k C_k^0 (true for every subadditive game). Equivalently, with member
 * costs C_i* in the grand optimum, i's transfer is π_i = φ_i − C_i* = saving_i − w_i·Σ_k saving_k
 * with saving_i = C_i^0 − C_i*.
 */

import type { CostShares } from "./game.js";

/**
 * Nash split of `grandCost` given each player's stand-alone cost (the players are the keys of
 * `standalone`). `weights` are ≥ 0 with a positive sum over the players; a player it does not
 * name weighs 1, and names that are not players are ignored.
 */
export function nashSplit(standalone: Readonly<Record<string, number>>, grandCost: number, weights?: Readonly<Record<string, number>>): CostShares {
  const players = Object.keys(standalone);
  if (players.length === 0) return {};
  const raw = players.map((id) => (weights ? (Object.hasOwn(weights, id) ? weights[id]! : 1) : 1));
  for (const [i, w] of raw.entries()) {
    if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`nashSplit: weight of ${players[i]} must be finite and ≥ 0, got ${w}`);
  }
  const total = raw.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new RangeError("nashSplit: the weights of the players sum to 0");
  const saving = players.reduce((s, id) => s + standalone[id]!, 0) - grandCost;
  return Object.fromEntries(players.map((id, i) => [id, standalone[id]! - (raw[i]! / total) * saving]));
}

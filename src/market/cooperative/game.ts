/**
 * Cost games over coalitions of players, as used by the cooperative rental rules (MODEL.md §4).
 *
 * A coalition is a bit mask over a list of players: player `players[i]` is in coalition `S`
 * when bit i of S is set, i.e. S = Σ_{i ∈ S} 2^i. The cost function v(S) gives what the
 * coalition pays when its members cooperate; v(∅) = 0 by convention (the functions here call
 * v(0) where they need it and use what it returns). Masks are plain numbers, built with
 * arithmetic rather than 32-bit operators, so up to {@link MAX_MASK_PLAYERS} players fit.
 */

/** A coalition as a bit mask over the player list. */
export type CoalitionMask = number;

/** A cost game: the cost v(S) of every coalition S (a mask over the player list). */
export type CostGame = (coalition: CoalitionMask) => number;

/** Cost shares φ_i by player id. */
export type CostShares = Readonly<Record<string, number>>;

/** Most players a mask can hold exactly (doubles carry 53 bits). */
export const MAX_MASK_PLAYERS = 52;

/** 2^i: the mask of the coalition {players[i]}. */
export function playerBit(i: number): CoalitionMask {
  return 2 ** i;
}

/** Whether player i is in coalition `mask`. */
export function hasPlayer(mask: CoalitionMask, i: number): boolean {
  return Math.floor(mask / 2 ** i) % 2 === 1;
}

/** The mask of the grand coalition of n players, 2^n − 1. */
export function grandMask(n: number): CoalitionMask {
  return 2 ** n - 1;
}

/** The members of coalition `mask`, in player-list order. */
export function membersOf<T>(players: readonly T[], mask: CoalitionMask): T[] {
  return players.filter((_, i) => hasPlayer(mask, i));
}

/** Throws a RangeError unless the players are distinct and at most `max` many. */
export function checkPlayers(players: readonly string[], max: number, what: string): void {
  if (players.length > max) throw new RangeError(`${what}: at most ${max} players, got ${players.length}`);
  if (new Set(players).size !== players.length) throw new RangeError(`${what}: player ids must be distinct`);
}

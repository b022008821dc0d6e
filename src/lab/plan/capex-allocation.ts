import { InputError } from "../../core/errors.js";
import { grandMask, hasPlayer, membersOf, nashSplit, nucleolus, shapleyExact, type CoalitionMask, type CostGame, type CostShares } from "../../market/index.js";
import type { World } from "../../sim/world.js";
import type { AllocationRule } from "./plan-request.js";
import { centralOptimumOf, planSizingBasis } from "./welfare-size.js";

/**
 * Sharing an optimally sized joint investment (docs/planning.md, "Sharing the joint
 * investment"): the multi-microgrid case, where the agents themselves build one battery.
 *
 * The cost game: v(S) is what coalition S pays the outside world over the horizon when it
 * builds and runs the battery that is optimal for S alone — the central optimum of a world
 * holding only S's agents (the sizing LP for S's E and P, then S's joint operation behind one
 * meter, plus (φ_E·E + φ_P·P)·yearShare); v(∅) = 0. The agents are independent models, so the
 * world of S is the world with its other agents left out. v(N) — the grand coalition's
 * optimum, the welfare-optimal size — is split by a rule of src/market/cooperative: `shapley`
 * (exact), `nucleolus`, or `nash` (equal weights, stand-alone costs v({i}) as the
 * disagreement point).
 *
 * A member's share of the battery's fixed cost F(N) (capex annuity + O&M over the horizon):
 * the rule charges each member a total φ_i(v); charged for the operating costs alone, the game
 * O(S) (each coalition's operating cost at its own optimal size), it would charge φ_i(O); the
 * difference f_i = φ_i(v) − φ_i(O) is what the rule charges i for the fixed costs, and
 * Σ f_i = F(N). For the Shapley value and the Nash split, which are linear in the game, f_i
 * is the rule applied to the fixed-cost game F(S) itself; the nucleolus is not linear, and
 * there f_i is only this difference. A share may be negative: a member whose stand-alone
 * battery would be large can be paid for what it brings.
 *
 * 2^N coalitions means 2^N sizing LPs, so at most {@link MAX_ALLOCATION_AGENTS} agents.
 */

/** Most agents whose joint investment is allocated: 2^12 = 4,096 sizing LPs. */
export const MAX_ALLOCATION_AGENTS = 12;

/** One coalition's own optimum over the horizon. */
export interface CoalitionOptimum {
  /** Bit mask over the agents in id order (src/market/cooperative/game.ts). */
  readonly mask: CoalitionMask;
  readonly members: readonly string[];
  /** The battery optimal for this coalition alone, kWh and kW. */
  readonly energyKWh: number;
  readonly powerKW: number;
  /** Its joint operation's cost (grid, demand charges, wear, fuel), currency. */
  readonly operatingCost: number;
  /** (φ_E·E + φ_P·P)·yearShare, currency. */
  readonly fixedCost: number;
  /** v(S) = operatingCost + fixedCost, currency. */
  readonly systemCost: number;
}

/** One member's side of the allocation, currency over the horizon. */
export interface MemberAllocation {
  readonly id: string;
  /** Its own optimally sized battery, kWh and kW (the coalition {i}). */
  readonly standAloneKWh: number;
  readonly standAloneKW: number;
  /** v({i}): its cost with that battery, alone. */
  readonly standAloneCost: number;
  /** φ_i: what the rule charges it of v(N). */
  readonly allocatedCost: number;
  /** standAloneCost − allocatedCost: > 0 when joining pays (individual rationality). */
  readonly saving: number;
  /** f_i: what the rule charges it for the joint battery's fixed cost (module comment). */
  readonly fixedCostShare: number;
  /** f_i / F(N); null when the joint battery costs nothing. */
  readonly fixedCostFraction: number | null;
}

/** The joint investment and its allocation. */
export interface CapexAllocation {
  readonly rule: AllocationRule;
  /** The grand coalition's optimum: the welfare-optimal size and its cost v(N). */
  readonly grand: CoalitionOptimum;
  readonly members: readonly MemberAllocation[];
  /** Every non-empty coalition's optimum, by mask. */
  readonly coalitions: readonly CoalitionOptimum[];
  /** v(S ∪ T) ≤ v(S) + v(T) for all disjoint S, T (up to rounding): pooling never costs more. */
  readonly subadditive: boolean;
  /** max over coalitions ∅ ≠ S ⊊ N of Σ_{i∈S} φ_i − v(S): ≤ 0 when the allocation is in the core (no group pays more than on its own), currency. */
  readonly largestExcess: number;
  readonly inCore: boolean;
}

/** Refuses a world with more agents than 2^N sizing LPs allow. */
export function requireAllocatable(world: Pick<World, "agents">): void {
  if (world.agents.length > MAX_ALLOCATION_AGENTS) {
    throw new InputError({
      path: "--allocate",
      expected: `at most ${MAX_ALLOCATION_AGENTS} agents (every coalition is a sizing LP: 2^N of them), got ${world.agents.length}`,
    });
  }
}

/** The world of coalition `mask`: only its agents (they are independent models). */
function coalitionWorld(world: World, mask: CoalitionMask): World {
  return { ...world, agents: world.agents.filter((_, i) => hasPlayer(mask, i)) };
}

/**
 * Every non-empty coalition's optimum over the first `steps` steps, by mask (index 0, the
 * empty coalition, is a zero placeholder). `loadLpSolver()` must have run. `onCoalition` is
 * told after each one (for progress).
 */
export function coalitionOptima(world: World, steps: number, onCoalition?: (done: number, total: number) => void): CoalitionOptimum[] {
  requireAllocatable(world);
  const players = world.agents.map((a) => a.model.id);
  const full = grandMask(players.length);
  const basis = planSizingBasis(world, steps);
  const out: CoalitionOptimum[] = [{ mask: 0, members: [], energyKWh: 0, powerKW: 0, operatingCost: 0, fixedCost: 0, systemCost: 0 }];
  for (let mask = 1; mask <= full; mask++) {
    const central = centralOptimumOf(coalitionWorld(world, mask), steps, basis);
    out.push({ mask, members: membersOf(players, mask), energyKWh: central.energyKWh, powerKW: central.powerKW, operatingCost: central.operatingCost, fixedCost: central.fixedCost, systemCost: central.systemCost });
    onCoalition?.(mask, full);
  }
  return out;
}

/** The shares of `cost` over `players` by `rule` (nash: equal weights, v({i}) as stand-alone costs). `loadLpSolver()` must have run for the nucleolus. */
export function allocateCost(players: readonly string[], cost: CostGame, rule: AllocationRule): CostShares {
  switch (rule) {
    case "shapley":
      return shapleyExact(players, cost);
    case "nucleolus":
      return nucleolus(players, cost).shares;
    case "nash":
      return nashSplit(Object.fromEntries(players.map((id, i) => [id, cost(2 ** i)])), cost(grandMask(players.length)));
  }
}

/** Relative tolerance of the subadditivity and core checks: LP costs carry rounding. */
const GAME_TOLERANCE = 1e-7;

/** Whether v(S ∪ T) ≤ v(S) + v(T) for every pair of disjoint non-empty coalitions, up to `tolerance`. */
export function isSubadditive(n: number, cost: CostGame, tolerance: number): boolean {
  if (n > MAX_ALLOCATION_AGENTS) throw new RangeError(`isSubadditive: at most ${MAX_ALLOCATION_AGENTS} players, got ${n}`);
  const full = grandMask(n);
  for (let s = 1; s <= full; s++) {
    // Every non-empty T ⊆ N∖S with T > S (each unordered pair once): submasks of the complement
    // (32-bit operators are exact here: at most MAX_ALLOCATION_AGENTS players).
    const rest = full - s;
    for (let t = rest; t > 0; t = (t - 1) & rest) {
      if (t < s) continue;
      if (cost(s + t) > cost(s) + cost(t) + tolerance) return false;
    }
  }
  return true;
}

/**
 * max over proper non-empty coalitions S ⊊ N of Σ_{i∈S} shares_i − v(S): how much more some
 * group pays than it would on its own (≤ 0: the shares are in the core, for efficient shares).
 * 0 with fewer than two players, who form no proper coalition.
 */
export function largestExcess(players: readonly string[], cost: CostGame, shares: CostShares): number {
  if (players.length < 2) return 0;
  let worst = -Infinity;
  for (let mask = 1; mask < grandMask(players.length); mask++) {
    const paid = players.reduce((s, id, i) => (hasPlayer(mask, i) ? s + shares[id]! : s), 0);
    worst = Math.max(worst, paid - cost(mask));
  }
  return worst;
}

/** Splits the grand coalition's optimum of `coalitions` (from {@link coalitionOptima}) by `rule` (module comment). */
export function allocateJointInvestment(players: readonly string[], coalitions: readonly CoalitionOptimum[], rule: AllocationRule): CapexAllocation {
  const full = grandMask(players.length);
  if (coalitions.length !== full + 1) throw new RangeError(`allocateJointInvestment: ${coalitions.length} coalitions for ${players.length} players`);
  const v: CostGame = (mask) => coalitions[mask]!.systemCost;
  const operating: CostGame = (mask) => coalitions[mask]!.operatingCost;
  const grand = coalitions[full]!;
  const total = allocateCost(players, v, rule);
  const operatingShares = allocateCost(players, operating, rule);
  const tolerance = GAME_TOLERANCE * Math.max(1, ...coalitions.map((c) => Math.abs(c.systemCost)));
  const excess = largestExcess(players, v, total);
  return {
    rule,
    grand,
    members: players.map((id, i) => {
      const alone = coalitions[2 ** i]!;
      const fixedCostShare = total[id]! - operatingShares[id]!;
      return {
        id,
        standAloneKWh: alone.energyKWh,
        standAloneKW: alone.powerKW,
        standAloneCost: alone.systemCost,
        allocatedCost: total[id]!,
        saving: alone.systemCost - total[id]!,
        fixedCostShare,
        fixedCostFraction: grand.fixedCost > 0 ? fixedCostShare / grand.fixedCost : null,
      };
    }),
    coalitions: coalitions.slice(1),
    subadditive: isSubadditive(players.length, v, tolerance),
    largestExcess: excess,
    inCore: excess <= tolerance,
  };
}

/** The allocation of `world`'s joint investment over its first `steps` steps by `rule`. `loadLpSolver()` must have run. */
export function capexAllocation(world: World, steps: number, rule: AllocationRule, onCoalition?: (done: number, total: number) => void): CapexAllocation {
  const coalitions = coalitionOptima(world, steps, onCoalition);
  return allocateJointInvestment(world.agents.map((a) => a.model.id), coalitions, rule);
}

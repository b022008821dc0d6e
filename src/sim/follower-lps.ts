import { periodLpNames } from "../agents/index.js";
import type { CapacityChoice, PeriodView } from "../agents/types.js";
import type { FollowerLp, RentalPrices, RentalRequest } from "../market/types.js";
import { createWarmFollowers, type WarmFollowers } from "./warm-followers.js";
import type { World } from "./world.js";
import { compareIds } from "../core/ids.js";

/**
 * What a rental round offers mechanisms that look inside the followers' problems: each tenant's
 * period LP as data (`RentalRound.followerLps`, from Strategy.periodLp) and warm-started best
 * responses (`RentalRound.respondWarm`, warm-followers.ts). Both are built only when a
 * mechanism asks, so rounds under other mechanisms do exactly what they did before.
 */

/** The names the period LPs give the rented partition's E and P (periodLpNames()). */
const NAMES = periodLpNames();

/** The round's follower LPs and warm responder, and the scope that frees the warm models. */
export interface RoundFollowers {
  /** RentalRound.followerLps: every tenant's LP sorted by agent id, or undefined when some tenant has none. */
  readonly lps: () => readonly FollowerLp[] | undefined;
  /** RentalRound.respondWarm: LP tenants answer from warm models, the others as usual; logged as `respond` logs. */
  readonly respondWarm: (prices: RentalPrices) => RentalRequest[];
  /** Runs the round's clearing and frees the warm models afterwards, whether it returns or throws. */
  during<T>(clear: () => T): T;
}

/** The period LP of every tenant whose strategy has one, in tenant order. */
function lpsOfSome(world: World, views: ReadonlyMap<string, PeriodView>, states: Readonly<Record<string, unknown>>): FollowerLp[] {
  const lps: FollowerLp[] = [];
  for (const { model, strategy } of world.agents) {
    const lp = strategy.periodLp?.(model.id, views.get(model.id)!, states[model.id]);
    if (lp) lps.push({ agent: model.id, lp, energy: NAMES.energy, power: NAMES.power });
  }
  return lps;
}

/**
 * The follower side of one round. `respond(prices, answered)` is the round's logged query,
 * taking answers already found for some tenants.
 */
export function roundFollowers(
  world: World,
  views: ReadonlyMap<string, PeriodView>,
  states: Readonly<Record<string, unknown>>,
  respond: (prices: RentalPrices, answered?: ReadonlyMap<string, CapacityChoice>) => RentalRequest[],
): RoundFollowers {
  let some: FollowerLp[] | undefined;
  const lpTenants = () => (some ??= lpsOfSome(world, views, states));
  let warm: WarmFollowers | undefined;
  return {
    lps: () => {
      const lps = lpTenants();
      if (lps.length !== world.agents.length) return undefined;
      return [...lps].sort((a, b) => compareIds(a.agent, b.agent));
    },
    respondWarm: (prices) => {
      warm ??= createWarmFollowers(lpTenants());
      return respond(prices, warm.respond(prices));
    },
    during<T>(clear: () => T): T {
      try {
        return clear();
      } finally {
        warm?.dispose();
      }
    },
  };
}

import { rentalPeriodOf } from "../../core/calendar.js";
import type { RentalPrices, RentalRequest, RentalRound } from "../../market/types.js";
import { BID_LADDER_POINTS, bidCeiling } from "../../sim/rental-round.js";
import { revealedBids } from "../../sim/revealed-bids.js";
import type { RentalRecord } from "../../sim/step-record.js";
import { periodViews } from "../../sim/views.js";
import type { World } from "../../sim/world.js";

/**
 * A rental round answered from the log instead of by the agents (open loop, DESIGN.md §5).
 *
 * Every best-response query of a logged round is in its record (`iterations`: the prices asked
 * and every tenant's answer), so a mechanism that asks only prices the log holds can be
 * re-cleared exactly: `respond(prices)` returns the logged answers at exactly those prices (the
 * doubles round-trip through JSON unchanged), and `bids()` reveals block bids from them along
 * the same price ladder the engine uses (sim/rental-round.ts, sim/revealed-bids.ts), which needs
 * the ladder's answers in the log. A price the log holds no answer for stops the re-clearing
 * with {@link NotInLog}, unless the caller gives a `fallback` for it; `coalition()` always
 * stops it, since coalition optima are solved from the agents' models and not logged.
 *
 * The ladder is rebuilt here as rental-round.ts builds it (the same ceiling, points and
 * reserve): a change to how the engine reveals bids must be made here too, and the test that
 * re-clears a logged round under its own mechanism (test/lab/counterfactual.test.ts) fails
 * until it is.
 */

/** Raised when a mechanism asks the logged round for something the log does not hold. */
export class NotInLog extends Error {
  /** The prices asked, when it was a best-response query. */
  readonly prices: RentalPrices | null;
  constructor(message: string, prices: RentalPrices | null = null) {
    super(message);
    this.name = "NotInLog";
    this.prices = prices;
  }
}

/** How a logged round answers a price it holds no answer for: null to stop with NotInLog. */
export type UnloggedPrices = ((prices: RentalPrices) => readonly RentalRequest[]) | null;

/** The key of a price pair, exact: the logged doubles read back as the same numbers. */
function priceKey(prices: RentalPrices): string {
  return `${prices.cE}|${prices.cP}`;
}

/**
 * The round that opened the period at step `t`, answered from `record`. `onAnswer` is told of
 * every query and whether the log answered it (`logged`) or the fallback did.
 */
export function loggedRound(
  world: World,
  t: number,
  record: RentalRecord,
  fallback: UnloggedPrices,
  onAnswer: (prices: RentalPrices, source: "logged" | "fallback") => void = () => {},
): RentalRound {
  const answers = new Map<string, readonly RentalRequest[]>();
  for (const iteration of record.iterations) {
    // A repeated price was answered the same way both times (the agents are deterministic).
    if (!answers.has(priceKey(iteration.prices))) answers.set(priceKey(iteration.prices), iteration.requests);
  }
  const tenants = world.agents.map((a) => a.model.id);
  const respond = (prices: RentalPrices): readonly RentalRequest[] => {
    const logged = answers.get(priceKey(prices));
    if (logged) {
      onAnswer(prices, "logged");
      return logged;
    }
    if (fallback) {
      onAnswer(prices, "fallback");
      return fallback(prices);
    }
    throw new NotInLog(`the tenants' best responses at cE = ${prices.cE}, cP = ${prices.cP}, which the log of period ${record.period} does not hold`, prices);
  };
  let bids: ReturnType<RentalRound["bids"]> | undefined;
  return {
    period: rentalPeriodOf(world.calendar, t),
    offer: world.offer,
    tenants,
    respond,
    bids: () => (bids ??= revealedBids(tenants, world.offer.reserve, bidCeiling(periodViews(world, t)), BID_LADDER_POINTS, respond)),
    coalition: () => {
      throw new NotInLog(`coalition optima (the tenants' joint LPs), which no log holds`);
    },
  };
}

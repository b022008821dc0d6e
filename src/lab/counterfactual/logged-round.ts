import { rentalPeriodOf } from "../../core/calendar.js";
import type { RentalPrices, RentalRequest, RentalRound } from "../../market/types.js";
import { BID_LADDER_POINTS, bidCeiling } from "../../sim/rental-round.js";
import { revealedBids } from "../../sim/revealed-bids.js";
import { BUNDLE_GRID_POINTS, revealedBundles, type BundleQuery } from "../../sim/revealed-bundles.js";
import type { RentalRecord } from "../../sim/log/step-record.js";
import { periodViews } from "../../sim/views.js";
import type { World } from "../../sim/world.js";

/**
 * A rental round answered from the log instead of by the agents (open loop, DESIGN.md §5).
 *
 * Every best-response query of a logged round is in its record (`iterations`: the prices asked
 * and every tenant's answer), so a mechanism that asks only prices the log holds can be
 * re-cleared exactly: `respond(prices)` returns the logged answers at exactly those prices (the
 * doubles round-trip through JSON unchanged), `bids()` reveals block bids from them along the
 * same price ladder the engine uses (sim/rental-round.ts, sim/revealed-bids.ts), which needs the
 * ladder's answers in the log, and `bundles()` reveals bundle bids by the engine's rule
 * (sim/revealed-bundles.ts), which needs the no-storage, grid, clearing-search and rationed
 * answers in the log: a query is looked up by its prices and its kind (`query`), and the caps of
 * a rationed query follow from the answers before it, so they are the logged ones when those
 * answers are. A price the log holds no answer for stops the re-clearing
 * with {@link NotInLog}, unless the caller gives a `fallback` for it; `coalition()` always
 * stops it, since coalition optima are solved from the agents' models and not logged.
 *
 * The ladder and the bundle grid are rebuilt here as rental-round.ts builds them (the same
 * ceiling, points and reserve): a change to how the engine reveals bids must be made here too, and the test that
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

/** The key of a query, exact: the logged doubles read back as the same numbers. */
function queryKey(prices: RentalPrices, query: BundleQuery = "price"): string {
  return `${prices.cE}|${prices.cP}|${query}`;
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
    const key = queryKey(iteration.prices, iteration.query);
    if (!answers.has(key)) answers.set(key, iteration.requests);
  }
  const tenants = world.agents.map((a) => a.model.id);
  const respond = (prices: RentalPrices): readonly RentalRequest[] => {
    const logged = answers.get(queryKey(prices));
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
  const askLogged = (prices: RentalPrices, query: BundleQuery): readonly RentalRequest[] => {
    if (query === "price") return respond(prices);
    const logged = answers.get(queryKey(prices, query));
    if (!logged) throw new NotInLog(`the tenants' ${query} answers at cE = ${prices.cE}, cP = ${prices.cP}, which the log of period ${record.period} does not hold`, prices);
    onAnswer(prices, "logged");
    return logged;
  };
  let bids: ReturnType<RentalRound["bids"]> | undefined;
  let bundles: ReturnType<RentalRound["bids"]> | undefined;
  const ceiling = () => bidCeiling(periodViews(world, t));
  return {
    period: rentalPeriodOf(world.calendar, t),
    offer: world.offer,
    tenants,
    respond,
    bids: () => (bids ??= revealedBids(tenants, world.offer.reserve, ceiling(), BID_LADDER_POINTS, respond)),
    bundles: () => (bundles ??= revealedBundles(tenants, world.offer, world.offer.reserve, ceiling(), BUNDLE_GRID_POINTS, (prices, _caps, query) => askLogged(prices, query))),
    coalition: () => {
      throw new NotInLog(`coalition optima (the tenants' joint LPs), which no log holds`);
    },
  };
}

// Pre-optimisation reference copy (see index.ts): frozen, used only by test/market/clearing-equivalence.test.ts.
/**
 * mcafee — McAfee's (1992) trade-reduction double auction, for divisible orders (MODEL.md §5).
 *
 * Orders are matched greedily (matching.ts); b* and s* are the limits of the marginal buy and
 * sell orders (the last that received any quantity). Let b' and s' be the limits of the best
 * buy and the best sell order, in matching priority, with quantity left unmatched (an order
 * partly filled counts; orders of zero kWh never do).
 *
 * - **p0 case**: if both b' and s' exist and p0 = (b' + s')/2 lies in [s*, b*], every matched
 *   kWh trades at p0, buyers paying sellers directly. `prices` = `{ clearing: p0 }`.
 * - **trade reduction** otherwise: the marginal buy and the marginal sell order are removed
 *   whole; the buy orders ranked before the marginal buy and the sell orders ranked before
 *   the marginal sell are matched again (all of them cross, b ≥ b* ≥ s* ≥ s), the long side
 *   rationed in priority order (the same greedy matcher); every buyer pays b* and every seller
 *   receives s* per kWh, through the market account, which keeps (b* − s*) per kWh.
 *   `prices` = `{ buyer: b*, seller: s* }`.
 *
 * Everything that does not trade, the removed orders included, goes to the grid at the tariff.
 * Rules where the definition is silent: a partly filled marginal order makes b' = b* (or
 * s' = s*), and since the best unmatched orders never cross, p0 then lies outside [s*, b*]:
 * reduction follows. When reduction applies and the marginal buy (or sell) is the only
 * matched order on its side — one buyer and one seller, say — no peer trade remains, as in
 * McAfee's auction. Ties in limit are broken as in matching.ts (agent id, then book order),
 * so an order tied with the marginal one but ranked before it is kept.
 *
 * Properties:
 * - individually rational: yes — in the p0 case s* ≤ p0 ≤ b*; after reduction every kept
 *   buy has limit ≥ b* and every kept sell limit ≤ s*.
 * - budget balance: weak — strong in the p0 case; after reduction the operator keeps
 *   (b* − s*) ≥ 0 per traded kWh.
 * - truthful: yes for one-unit orders (every order 1 kWh, or more generally all orders of one
 *   size): then the mechanism is exactly McAfee's, in which reporting one's limit truthfully
 *   is a dominant strategy (tested by exhaustive deviations on random one-unit books). For
 *   divisible orders of unequal sizes it is NOT truthful: after reduction the long kept side
 *   is rationed in priority order at a price it does not set, so a kept buyer can overstate
 *   (a kept seller understate) its limit to jump the queue and trade more at the same price;
 *   and a large marginal order loses all its quantity, not one unit. What does hold for any
 *   sizes: no order that trades ever sets its own price, except the marginal orders, which
 *   trade only in the p0 case and then at a price set by b' and s'.
 * - efficient: no — trade reduction forgoes the marginal orders' crossing quantity.
 */
import { z } from "zod";
import type { EnergyBook, EnergyClearing, EnergyMechanism, EnergyOrder, EnergyTrade, MechanismProperties } from "../../../src/market/types.js";
import { defineMechanism } from "../../../src/market/mechanism-entry.js";
import { matchOrders, type Matching } from "./matching.js";
import { isNegligible } from "../../../src/market/tolerance.js";
import { settleEnergy } from "./settle.js";

/** Registry name of McAfee's trade-reduction auction. */
export const MCAFEE = "mcafee";

/** The properties McAfee's auction claims (see the file header: truthful for one-unit orders). */
export const mcafeeProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "weak",
  truthful: true,
  efficient: false,
};

/** Parameters of McAfee's auction: none. */
export const mcafeeParams = z.strictObject({});

/** Which branch of McAfee's rule cleared the book. */
export type McAfeeRule = "none" | "p0" | "reduction";

/** Clears `book` by McAfee's rule (see the file header); `meta.rule` says which branch applied. */
export function clearMcAfee(book: EnergyBook): EnergyClearing {
  const { orders } = book;
  const m = matchOrders(orders);
  const bPrime = bestLeft(orders, m, m.buyRank);
  const sPrime = bestLeft(orders, m, m.sellRank);
  const { bStar, sStar, marginalBuyIndex, marginalSellIndex } = m;

  let rule: McAfeeRule = "none";
  let trades: EnergyTrade[] = [];
  let prices: Record<string, number> = {};
  if (bStar !== null && sStar !== null && marginalBuyIndex !== null && marginalSellIndex !== null) {
    const p0 = bPrime !== null && sPrime !== null ? (bPrime + sPrime) / 2 : null;
    if (p0 !== null && sStar <= p0 && p0 <= bStar) {
      rule = "p0";
      prices = { clearing: p0 };
      trades = m.pairs.map((pair) => ({ buyer: pair.buyer, seller: pair.seller, kWh: pair.kWh, buyerPrice: p0, sellerPrice: p0 }));
    } else {
      rule = "reduction";
      prices = { buyer: bStar, seller: sStar };
      const keptBuys = new Set(m.buyRank.slice(0, m.buyRank.indexOf(marginalBuyIndex)));
      const keptSells = new Set(m.sellRank.slice(0, m.sellRank.indexOf(marginalSellIndex)));
      // Book order is kept, so the matcher's tie-break (agent id, then book position) is unchanged.
      const kept: EnergyOrder[] = orders.filter((_, i) => keptBuys.has(i) || keptSells.has(i));
      trades = matchOrders(kept).pairs.map((pair) => ({ buyer: pair.buyer, seller: pair.seller, kWh: pair.kWh, buyerPrice: bStar, sellerPrice: sStar }));
    }
  }

  const { settlement, payments, operatorSurplus } = settleEnergy(book, trades);
  return {
    mechanism: MCAFEE,
    prices,
    trades,
    settlement,
    operatorSurplus,
    payments,
    meta: { rule, bStar, sStar, bPrime, sPrime, matchedKWh: trades.reduce((sum, t) => sum + t.kWh, 0) },
  };
}

/** Limit of the best-ranked order in `rank` with quantity left unmatched, or null. */
function bestLeft(orders: readonly EnergyOrder[], m: Matching, rank: readonly number[]): number | null {
  for (const i of rank) {
    const order = orders[i]!;
    if (order.kWh > 0 && !isNegligible(order.kWh - m.matchedKWh[i]!, order.kWh)) return order.limit;
  }
  return null;
}

/** McAfee's auction (no parameters, no random draws: ties follow matching.ts). */
export function createMcAfee(): EnergyMechanism {
  return { name: MCAFEE, clear: (book) => clearMcAfee(book) };
}

/** Registry entry for McAfee's auction. */
export const mcafeeEntry = defineMechanism({
  name: MCAFEE,
  kind: "energy",
  description: "McAfee trade reduction: all trade at (b'+s')/2 if it lies in [s*, b*], else the marginal orders drop out and buyers pay b*, sellers get s*.",
  properties: mcafeeProperties,
  params: mcafeeParams,
  create: () => createMcAfee(),
});

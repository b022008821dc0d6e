// Pre-optimisation reference copy (see index.ts): frozen, used only by test/market/clearing-equivalence.test.ts.
/**
 * pay-as-bid — discriminatory double auction (MODEL.md §5). Orders are matched greedily as in
 * uniform (matching.ts); on every matched kWh the buyer pays its own limit and the seller
 * receives its own limit. The buyer pays the market account and the market account pays the
 * seller; the operator keeps the spread Σ (b_i − s_j)·q_ij, reported as `operatorSurplus`.
 * What is not matched goes to the grid at the tariff (settle.ts).
 *
 * Properties:
 * - individually rational: yes — a matched buyer pays exactly its limit, a matched seller
 *   receives exactly its limit (so each is indifferent to its marginal kWh, never worse off).
 * - budget balance: weak — every matched pair crosses (b_i ≥ s_j), so the operator's surplus
 *   is ≥ 0 and is > 0 whenever a matched pair does not tie.
 * - truthful: no — a buyer pays what it bids, so bidding below its value (but still above the
 *   marginal sell) keeps the trade and lowers its price; sellers likewise ask above cost.
 * - efficient: yes, in declared surplus — the same matching as uniform: every crossing
 *   quantity trades.
 */
import { z } from "zod";
import type { EnergyBook, EnergyClearing, EnergyMechanism, EnergyTrade, MechanismProperties } from "../../../src/market/types.js";
import { defineMechanism } from "../../../src/market/mechanism-entry.js";
import { matchOrders } from "./matching.js";
import { settleEnergy } from "./settle.js";

/** Registry name of pay-as-bid. */
export const PAY_AS_BID = "pay-as-bid";

/** The properties pay-as-bid claims (see the file header). */
export const payAsBidProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "weak",
  truthful: false,
  efficient: true,
};

/** Parameters of pay-as-bid: none. */
export const payAsBidParams = z.strictObject({});

/**
 * Clears `book` pay-as-bid. `prices` is empty (there is no single price); each trade carries
 * the buyer's and the seller's own limits. `meta` has b*, s* (null when nothing matched) and
 * the matched kWh.
 */
export function clearPayAsBid(book: EnergyBook): EnergyClearing {
  const m = matchOrders(book.orders);
  const trades: EnergyTrade[] = m.pairs.map((pair) => ({
    buyer: pair.buyer,
    seller: pair.seller,
    kWh: pair.kWh,
    buyerPrice: book.orders[pair.buyIndex]!.limit,
    sellerPrice: book.orders[pair.sellIndex]!.limit,
  }));
  const { settlement, payments, operatorSurplus } = settleEnergy(book, trades);
  return {
    mechanism: PAY_AS_BID,
    prices: {},
    trades,
    settlement,
    operatorSurplus,
    payments,
    meta: { bStar: m.bStar, sStar: m.sStar, matchedKWh: trades.reduce((sum, t) => sum + t.kWh, 0) },
  };
}

/** The pay-as-bid mechanism (no parameters, no random draws: ties follow matching.ts). */
export function createPayAsBid(): EnergyMechanism {
  return { name: PAY_AS_BID, clear: (book) => clearPayAsBid(book) };
}

/** Registry entry for pay-as-bid. */
export const payAsBidEntry = defineMechanism({
  name: PAY_AS_BID,
  kind: "energy",
  description: "Pay-as-bid: uniform's matching; buyers pay and sellers receive their own limits, the operator keeps the spread.",
  properties: payAsBidProperties,
  params: payAsBidParams,
  create: () => createPayAsBid(),
});

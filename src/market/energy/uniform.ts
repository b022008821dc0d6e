/**
 * uniform — the k-double auction (MODEL.md §5). Orders are matched greedily (matching.ts) and
 * every matched kWh trades at one price p = s* + k·(b* − s*), k ∈ [0, 1] (default 0.5), where
 * b* and s* are the limits of the last buy and sell order that received any quantity.
 *
 * Properties:
 * - individually rational: yes — every matched buyer's limit is ≥ b* ≥ p and every matched
 *   seller's limit is ≤ s* ≤ p.
 * - budget balance: strong — buyers pay sellers directly at p; the operator keeps nothing.
 * - truthful: no — the marginal orders set the price, so shading a limit can move p in one's
 *   favour (only k = 1 makes sellers, k = 0 buyers, price-takers at the margin).
 * - efficient: yes, in declared surplus — every crossing quantity trades.
 */
import { z } from "zod";
import type { EnergyBook, EnergyClearing, EnergyMechanism, MechanismProperties } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { matchIndexed } from "../matching.js";
import { settleIndexed } from "./settle.js";
import { indexBook } from "../indexed-book.js";
import { pairTrades, tradeColumns, tradeObjects, tradedKWh } from "./trade-columns.js";

/** Registry name of the k-double auction. */
export const UNIFORM = "uniform";

/** The properties the k-double auction claims (see the file header). */
export const uniformProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: false,
  efficient: true,
};

/** Parameters of the k-double auction. */
export const uniformParams = z.strictObject({
  k: z
    .number({ error: (iss) => `a number in [0, 1], got ${JSON.stringify(iss.input)}` })
    .min(0, { error: (iss) => `a number in [0, 1], got ${String(iss.input)}` })
    .max(1, { error: (iss) => `a number in [0, 1], got ${String(iss.input)}` })
    .default(0.5),
});

/** Clears `book` by the k-double auction; `prices` is `{ clearing: p }`, or `{}` when nothing matched. */
export function clearUniformDoubleAuction(book: EnergyBook, k = 0.5): EnergyClearing {
  const ib = indexBook(book);
  const { pairs } = matchIndexed(ib);
  const bStar = pairs.marginalBuy < 0 ? null : ib.limit[pairs.marginalBuy]!;
  const sStar = pairs.marginalSell < 0 ? null : ib.limit[pairs.marginalSell]!;
  const p = bStar === null || sStar === null ? null : sStar + k * (bStar - sStar);
  const t = p === null ? tradeColumns(0) : pairTrades(ib, pairs, p, p);
  const { settlement, payments, operatorSurplus } = settleIndexed(ib, t);
  const trades = tradeObjects(ib, t);
  return {
    mechanism: UNIFORM,
    prices: p === null ? {} : { clearing: p },
    trades,
    settlement,
    operatorSurplus,
    payments,
    meta: { k, bStar, sStar, matchedKWh: tradedKWh(t) },
  };
}

/** The k-double auction with price parameter `k` (no random draws: ties follow matching.ts). */
export function createUniformDoubleAuction(k = 0.5): EnergyMechanism {
  return { name: UNIFORM, clear: (book) => clearUniformDoubleAuction(book, k) };
}

/** Registry entry for the k-double auction. */
export const uniformEntry = defineMechanism({
  name: UNIFORM,
  kind: "energy",
  description: "k-double auction: every matched kWh trades at p = s* + k(b* - s*).",
  properties: uniformProperties,
  params: uniformParams,
  create: (params) => createUniformDoubleAuction(params.k),
});

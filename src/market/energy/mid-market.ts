/**
 * mid-market — mid-market-rate pricing (MODEL.md §5). Limits are ignored; every peer kWh
 * trades at p_m = (λ^b + λ^s)/2. All buy and sell quantity meet in one pool (pro-rata.ts):
 * the short side trades all its quantity at p_m, the long side a share in proportion to its
 * quantity (the same share for every agent on that side) at p_m and the rest with the grid
 * (imports at λ^b, exports at λ^s). Buyers pay sellers directly. `prices` = `{ clearing: p_m }`
 * when anything trades, else empty; `meta` has D, S and the traded kWh.
 *
 * Rules where the definition is silent: an agent with both buy and sell orders counts on both
 * sides (its own kWh may meet in the pool, with no money moving); with D = 0 or S = 0 nothing
 * trades and every order goes to the grid.
 *
 * Properties:
 * - individually rational: yes, against the grid — λ^s ≤ p_m ≤ λ^b, so every peer kWh is
 *   bought no dearer than the import tariff and sold no cheaper than the feed-in tariff.
 * - budget balance: strong — one price, buyers pay sellers directly, the operator keeps nothing.
 * - truthful: yes, in limits — limits are ignored and the price is fixed by the tariff, so no
 *   report of a limit changes anything (as for grid-only). Quantities are the agents' physical
 *   needs, not bids: on the long side the pro-rata share would reward overstating them.
 * - efficient: no, in the auction sense — limits are ignored, so energy trades whatever the
 *   declared values (a buyer's limit may be below the seller's).
 */
import { z } from "zod";
import type { EnergyBook, EnergyClearing, EnergyMechanism, MechanismProperties } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { settleIndexed } from "./settle.js";
import { poolIndexed, proRataColumns } from "./pro-rata.js";
import { indexBook } from "../indexed-book.js";
import { tradeObjects, tradedKWh } from "./trade-columns.js";

/** Registry name of mid-market-rate pricing. */
export const MID_MARKET = "mid-market";

/** The properties mid-market pricing claims (see the file header). */
export const midMarketProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: true,
  efficient: false,
};

/** Parameters of mid-market pricing: none. */
export const midMarketParams = z.strictObject({});

/** Clears `book` at the mid-market rate (see the file header). */
export function clearMidMarket(book: EnergyBook): EnergyClearing {
  const ib = indexBook(book);
  const pool = poolIndexed(ib);
  const pm = (book.tariff.buy + book.tariff.sell) / 2;
  const t = proRataColumns(pool, pm);
  const { settlement, payments, operatorSurplus } = settleIndexed(ib, t);
  const trades = tradeObjects(ib, t);
  return {
    mechanism: MID_MARKET,
    prices: trades.length === 0 ? {} : { clearing: pm },
    trades,
    settlement,
    operatorSurplus,
    payments,
    meta: { demandKWh: pool.demandKWh, supplyKWh: pool.supplyKWh, matchedKWh: tradedKWh(t) },
  };
}

/** Mid-market pricing (no parameters, no random draws). */
export function createMidMarket(): EnergyMechanism {
  return { name: MID_MARKET, clear: (book) => clearMidMarket(book) };
}

/** Registry entry for mid-market pricing. */
export const midMarketEntry = defineMechanism({
  name: MID_MARKET,
  kind: "energy",
  description: "Mid-market rate: limits ignored; the short side trades all at (buy + sell tariff)/2, the long side pro rata, the rest with the grid.",
  properties: midMarketProperties,
  params: midMarketParams,
  create: () => createMidMarket(),
});

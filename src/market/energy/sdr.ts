/**
 * sdr — supply–demand-ratio pricing (Liu et al. 2017; MODEL.md §5). Limits are ignored.
 * D = Σ buy kWh, S = Σ sell kWh, SDR = S/D; with D = 0 there is nothing to trade and every
 * order goes to the grid (`prices` empty).
 *
 * - SDR ≤ 1: every seller sells all its energy to the buyers, pro rata to their demand, at
 *   p_s = λ^b·λ^s / ((λ^b − λ^s)·SDR + λ^s), i.e. 1/p_s = SDR/λ^s + (1 − SDR)/λ^b, the
 *   harmonic interpolation from λ^b (SDR = 0) down to λ^s (SDR = 1). Each buyer receives the
 *   share SDR of its demand from peers at p_s and imports the rest, (1 − SDR), at λ^b: it pays
 *   p_b = p_s·SDR + λ^b·(1 − SDR) per kWh of its whole demand, as the definition states, and
 *   the grid account supplies the deficit D − S and receives λ^b·(D − S).
 * - SDR > 1: both prices equal λ^s. Buyers buy all their demand from the sellers at λ^s; each
 *   seller sells the share D/S of its energy to them and exports the rest at λ^s.
 *
 * Trades are pro rata between every buying and every selling agent (pro-rata.ts), at
 * buyerPrice = sellerPrice = p_s, so peers pay each other directly and settle.ts adds the grid
 * import at λ^b: each agent's settlement `payment` is exactly what it pays. `prices` =
 * `{ buyer: p_b, seller: p_s }` (p_b is the average a buyer pays per kWh of demand); `meta`
 * has D, S and SDR.
 *
 * Rules where the definition is silent: the harmonic mean needs positive prices. With
 * λ^s ≤ 0 and 0 < SDR, sellers receive λ^s (the formula's limit as λ^s → 0+ is 0 for every
 * SDR > 0), and buyers p_b = λ^s·SDR + λ^b·(1 − SDR). At SDR = 0 (no supply) p_s = λ^b, the
 * formula's value, and p_b = λ^b. With λ^b = λ^s = λ the formula gives λ for every SDR.
 * p_s is clamped into [λ^s, λ^b] against rounding. An agent with both buy and sell orders
 * counts on both sides (its own kWh may meet in the pool, with no money moving).
 *
 * Properties:
 * - individually rational: yes, against the grid — λ^s ≤ p_s ≤ λ^b, so sellers get at least
 *   the feed-in price and buyers pay p_b ≤ λ^b per kWh; nobody is worse off than at the grid.
 * - budget balance: strong — buyers pay sellers directly and the grid for the deficit;
 *   p_b·D = p_s·S + λ^b·(D − S), the operator keeps nothing.
 * - truthful: no — limits are ignored, but every reported quantity moves SDR and with it both
 *   prices (p_s falls as supply grows): in Liu et al. the prosumers play a game in the energy
 *   they schedule, and holding back supply or shifting demand pays.
 * - efficient: no, in the auction sense — limits are ignored, so energy trades whatever the
 *   declared values.
 */
import { z } from "zod";
import type { EnergyBook, EnergyClearing, EnergyMechanism, MechanismProperties } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { settleIndexed } from "./settle.js";
import { poolIndexed, proRataColumns } from "./pro-rata.js";
import { indexBook } from "../indexed-book.js";
import { tradeColumns, tradeObjects, tradedKWh } from "./trade-columns.js";

/** Registry name of supply–demand-ratio pricing. */
export const SDR = "sdr";

/** The properties SDR pricing claims (see the file header). */
export const sdrProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: false,
  efficient: false,
};

/** Parameters of SDR pricing: none. */
export const sdrParams = z.strictObject({});

/** The seller and buyer prices at supply–demand ratio `sdr` ≥ 0 under tariff (λ^b, λ^s); rules as in the file header. */
export function sdrPrices(sdr: number, tariff: { readonly buy: number; readonly sell: number }): { seller: number; buyer: number } {
  const { buy, sell } = tariff;
  if (sdr >= 1) return { seller: sell, buyer: sell };
  let seller: number;
  if (sdr === 0) seller = buy;
  else if (sell <= 0) seller = sell;
  else seller = Math.min(buy, Math.max(sell, (buy * sell) / ((buy - sell) * sdr + sell)));
  return { seller, buyer: seller * sdr + buy * (1 - sdr) };
}

/** Clears `book` by SDR pricing (see the file header). */
export function clearSdr(book: EnergyBook): EnergyClearing {
  const ib = indexBook(book);
  const pool = poolIndexed(ib);
  const D = pool.demandKWh;
  const S = pool.supplyKWh;
  const ratio = D > 0 ? S / D : null;
  const p = ratio === null ? null : sdrPrices(ratio, book.tariff);
  const t = p === null ? tradeColumns(0) : proRataColumns(pool, p.seller);
  const { settlement, payments, operatorSurplus } = settleIndexed(ib, t);
  const trades = tradeObjects(ib, t);
  return {
    mechanism: SDR,
    prices: p === null ? {} : { buyer: p.buyer, seller: p.seller },
    trades,
    settlement,
    operatorSurplus,
    payments,
    meta: { demandKWh: D, supplyKWh: S, sdr: ratio, matchedKWh: tradedKWh(t) },
  };
}

/** SDR pricing (no parameters, no random draws). */
export function createSdr(): EnergyMechanism {
  return { name: SDR, clear: (book) => clearSdr(book) };
}

/** Registry entry for SDR pricing. */
export const sdrEntry = defineMechanism({
  name: SDR,
  kind: "energy",
  description: "Supply-demand ratio (Liu et al. 2017): limits ignored; sellers get p_s(SDR) between the feed-in and import tariffs, buyers pay p_b on all demand.",
  properties: sdrProperties,
  params: sdrParams,
  create: () => createSdr(),
});

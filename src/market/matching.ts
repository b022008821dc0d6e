import type { AgentId, EnergyOrder } from "./types.js";
import { isNegligible } from "./tolerance.js";
import { indexBook, type IndexedBook } from "./indexed-book.js";
import { rankSide } from "./rank-orders.js";

/**
 * The greedy matcher of MODEL.md §5, shared by every energy mechanism that matches orders.
 *
 * Priority: buys by limit descending, sells by limit ascending; equal limits go to the lower
 * agent id (code-unit order), then to the order that came first in the book, so the result
 * never depends on anything but the book itself. Quantities are paired while the current buy
 * limit ≥ the current sell limit; the last pair may fill an order only in part.
 *
 * The matcher pairs orders, not agents: a book with one agent on both sides would pair it with
 * itself, so every mechanism refuses such a book when it settles (energy/self-trading.ts).
 *
 * The work is done on the book's columns (indexed-book.ts, rank-orders.ts) and the pairs are
 * kept as typed arrays ({@link GreedyPairs}); the object form below is built only for callers
 * that ask for it through {@link matchOrders}.
 */

/** One matched quantity between a buy order and a sell order. */
export interface MatchedPair {
  readonly buyer: AgentId;
  readonly seller: AgentId;
  readonly kWh: number;
  /** Index of the buy order in the book's `orders`. */
  readonly buyIndex: number;
  /** Index of the sell order in the book's `orders`. */
  readonly sellIndex: number;
}

/** What the greedy matcher found. */
export interface Matching {
  /** In matching order (best buy with best sell first). */
  readonly pairs: readonly MatchedPair[];
  /** b*: limit of the last buy order that received any quantity; null when nothing matched. */
  readonly bStar: number | null;
  /** s*: limit of the last sell order that received any quantity; null when nothing matched. */
  readonly sStar: number | null;
  /** Book index of the order with limit b* (the marginal buy), or null. */
  readonly marginalBuyIndex: number | null;
  /** Book index of the order with limit s* (the marginal sell), or null. */
  readonly marginalSellIndex: number | null;
  /** Matched kWh per order, indexed like the book's `orders` (0 for unmatched orders). */
  readonly matchedKWh: readonly number[];
  /** Book indices of the buy orders in priority order. */
  readonly buyRank: readonly number[];
  /** Book indices of the sell orders in priority order. */
  readonly sellRank: readonly number[];
}

/** Book indices of `side`'s orders in matching priority (MODEL.md §5, ties as documented above). */
export function rankOrders(orders: readonly EnergyOrder[], side: "buy" | "sell"): number[] {
  return Array.from(rankSide(indexBook({ tariff: { buy: 0, sell: 0 }, orders }), side === "buy"));
}

/** The pairs of one greedy pass as columns: pair p matched `kWh[p]` of order `buy[p]` with order `sell[p]`. */
export interface GreedyPairs {
  readonly count: number;
  readonly buy: Int32Array;
  readonly sell: Int32Array;
  readonly kWh: Float64Array;
  /** Book index of the last buy (sell) order that received any quantity, −1 when nothing matched. */
  readonly marginalBuy: number;
  readonly marginalSell: number;
}

/**
 * The greedy pass over the first `buyCount` orders of `buyRank` and `sellCount` of `sellRank`
 * (a prefix of a ranking is the ranking of that subset, which mcafee's re-match relies on).
 * Adds each pair's kWh to `matched[order]` when given.
 */
export function greedyPairs(
  ib: IndexedBook,
  buyRank: Int32Array,
  buyCount: number,
  sellRank: Int32Array,
  sellCount: number,
  matched?: Float64Array,
): GreedyPairs {
  const { kWh, limit } = ib;
  // Every step exhausts at least one order, so there are fewer pairs than orders.
  const cap = buyCount + sellCount;
  const pairBuy = new Int32Array(cap);
  const pairSell = new Int32Array(cap);
  const pairKWh = new Float64Array(cap);
  let count = 0;
  let b = 0;
  let s = 0;
  let buyLeft = buyCount > 0 ? kWh[buyRank[0]!]! : 0;
  let sellLeft = sellCount > 0 ? kWh[sellRank[0]!]! : 0;
  let marginalBuy = -1;
  let marginalSell = -1;
  while (b < buyCount && s < sellCount) {
    const bi = buyRank[b]!;
    const si = sellRank[s]!;
    const buyKWh = kWh[bi]!;
    const sellKWh = kWh[si]!;
    if (limit[bi]! < limit[si]!) break;
    const q = Math.min(buyLeft, sellLeft);
    if (q > 0 && !isNegligible(q, Math.max(buyKWh, sellKWh))) {
      pairBuy[count] = bi;
      pairSell[count] = si;
      pairKWh[count] = q;
      count++;
      if (matched !== undefined) {
        matched[bi] = matched[bi]! + q;
        matched[si] = matched[si]! + q;
      }
      marginalBuy = bi;
      marginalSell = si;
    }
    // The side that set q is exhausted exactly; the other keeps its remainder unless it is noise.
    buyLeft = q === buyLeft ? 0 : buyLeft - q;
    sellLeft = q === sellLeft ? 0 : sellLeft - q;
    if (isNegligible(buyLeft, buyKWh)) {
      b += 1;
      buyLeft = b < buyCount ? kWh[buyRank[b]!]! : 0;
    }
    if (isNegligible(sellLeft, sellKWh)) {
      s += 1;
      sellLeft = s < sellCount ? kWh[sellRank[s]!]! : 0;
    }
  }
  return { count, buy: pairBuy, sell: pairSell, kWh: pairKWh, marginalBuy, marginalSell };
}

/** The full greedy matching of an indexed book, in columns (what the mechanisms use). */
export interface IndexedMatching {
  readonly pairs: GreedyPairs;
  /** Matched kWh per order (0 for unmatched orders). */
  readonly matched: Float64Array;
  readonly buyRank: Int32Array;
  readonly sellRank: Int32Array;
}

/** Matches the indexed book greedily (MODEL.md §5). */
export function matchIndexed(ib: IndexedBook): IndexedMatching {
  const buyRank = rankSide(ib, true);
  const sellRank = rankSide(ib, false);
  const matched = new Float64Array(ib.n);
  const pairs = greedyPairs(ib, buyRank, buyRank.length, sellRank, sellRank.length, matched);
  return { pairs, matched, buyRank, sellRank };
}

/** Matches `orders` greedily (MODEL.md §5). Pure; orders of zero kWh never match. */
export function matchOrders(orders: readonly EnergyOrder[]): Matching {
  const ib = indexBook({ tariff: { buy: 0, sell: 0 }, orders });
  const { pairs: p, matched, buyRank, sellRank } = matchIndexed(ib);
  const pairs: MatchedPair[] = [];
  for (let k = 0; k < p.count; k++) {
    const bi = p.buy[k]!;
    const si = p.sell[k]!;
    pairs.push({ buyer: orders[bi]!.agent, seller: orders[si]!.agent, kWh: p.kWh[k]!, buyIndex: bi, sellIndex: si });
  }
  const marginalBuyIndex = p.marginalBuy < 0 ? null : p.marginalBuy;
  const marginalSellIndex = p.marginalSell < 0 ? null : p.marginalSell;
  return {
    pairs,
    bStar: marginalBuyIndex === null ? null : orders[marginalBuyIndex]!.limit,
    sStar: marginalSellIndex === null ? null : orders[marginalSellIndex]!.limit,
    marginalBuyIndex,
    marginalSellIndex,
    matchedKWh: Array.from(matched),
    buyRank: Array.from(buyRank),
    sellRank: Array.from(sellRank),
  };
}

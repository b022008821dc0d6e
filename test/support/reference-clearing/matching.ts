// Pre-optimisation reference copy (see index.ts): frozen, used only by test/market/clearing-equivalence.test.ts.
import type { AgentId, EnergyOrder } from "../../../src/market/types.js";
import { isNegligible } from "../../../src/market/tolerance.js";
import { compareIds } from "../../../src/core/ids.js";

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
  const sign = side === "buy" ? -1 : 1;
  return orders
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => o.side === side)
    .sort((x, y) => sign * (x.o.limit - y.o.limit) || compareIds(x.o.agent, y.o.agent) || x.i - y.i)
    .map(({ i }) => i);
}

/** Matches `orders` greedily (MODEL.md §5). Pure; orders of zero kWh never match. */
export function matchOrders(orders: readonly EnergyOrder[]): Matching {
  const buyRank = rankOrders(orders, "buy");
  const sellRank = rankOrders(orders, "sell");
  const matched = orders.map(() => 0);
  const pairs: MatchedPair[] = [];
  let b = 0;
  let s = 0;
  let buyLeft = orders[buyRank[0] ?? 0]?.kWh ?? 0;
  let sellLeft = orders[sellRank[0] ?? 0]?.kWh ?? 0;
  let marginalBuyIndex: number | null = null;
  let marginalSellIndex: number | null = null;

  while (b < buyRank.length && s < sellRank.length) {
    const bi = buyRank[b]!;
    const si = sellRank[s]!;
    const buy = orders[bi]!;
    const sell = orders[si]!;
    if (buy.limit < sell.limit) break;
    const q = Math.min(buyLeft, sellLeft);
    if (q > 0 && !isNegligible(q, Math.max(buy.kWh, sell.kWh))) {
      pairs.push({ buyer: buy.agent, seller: sell.agent, kWh: q, buyIndex: bi, sellIndex: si });
      matched[bi] = matched[bi]! + q;
      matched[si] = matched[si]! + q;
      marginalBuyIndex = bi;
      marginalSellIndex = si;
    }
    // The side that set q is exhausted exactly; the other keeps its remainder unless it is noise.
    buyLeft = q === buyLeft ? 0 : buyLeft - q;
    sellLeft = q === sellLeft ? 0 : sellLeft - q;
    if (isNegligible(buyLeft, buy.kWh)) {
      b += 1;
      buyLeft = orders[buyRank[b] ?? -1]?.kWh ?? 0;
    }
    if (isNegligible(sellLeft, sell.kWh)) {
      s += 1;
      sellLeft = orders[sellRank[s] ?? -1]?.kWh ?? 0;
    }
  }

  return {
    pairs,
    bStar: marginalBuyIndex === null ? null : orders[marginalBuyIndex]!.limit,
    sStar: marginalSellIndex === null ? null : orders[marginalSellIndex]!.limit,
    marginalBuyIndex,
    marginalSellIndex,
    matchedKWh: matched,
    buyRank,
    sellRank,
  };
}

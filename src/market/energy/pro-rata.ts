/**
 * Pro-rata pooling shared by the limit-free mechanisms (sdr, mid-market): all buy and all sell
 * quantity meet in one pool; the short side trades everything, the long side a share in
 * proportion to its quantity, and each buyer–seller pair trades
 * kWh = d_a · s_b / max(D, S) (d_a, s_b: an agent's total buy and sell kWh; D, S: the totals).
 * Limits are ignored. An agent with both buy and sell orders may trade with itself.
 */
import type { AgentId, EnergyBook, EnergyTrade } from "../types.js";
import { compareIds } from "../tolerance.js";

/** Total buy and sell kWh of a book, and per agent (agents in ascending id order). */
export interface PoolTotals {
  /** D: Σ buy kWh. */
  readonly demandKWh: number;
  /** S: Σ sell kWh. */
  readonly supplyKWh: number;
  readonly buyers: ReadonlyArray<readonly [AgentId, number]>;
  readonly sellers: ReadonlyArray<readonly [AgentId, number]>;
}

/** Sums `book`'s quantities per side and agent; agents with zero kWh on a side are left out. */
export function poolTotals(book: EnergyBook): PoolTotals {
  const buy = new Map<AgentId, number>();
  const sell = new Map<AgentId, number>();
  for (const o of book.orders) {
    if (!(o.kWh > 0)) continue;
    const side = o.side === "buy" ? buy : sell;
    side.set(o.agent, (side.get(o.agent) ?? 0) + o.kWh);
  }
  const sorted = (m: Map<AgentId, number>) => [...m.entries()].sort((x, y) => compareIds(x[0], y[0]));
  const buyers = sorted(buy);
  const sellers = sorted(sell);
  return {
    demandKWh: buyers.reduce((s, [, q]) => s + q, 0),
    supplyKWh: sellers.reduce((s, [, q]) => s + q, 0),
    buyers,
    sellers,
  };
}

/** Pro-rata trades of the pool at one price per kWh (buyers in id order, then sellers in id order). */
export function proRataTrades(pool: PoolTotals, price: number): EnergyTrade[] {
  const scale = Math.max(pool.demandKWh, pool.supplyKWh);
  if (pool.demandKWh === 0 || pool.supplyKWh === 0) return [];
  const trades: EnergyTrade[] = [];
  for (const [buyer, d] of pool.buyers) {
    for (const [seller, s] of pool.sellers) {
      const kWh = (d * s) / scale;
      if (kWh > 0) trades.push({ buyer, seller, kWh, buyerPrice: price, sellerPrice: price });
    }
  }
  return trades;
}

// Pre-optimisation reference copy (see index.ts): frozen, used only by test/market/clearing-equivalence.test.ts.
/**
 * Pro-rata pooling shared by the limit-free mechanisms (sdr, mid-market): all buy and all sell
 * quantity meet in one pool; the short side trades everything, the long side a share in
 * proportion to its quantity: buyer a gets d_a · min(D, S)/D, seller b places s_b · min(D, S)/S
 * (d_a, s_b: an agent's total buy and sell kWh; D, S: the totals). Limits are ignored.
 * Every kWh trades at the same price, so who is paired with whom moves no money: the shares
 * are paired greedily in id order, giving at most (buyers + sellers − 1) trades — linear in
 * the book, where pairing every buyer with every seller would be quadratic. No agent is on both
 * sides: settlement refuses such a book (self-trading.ts), so no share is paired with itself.
 */
import type { AgentId, EnergyBook, EnergyTrade } from "../../../src/market/types.js";
import { compareIds } from "../../../src/core/ids.js";

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

/** Pro-rata trades of the pool at one price per kWh: shares paired greedily, buyers and sellers in id order. */
export function proRataTrades(pool: PoolTotals, price: number): EnergyTrade[] {
  const traded = Math.min(pool.demandKWh, pool.supplyKWh);
  if (!(traded > 0)) return [];
  const buyShare = traded / pool.demandKWh;
  const sellShare = traded / pool.supplyKWh;
  const trades: EnergyTrade[] = [];
  let j = 0;
  let sellerLeft = pool.sellers.length > 0 ? pool.sellers[0]![1] * sellShare : 0;
  for (const [buyer, d] of pool.buyers) {
    let buyerLeft = d * buyShare;
    // Quantities below 1e-12 of the trade are rounding left-overs of the shares, not energy.
    while (buyerLeft > traded * 1e-12 && j < pool.sellers.length) {
      const kWh = Math.min(buyerLeft, sellerLeft);
      if (kWh > 0) trades.push({ buyer, seller: pool.sellers[j]![0], kWh, buyerPrice: price, sellerPrice: price });
      buyerLeft -= kWh;
      sellerLeft -= kWh;
      if (sellerLeft <= traded * 1e-12) {
        j++;
        sellerLeft = j < pool.sellers.length ? pool.sellers[j]![1] * sellShare : 0;
      }
    }
  }
  return trades;
}

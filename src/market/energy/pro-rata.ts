/**
 * Pro-rata pooling shared by the limit-free mechanisms (sdr, mid-market): all buy and all sell
 * quantity meet in one pool; the short side trades everything, the long side a share in
 * proportion to its quantity: buyer a gets d_a · min(D, S)/D, seller b places s_b · min(D, S)/S
 * (d_a, s_b: an agent's total buy and sell kWh; D, S: the totals). Limits are ignored.
 * Every kWh trades at the same price, so who is paired with whom moves no money: the shares
 * are paired greedily in id order, giving at most (buyers + sellers − 1) trades — linear in
 * the book, where pairing every buyer with every seller would be quadratic. No agent is on both
 * sides: settlement refuses such a book (self-trading.ts), so no share is paired with itself.
 *
 * The mechanisms use the column form ({@link poolIndexed}, {@link proRataColumns}); the
 * object form ({@link poolTotals}, {@link proRataTrades}) is kept for callers of the API and
 * runs the same loop.
 */
import type { AgentId, EnergyBook, EnergyTrade } from "../types.js";
import { indexBook, type IndexedBook } from "../indexed-book.js";
import { tradeColumns, type TradeColumns } from "./trade-columns.js";

/** Total buy and sell kWh of a book, and per agent (agents in ascending id order). */
export interface PoolTotals {
  /** D: Σ buy kWh. */
  readonly demandKWh: number;
  /** S: Σ sell kWh. */
  readonly supplyKWh: number;
  readonly buyers: ReadonlyArray<readonly [AgentId, number]>;
  readonly sellers: ReadonlyArray<readonly [AgentId, number]>;
}

/** {@link PoolTotals} in columns: agents as ranks of the indexed book, ascending. */
export interface IndexedPool {
  readonly demandKWh: number;
  readonly supplyKWh: number;
  readonly buyers: Int32Array;
  readonly buyerKWh: Float64Array;
  readonly sellers: Int32Array;
  readonly sellerKWh: Float64Array;
}

/** Sums the indexed book's quantities per side and agent; agents with zero kWh on a side are left out. */
export function poolIndexed(ib: IndexedBook): IndexedPool {
  const A = ib.agents.length;
  const buy = new Float64Array(A);
  const sell = new Float64Array(A);
  const inBuy = new Uint8Array(A);
  const inSell = new Uint8Array(A);
  for (let i = 0; i < ib.n; i++) {
    const q = ib.kWh[i]!;
    if (!(q > 0)) continue;
    const a = ib.agent[i]!;
    if (ib.isBuy[i] === 1) {
      buy[a] = buy[a]! + q;
      inBuy[a] = 1;
    } else {
      sell[a] = sell[a]! + q;
      inSell[a] = 1;
    }
  }
  const side = (sums: Float64Array, present: Uint8Array) => {
    let count = 0;
    for (let a = 0; a < A; a++) count += present[a]!;
    const agents = new Int32Array(count);
    const kWh = new Float64Array(count);
    let total = 0;
    for (let a = 0, j = 0; a < A; a++) {
      if (present[a] === 0) continue;
      agents[j] = a;
      kWh[j++] = sums[a]!;
      total += sums[a]!;
    }
    return { agents, kWh, total };
  };
  const b = side(buy, inBuy);
  const s = side(sell, inSell);
  return { demandKWh: b.total, supplyKWh: s.total, buyers: b.agents, buyerKWh: b.kWh, sellers: s.agents, sellerKWh: s.kWh };
}

/** Sums `book`'s quantities per side and agent; agents with zero kWh on a side are left out. */
export function poolTotals(book: EnergyBook): PoolTotals {
  const ib = indexBook(book);
  const pool = poolIndexed(ib);
  const named = (agents: Int32Array, kWh: Float64Array) => Array.from(agents, (a, j) => [ib.agents[a]!, kWh[j]!] as const);
  return { demandKWh: pool.demandKWh, supplyKWh: pool.supplyKWh, buyers: named(pool.buyers, pool.buyerKWh), sellers: named(pool.sellers, pool.sellerKWh) };
}

/**
 * The pro-rata pairing (see the file header) of buyers with quantities `d` and sellers with
 * `s`, totals D and S, at `price`: columns whose buyer and seller are positions in `d` and `s`.
 */
function proRataPositions(d: Float64Array, s: Float64Array, D: number, S: number, price: number): TradeColumns {
  const traded = Math.min(D, S);
  if (!(traded > 0)) return tradeColumns(0);
  const buyShare = traded / D;
  const sellShare = traded / S;
  // Every trade exhausts a buyer's or a seller's share, so there are fewer than d + s trades.
  const t = tradeColumns(d.length + s.length);
  let count = 0;
  let j = 0;
  let sellerLeft = s.length > 0 ? s[0]! * sellShare : 0;
  for (let i = 0; i < d.length; i++) {
    let buyerLeft = d[i]! * buyShare;
    // Quantities below 1e-12 of the trade are rounding left-overs of the shares, not energy.
    while (buyerLeft > traded * 1e-12 && j < s.length) {
      const kWh = Math.min(buyerLeft, sellerLeft);
      if (kWh > 0) {
        t.buyer[count] = i;
        t.seller[count] = j;
        t.kWh[count] = kWh;
        t.buyerPrice[count] = price;
        t.sellerPrice[count] = price;
        count++;
      }
      buyerLeft -= kWh;
      sellerLeft -= kWh;
      if (sellerLeft <= traded * 1e-12) {
        j++;
        sellerLeft = j < s.length ? s[j]! * sellShare : 0;
      }
    }
  }
  t.count = count;
  return t;
}

/** Pro-rata trades of an indexed pool at one price per kWh, agents as ranks of the book. */
export function proRataColumns(pool: IndexedPool, price: number): TradeColumns {
  const t = proRataPositions(pool.buyerKWh, pool.sellerKWh, pool.demandKWh, pool.supplyKWh, price);
  for (let k = 0; k < t.count; k++) {
    t.buyer[k] = pool.buyers[t.buyer[k]!]!;
    t.seller[k] = pool.sellers[t.seller[k]!]!;
  }
  return t;
}

/** Pro-rata trades of the pool at one price per kWh: shares paired greedily, buyers and sellers in id order. */
export function proRataTrades(pool: PoolTotals, price: number): EnergyTrade[] {
  const d = Float64Array.from(pool.buyers, ([, q]) => q);
  const s = Float64Array.from(pool.sellers, ([, q]) => q);
  const t = proRataPositions(d, s, pool.demandKWh, pool.supplyKWh, price);
  const trades: EnergyTrade[] = [];
  for (let k = 0; k < t.count; k++) {
    trades.push({ buyer: pool.buyers[t.buyer[k]!]![0], seller: pool.sellers[t.seller[k]!]![0], kWh: t.kWh[k]!, buyerPrice: price, sellerPrice: price });
  }
  return trades;
}

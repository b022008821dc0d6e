import type { EnergyTrade } from "../types.js";
import type { IndexedBook } from "../indexed-book.js";
import type { GreedyPairs } from "../matching.js";

/**
 * Peer trades as columns, agents as ranks of the indexed book (indexed-book.ts): what the
 * mechanisms produce and settlement consumes, so neither walks per-trade objects; the
 * `EnergyTrade` objects of the result are built once, at the end ({@link tradeObjects}).
 */
export interface TradeColumns {
  readonly count: number;
  readonly buyer: Int32Array;
  readonly seller: Int32Array;
  readonly kWh: Float64Array;
  readonly buyerPrice: Float64Array;
  readonly sellerPrice: Float64Array;
}

/** Empty columns with room for `capacity` trades; `count` is set by the filler. */
export function tradeColumns(capacity: number): { -readonly [K in keyof TradeColumns]: TradeColumns[K] } {
  return {
    count: 0,
    buyer: new Int32Array(capacity),
    seller: new Int32Array(capacity),
    kWh: new Float64Array(capacity),
    buyerPrice: new Float64Array(capacity),
    sellerPrice: new Float64Array(capacity),
  };
}

/** The result's trade objects, in column order (keys in the order the log has always had). */
export function tradeObjects(ib: IndexedBook, t: TradeColumns): EnergyTrade[] {
  const { agents } = ib;
  const out: EnergyTrade[] = new Array<EnergyTrade>(t.count);
  for (let k = 0; k < t.count; k++) {
    out[k] = { buyer: agents[t.buyer[k]!]!, seller: agents[t.seller[k]!]!, kWh: t.kWh[k]!, buyerPrice: t.buyerPrice[k]!, sellerPrice: t.sellerPrice[k]! };
  }
  return out;
}

/** Σ kWh of the trades, summed in trade order (the `meta.matchedKWh` every mechanism reports). */
export function tradedKWh(t: TradeColumns): number {
  let sum = 0;
  for (let k = 0; k < t.count; k++) sum += t.kWh[k]!;
  return sum;
}

/**
 * Trades of matched pairs at fixed prices, or — where a price is null — at the order's own
 * limit (pay-as-bid): buyer and seller are the pair's agents.
 */
export function pairTrades(ib: IndexedBook, pairs: GreedyPairs, buyerPrice: number | null, sellerPrice: number | null): TradeColumns {
  const t = tradeColumns(pairs.count);
  for (let k = 0; k < pairs.count; k++) {
    const bi = pairs.buy[k]!;
    const si = pairs.sell[k]!;
    t.buyer[k] = ib.agent[bi]!;
    t.seller[k] = ib.agent[si]!;
    t.kWh[k] = pairs.kWh[k]!;
    t.buyerPrice[k] = buyerPrice ?? ib.limit[bi]!;
    t.sellerPrice[k] = sellerPrice ?? ib.limit[si]!;
  }
  t.count = pairs.count;
  return t;
}

import type { AgentId, AgentSettlement, EnergyBook, EnergyTrade, Payment } from "../types.js";
import { GRID_ACCOUNT, MARKET_ACCOUNT } from "../types.js";
import { isNegligible } from "../tolerance.js";
import { compareIds } from "../../core/ids.js";
import { PaymentReason } from "../payment-reasons.js";
import { refuseSelfTrading } from "./self-trading.js";
import { indexBook, type IndexedBook } from "../indexed-book.js";
import { tradeColumns, type TradeColumns } from "./trade-columns.js";
import { mergeAccounts, PaymentColumns } from "./payment-order.js";

/**
 * Settlement of a cleared energy book, common to every energy mechanism: whatever an agent's
 * orders did not trade with peers goes to the grid at the tariff (MODEL.md §5).
 *
 * Per-agent sums live in Float64Arrays indexed by agent rank (indexed-book.ts) and the
 * transfers in columns (payment-order.ts); every sum is taken in the same order as when they
 * were Map entries and Payment objects, so results are the same to the bit.
 */

/** The money side of a clearing: per-agent positions, transfers and the operator's take. */
export interface EnergySettlement {
  /** Keyed by agent id (inserted in ascending order), one entry per agent with an order. */
  readonly settlement: Readonly<Record<AgentId, AgentSettlement>>;
  /** Aggregated per (from, to, reason), sorted by from, to, reason. */
  readonly payments: readonly Payment[];
  /** Σ buyer payments − Σ seller receipts on peer trades. */
  readonly operatorSurplus: number;
}

/**
 * Settles `trades` against `book`: peer kWh from the trades, grid kWh = order kWh not traded.
 * A trade at one price is paid buyer → seller; one with a spread goes through the market account.
 * A book with an agent on both sides is refused (self-trading.ts): every mechanism settles
 * here, so none of them can settle a trade of an agent with itself.
 */
export function settleEnergy(book: EnergyBook, trades: readonly EnergyTrade[]): EnergySettlement {
  const ib = indexBook(book);
  // Refused before the trades are read, as before: a self-trading book fails as such.
  refuseSelfTradingIndexed(ib);
  const t = tradeColumns(trades.length);
  for (let k = 0; k < trades.length; k++) {
    const trade = trades[k]!;
    const buyer = ib.rankOf.get(trade.buyer);
    const seller = ib.rankOf.get(trade.seller);
    if (buyer === undefined || seller === undefined) throw new Error(`settleEnergy: trade between ${trade.buyer} and ${trade.seller}, who have no orders in the book`);
    t.buyer[k] = buyer;
    t.seller[k] = seller;
    t.kWh[k] = trade.kWh;
    t.buyerPrice[k] = trade.buyerPrice;
    t.sellerPrice[k] = trade.sellerPrice;
  }
  t.count = trades.length;
  return settleIndexed(ib, t);
}

/** Refuses a book with an agent on both sides (the message is self-trading.ts's, built only then). */
export function refuseSelfTradingIndexed(ib: IndexedBook): void {
  const sides = new Uint8Array(ib.agents.length);
  for (let i = 0; i < ib.n; i++) {
    const a = ib.agent[i]!;
    sides[a] = sides[a]! | (ib.isBuy[i] === 1 ? 1 : 2);
    if (sides[a] === 3) refuseSelfTrading(ib.book);
  }
}

/** Reasons of energy payments in code-unit order: the payments' sort order, as ranks. */
const REASONS = [PaymentReason.energyPeer, PaymentReason.energyGridImport, PaymentReason.energyGridExport].sort(compareIds);
const PEER = REASONS.indexOf(PaymentReason.energyPeer);
const IMPORT = REASONS.indexOf(PaymentReason.energyGridImport);
const EXPORT = REASONS.indexOf(PaymentReason.energyGridExport);

/**
 * {@link settleEnergy} on an indexed book and trade columns whose agents are ranks of `ib`;
 * refuses a self-trading book first, like {@link settleEnergy}.
 */
export function settleIndexed(ib: IndexedBook, t: TradeColumns): EnergySettlement {
  refuseSelfTradingIndexed(ib);
  const { agents, n } = ib;
  const A = agents.length;
  const orderedBuy = new Float64Array(A);
  const orderedSell = new Float64Array(A);
  for (let i = 0; i < n; i++) {
    const a = ib.agent[i]!;
    if (ib.isBuy[i] === 1) orderedBuy[a] = orderedBuy[a]! + ib.kWh[i]!;
    else orderedSell[a] = orderedSell[a]! + ib.kWh[i]!;
  }

  const { accounts, agentAccount, extraAccount } = mergeAccounts(agents, [GRID_ACCOUNT, MARKET_ACCOUNT]);
  const grid = extraAccount[0]!;
  const market = extraAccount[1]!;
  const transfers = new PaymentColumns(accounts, REASONS, 2 * t.count + 2 * A);
  const bought = new Float64Array(A);
  const sold = new Float64Array(A);
  const paidBy = new Float64Array(A);
  const receivedBy = new Float64Array(A);
  let operatorSurplus = 0;
  for (let k = 0; k < t.count; k++) {
    const b = t.buyer[k]!;
    const s = t.seller[k]!;
    const kWh = t.kWh[k]!;
    const buyerPrice = t.buyerPrice[k]!;
    const sellerPrice = t.sellerPrice[k]!;
    const paid = kWh * buyerPrice;
    const received = kWh * sellerPrice;
    bought[b] = bought[b]! + kWh;
    paidBy[b] = paidBy[b]! + paid;
    sold[s] = sold[s]! + kWh;
    receivedBy[s] = receivedBy[s]! + received;
    operatorSurplus += paid - received;
    if (buyerPrice === sellerPrice) {
      transfers.add(agentAccount[b]!, agentAccount[s]!, paid, PEER);
    } else {
      transfers.add(agentAccount[b]!, market, paid, PEER);
      transfers.add(market, agentAccount[s]!, received, PEER);
    }
  }

  const { buy: importPrice, sell: exportPrice } = ib.book.tariff;
  // Assigned one by one: a plain object with 100k keys is built about twice as fast this way as
  // by Object.fromEntries, and only "__proto__" needs defining (assigning it would set the prototype).
  const settlement: Record<AgentId, AgentSettlement> = {};
  for (let a = 0; a < A; a++) {
    const gridImportKWh = residual(orderedBuy[a]!, bought[a]!);
    const gridExportKWh = residual(orderedSell[a]!, sold[a]!);
    const importCost = gridImportKWh * importPrice;
    const exportRevenue = gridExportKWh * exportPrice;
    if (gridImportKWh > 0) transfers.add(agentAccount[a]!, grid, importCost, IMPORT);
    if (gridExportKWh > 0) transfers.add(grid, agentAccount[a]!, exportRevenue, EXPORT);
    const entry: AgentSettlement = {
      peerBoughtKWh: bought[a]!,
      peerSoldKWh: sold[a]!,
      gridImportKWh,
      gridExportKWh,
      payment: paidBy[a]! + importCost - receivedBy[a]! - exportRevenue,
    };
    const id = agents[a]!;
    if (id === "__proto__") Object.defineProperty(settlement, id, { value: entry, writable: true, enumerable: true, configurable: true });
    else settlement[id] = entry;
  }

  return { settlement, payments: transfers.payments(), operatorSurplus };
}

/** Order kWh left for the grid; noise from summing trades is dropped, overfilling is a bug. */
function residual(ordered: number, traded: number): number {
  const left = ordered - traded;
  if (isNegligible(left, ordered)) return 0;
  if (left < 0) throw new Error(`settleEnergy: ${traded} kWh traded against orders of ${ordered} kWh`);
  return left;
}

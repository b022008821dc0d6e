// Pre-optimisation reference copy (see index.ts): frozen, used only by test/market/clearing-equivalence.test.ts.
import type { AgentId, AgentSettlement, EnergyBook, EnergyTrade, Payment } from "../../../src/market/types.js";
import { GRID_ACCOUNT, MARKET_ACCOUNT } from "../../../src/market/types.js";
import { isNegligible } from "../../../src/market/tolerance.js";
import { compareIds } from "../../../src/core/ids.js";
import { aggregatePayments } from "./aggregate-payments.js";
import { PaymentReason } from "../../../src/market/payment-reasons.js";
import { refuseSelfTrading } from "./self-trading.js";

/**
 * Settlement of a cleared energy book, common to every energy mechanism: whatever an agent's
 * orders did not trade with peers goes to the grid at the tariff (MODEL.md §5).
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
  refuseSelfTrading(book);
  const agents = [...new Set(book.orders.map((o) => o.agent))].sort(compareIds);
  const ordered = new Map<AgentId, { buy: number; sell: number }>();
  for (const a of agents) ordered.set(a, { buy: 0, sell: 0 });
  for (const o of book.orders) ordered.get(o.agent)![o.side] += o.kWh;

  const peer = new Map<AgentId, { bought: number; sold: number; paid: number; received: number }>();
  for (const a of agents) peer.set(a, { bought: 0, sold: 0, paid: 0, received: 0 });
  const transfers: Payment[] = [];
  let operatorSurplus = 0;
  for (const t of trades) {
    const buyer = peer.get(t.buyer);
    const seller = peer.get(t.seller);
    if (!buyer || !seller) throw new Error(`settleEnergy: trade between ${t.buyer} and ${t.seller}, who have no orders in the book`);
    const paid = t.kWh * t.buyerPrice;
    const received = t.kWh * t.sellerPrice;
    buyer.bought += t.kWh;
    buyer.paid += paid;
    seller.sold += t.kWh;
    seller.received += received;
    operatorSurplus += paid - received;
    if (t.buyerPrice === t.sellerPrice) {
      transfers.push({ from: t.buyer, to: t.seller, amount: paid, reason: PaymentReason.energyPeer });
    } else {
      transfers.push({ from: t.buyer, to: MARKET_ACCOUNT, amount: paid, reason: PaymentReason.energyPeer });
      transfers.push({ from: MARKET_ACCOUNT, to: t.seller, amount: received, reason: PaymentReason.energyPeer });
    }
  }

  const entries: [AgentId, AgentSettlement][] = [];
  for (const a of agents) {
    const o = ordered.get(a)!;
    const p = peer.get(a)!;
    const gridImportKWh = residual(o.buy, p.bought);
    const gridExportKWh = residual(o.sell, p.sold);
    const importCost = gridImportKWh * book.tariff.buy;
    const exportRevenue = gridExportKWh * book.tariff.sell;
    if (gridImportKWh > 0) transfers.push({ from: a, to: GRID_ACCOUNT, amount: importCost, reason: PaymentReason.energyGridImport });
    if (gridExportKWh > 0) transfers.push({ from: GRID_ACCOUNT, to: a, amount: exportRevenue, reason: PaymentReason.energyGridExport });
    entries.push([
      a,
      {
        peerBoughtKWh: p.bought,
        peerSoldKWh: p.sold,
        gridImportKWh,
        gridExportKWh,
        payment: p.paid + importCost - p.received - exportRevenue,
      },
    ]);
  }
  // fromEntries defines own properties, so even an agent called "__proto__" is an ordinary key.
  const settlement: Record<AgentId, AgentSettlement> = Object.fromEntries(entries);

  return { settlement, payments: aggregatePayments(transfers), operatorSurplus };
}

/** Order kWh left for the grid; noise from summing trades is dropped, overfilling is a bug. */
function residual(ordered: number, traded: number): number {
  const left = ordered - traded;
  if (isNegligible(left, ordered)) return 0;
  if (left < 0) throw new Error(`settleEnergy: ${traded} kWh traded against orders of ${ordered} kWh`);
  return left;
}

import fc from "fast-check";
import { expect } from "vitest";
import { clearGridOnly } from "../../src/market/energy/grid-only.js";
import { ledgerViolations, netFlows } from "../../src/market/ledger.js";
import type { EnergyBook, EnergyClearing, EnergyOrder } from "../../src/market/types.js";
import { energyBook, near, sum } from "./books.js";

/** Shared checks for the energy mechanisms' property tests (energy-*.test.ts). */

export const o = (agent: string, side: "buy" | "sell", kWh: number, limit: number): EnergyOrder => ({ agent, side, kWh, limit });

/** Random books where every order has its own agent (`a0`, `b1`, …), so per-agent checks are per-order checks. */
export const uniqueAgentBook: fc.Arbitrary<EnergyBook> = energyBook.map((book) => ({
  tariff: book.tariff,
  orders: book.orders.map((x, i) => ({ ...x, agent: `${x.agent}${i}` })),
}));

/**
 * Energy and money conservation: per agent peer + grid = its order quantity, Σ peer bought =
 * Σ peer sold, every payment sound, net flows over all accounts sum to 0, each agent's
 * `payment` is what it pays on balance, and the market account holds exactly `operatorSurplus`.
 */
export function expectConserved(book: EnergyBook, c: EnergyClearing): void {
  const s = Object.values(c.settlement);
  expect(near(sum(s, (x) => x.peerBoughtKWh), sum(s, (x) => x.peerSoldKWh))).toBe(true);
  expect(near(sum(c.trades, (t) => t.kWh), sum(s, (x) => x.peerBoughtKWh))).toBe(true);
  expect(Object.keys(c.settlement).sort()).toEqual([...new Set(book.orders.map((x) => x.agent))].sort());
  for (const [agent, x] of Object.entries(c.settlement)) {
    const mine = book.orders.filter((q) => q.agent === agent);
    const buy = sum(mine.filter((q) => q.side === "buy"), (q) => q.kWh);
    const sell = sum(mine.filter((q) => q.side === "sell"), (q) => q.kWh);
    expect(near(x.peerBoughtKWh + x.gridImportKWh, buy, buy)).toBe(true);
    expect(near(x.peerSoldKWh + x.gridExportKWh, sell, sell)).toBe(true);
    for (const v of [x.peerBoughtKWh, x.peerSoldKWh, x.gridImportKWh, x.gridExportKWh]) expect(v).toBeGreaterThanOrEqual(0);
  }
  for (const t of c.trades) expect(t.kWh).toBeGreaterThan(0);
  expect(ledgerViolations(c.payments)).toEqual([]);
  const net = netFlows(c.payments);
  const volume = sum(c.payments, (p) => p.amount);
  expect(near(sum([...net.values()], (v) => v), 0, volume)).toBe(true);
  for (const [agent, x] of Object.entries(c.settlement)) expect(near(x.payment, -(net.get(agent) ?? 0), volume)).toBe(true);
  expect(near(net.get("market") ?? 0, c.operatorSurplus, volume)).toBe(true);
}

/** Individual rationality against the grid: no agent pays more (or receives less) than under grid-only. */
export function expectNoWorseThanGrid(book: EnergyBook, c: EnergyClearing): void {
  const grid = clearGridOnly(book).settlement;
  const scale = sum(book.orders, (x) => x.kWh) * Math.max(1, Math.abs(book.tariff.buy), Math.abs(book.tariff.sell));
  for (const [agent, x] of Object.entries(c.settlement)) expect(x.payment).toBeLessThanOrEqual(grid[agent]!.payment + 1e-9 * Math.max(1, scale));
}

/**
 * Individual rationality at the limits on a book with one order per agent: a buyer pays at
 * most its limit per peer kWh, a seller receives at least its limit.
 */
export function expectWithinLimits(book: EnergyBook, c: EnergyClearing): void {
  for (const order of book.orders) {
    const mine = c.trades.filter((t) => (order.side === "buy" ? t.buyer : t.seller) === order.agent);
    const kWh = sum(mine, (t) => t.kWh);
    const money = sum(mine, (t) => t.kWh * (order.side === "buy" ? t.buyerPrice : t.sellerPrice));
    const tol = 1e-9 * Math.max(1, Math.abs(money));
    if (order.side === "buy") expect(money).toBeLessThanOrEqual(order.limit * kWh + tol);
    else expect(money).toBeGreaterThanOrEqual(order.limit * kWh - tol);
  }
}

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clearUniformDoubleAuction, uniformProperties } from "../../src/market/energy/uniform.js";
import { matchOrders } from "../../src/market/matching.js";
import { ledgerViolations, netFlows } from "../../src/market/ledger.js";
import type { EnergyBook, EnergyOrder } from "../../src/market/types.js";
import { energyBook, near, RUNS, sum } from "./books.js";

const o = (agent: string, side: "buy" | "sell", kWh: number, limit: number): EnergyOrder => ({ agent, side, kWh, limit });

// Textbook book. Buys: a 2@0.28, b 1@0.20. Sells: c 1@0.10, d 2@0.22. Grid 0.30 / 0.05.
// Matching: a×c 1, a×d 1, then b 0.20 < d 0.22. b* = 0.28 (a), s* = 0.22 (d).
const BOOK: EnergyBook = {
  tariff: { buy: 0.3, sell: 0.05 },
  orders: [o("a", "buy", 2, 0.28), o("b", "buy", 1, 0.2), o("c", "sell", 1, 0.1), o("d", "sell", 2, 0.22)],
};

describe("uniform k-double auction: golden cases", () => {
  it("clears a crossing book at p = s* + k(b* − s*), one buy across two sells", () => {
    // p = 0.22 + 0.5 × (0.28 − 0.22) = 0.25.
    const c = clearUniformDoubleAuction(BOOK);
    expect(c.prices.clearing).toBeCloseTo(0.25, 12);
    expect(c.trades.map((t) => [t.buyer, t.seller, t.kWh])).toEqual([
      ["a", "c", 1],
      ["a", "d", 1],
    ]);
    for (const t of c.trades) expect([t.buyerPrice, t.sellerPrice]).toEqual([c.prices.clearing, c.prices.clearing]);
    // a: 2 kWh × 0.25 = 0.50. b: unmatched, imports 1 × 0.30 = 0.30.
    // c: sells 1 × 0.25 → −0.25. d: sells 1 × 0.25 and exports 1 × 0.05 → −0.30.
    const s = c.settlement;
    expect(Object.keys(s)).toEqual(["a", "b", "c", "d"]);
    expect(s.a).toMatchObject({ peerBoughtKWh: 2, peerSoldKWh: 0, gridImportKWh: 0, gridExportKWh: 0 });
    expect(s.b).toMatchObject({ peerBoughtKWh: 0, gridImportKWh: 1 });
    expect(s.d).toMatchObject({ peerSoldKWh: 1, gridExportKWh: 1 });
    expect(s.a!.payment).toBeCloseTo(0.5, 12);
    expect(s.b!.payment).toBeCloseTo(0.3, 12);
    expect(s.c!.payment).toBeCloseTo(-0.25, 12);
    expect(s.d!.payment).toBeCloseTo(-0.3, 12);
    expect(c.operatorSurplus).toBe(0);
    // One price, so buyers pay sellers directly; sorted by from, to, reason.
    expect(c.payments.map((p) => [p.from, p.to, p.reason])).toEqual([
      ["a", "c", "energy-peer"],
      ["a", "d", "energy-peer"],
      ["b", "grid", "energy-grid-import"],
      ["grid", "d", "energy-grid-export"],
    ]);
    expect(c.payments.map((p) => p.amount)).toEqual([c.prices.clearing, c.prices.clearing, 0.3, 0.05]);
    expect(c.meta).toMatchObject({ k: 0.5, bStar: 0.28, sStar: 0.22 });
  });

  it("k = 0 prices at s*, k = 1 at b*", () => {
    expect(clearUniformDoubleAuction(BOOK, 0).prices).toEqual({ clearing: 0.22 });
    expect(clearUniformDoubleAuction(BOOK, 1).prices).toEqual({ clearing: 0.28 });
  });

  it("fills a partial quantity: one 3 kWh buy across sells of 1 and 1.5 kWh", () => {
    // buy a 3@0.4; sells b 1@0.1, c 1.5@0.3. a×b 1, a×c 1.5; a imports 0.5. b* = 0.4, s* = 0.3 → p = 0.35.
    const c = clearUniformDoubleAuction({ tariff: { buy: 0.5, sell: 0 }, orders: [o("c", "sell", 1.5, 0.3), o("a", "buy", 3, 0.4), o("b", "sell", 1, 0.1)] });
    expect(c.prices.clearing).toBeCloseTo(0.35, 12);
    expect(c.trades.map((t) => [t.seller, t.kWh])).toEqual([
      ["b", 1],
      ["c", 1.5],
    ]);
    expect(c.settlement.a).toMatchObject({ peerBoughtKWh: 2.5, gridImportKWh: 0.5 });
    // a pays 2.5 × 0.35 + 0.5 × 0.5 = 0.875 + 0.25 = 1.125.
    expect(c.settlement.a!.payment).toBeCloseTo(1.125, 12);
  });

  it("breaks a tie on limit by agent id", () => {
    // zed and amy both bid 0.3 for 1 kWh; only 1 kWh is sold at 0.1. amy < zed, so amy trades.
    // b* = 0.3, s* = 0.1 → p = 0.2; zed imports 1 kWh at 0.32.
    const c = clearUniformDoubleAuction({
      tariff: { buy: 0.32, sell: 0.08 },
      orders: [o("zed", "buy", 1, 0.3), o("amy", "buy", 1, 0.3), o("s", "sell", 1, 0.1)],
    });
    expect(c.trades.map((t) => [t.buyer, t.seller, t.kWh])).toEqual([["amy", "s", 1]]);
    expect(c.prices.clearing).toBeCloseTo(0.2, 12);
    expect(c.settlement.zed).toMatchObject({ peerBoughtKWh: 0, gridImportKWh: 1, payment: 0.32 });
  });

  it("trades nothing when no orders cross: all to the grid, no price", () => {
    // buy a 1@0.1 < sell b 1@0.2. a imports at 0.3, b exports at 0.05.
    const c = clearUniformDoubleAuction({ tariff: { buy: 0.3, sell: 0.05 }, orders: [o("a", "buy", 1, 0.1), o("b", "sell", 1, 0.2)] });
    expect(c.prices).toEqual({});
    expect(c.trades).toEqual([]);
    expect(c.settlement).toEqual({
      a: { peerBoughtKWh: 0, peerSoldKWh: 0, gridImportKWh: 1, gridExportKWh: 0, payment: 0.3 },
      b: { peerBoughtKWh: 0, peerSoldKWh: 0, gridImportKWh: 0, gridExportKWh: 1, payment: -0.05 },
    });
    expect(c.payments).toEqual([
      { from: "a", to: "grid", amount: 0.3, reason: "energy-grid-import" },
      { from: "grid", to: "b", amount: 0.05, reason: "energy-grid-export" },
    ]);
  });
});

describe("uniform k-double auction: properties", () => {
  it("claims IR, strong BB, not truthful, efficient", () => {
    expect(uniformProperties).toEqual({ individuallyRational: true, budgetBalance: "strong", truthful: false, efficient: true });
  });

  it("conserves energy per agent and in total, and money nets to zero (property)", () => {
    fc.assert(
      fc.property(energyBook, fc.double({ min: 0, max: 1, noNaN: true }), (book, k) => {
        const c = clearUniformDoubleAuction(book, k);
        const s = Object.values(c.settlement);
        expect(near(sum(s, (x) => x.peerBoughtKWh), sum(s, (x) => x.peerSoldKWh))).toBe(true);
        for (const [agent, x] of Object.entries(c.settlement)) {
          const mine = book.orders.filter((q) => q.agent === agent);
          const buy = sum(mine.filter((q) => q.side === "buy"), (q) => q.kWh);
          const sell = sum(mine.filter((q) => q.side === "sell"), (q) => q.kWh);
          expect(near(x.peerBoughtKWh + x.gridImportKWh, buy, buy)).toBe(true);
          expect(near(x.peerSoldKWh + x.gridExportKWh, sell, sell)).toBe(true);
        }
        expect(ledgerViolations(c.payments)).toEqual([]);
        const net = netFlows(c.payments);
        for (const [agent, x] of Object.entries(c.settlement)) expect(near(x.payment, -(net.get(agent) ?? 0))).toBe(true);
      }),
      RUNS,
    );
  });

  it("is individually rational and strongly budget balanced (property)", () => {
    fc.assert(
      fc.property(energyBook, fc.double({ min: 0, max: 1, noNaN: true }), (book, k) => {
        const c = clearUniformDoubleAuction(book, k);
        const m = matchOrders(book.orders);
        const p = c.prices.clearing;
        expect(p === undefined).toBe(m.pairs.length === 0);
        for (const pair of m.pairs) {
          // Every matched buy order pays at most its limit, every matched sell gets at least its limit.
          expect(p!).toBeLessThanOrEqual(book.orders[pair.buyIndex]!.limit + 1e-12);
          expect(p!).toBeGreaterThanOrEqual(book.orders[pair.sellIndex]!.limit - 1e-12);
        }
        expect(Math.abs(c.operatorSurplus)).toBeLessThanOrEqual(1e-9);
        expect(c.payments.some((x) => x.from === "market" || x.to === "market")).toBe(false);
      }),
      RUNS,
    );
  });
});

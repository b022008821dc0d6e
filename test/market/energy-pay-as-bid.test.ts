import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clearPayAsBid, payAsBidProperties } from "../../src/market/energy/pay-as-bid.js";
import { matchOrders } from "../../src/market/matching.js";
import type { EnergyBook } from "../../src/market/types.js";
import { energyBook, near, RUNS, sum } from "./books.js";
import { expectConserved, expectWithinLimits, o, uniqueAgentBook } from "./energy-checks.js";

// Buys: a 2@0.28, b 1@0.20. Sells: c 1@0.10, d 2@0.22. Grid 0.30 / 0.05.
// Matching (as uniform): a×c 1, a×d 1, then b 0.20 < d 0.22.
const BOOK: EnergyBook = {
  tariff: { buy: 0.3, sell: 0.05 },
  orders: [o("a", "buy", 2, 0.28), o("b", "buy", 1, 0.2), o("c", "sell", 1, 0.1), o("d", "sell", 2, 0.22)],
};

describe("pay-as-bid: golden", () => {
  it("charges each side its own limit and keeps the spread", () => {
    // a×c 1 kWh: a pays 0.28, c gets 0.10. a×d 1 kWh: a pays 0.28, d gets 0.22.
    // a: 0.56. b: imports 1 × 0.30 = 0.30. c: −0.10. d: −0.22 − 1 × 0.05 (export) = −0.27.
    // Operator: 0.56 − (0.10 + 0.22) = 0.24.
    const c = clearPayAsBid(BOOK);
    expect(c.mechanism).toBe("pay-as-bid");
    expect(c.prices).toEqual({});
    expect(c.trades).toEqual([
      { buyer: "a", seller: "c", kWh: 1, buyerPrice: 0.28, sellerPrice: 0.1 },
      { buyer: "a", seller: "d", kWh: 1, buyerPrice: 0.28, sellerPrice: 0.22 },
    ]);
    const s = c.settlement;
    expect(s.a).toMatchObject({ peerBoughtKWh: 2, gridImportKWh: 0 });
    expect(s.b).toMatchObject({ peerBoughtKWh: 0, gridImportKWh: 1, payment: 0.3 });
    expect(s.d).toMatchObject({ peerSoldKWh: 1, gridExportKWh: 1 });
    expect(s.a!.payment).toBeCloseTo(0.56, 12);
    expect(s.c!.payment).toBeCloseTo(-0.1, 12);
    expect(s.d!.payment).toBeCloseTo(-0.27, 12);
    expect(c.operatorSurplus).toBeCloseTo(0.24, 12);
    expect(c.payments.map((p) => [p.from, p.to, p.reason])).toEqual([
      ["a", "market", "energy-peer"],
      ["b", "grid", "energy-grid-import"],
      ["grid", "d", "energy-grid-export"],
      ["market", "c", "energy-peer"],
      ["market", "d", "energy-peer"],
    ]);
    expect(c.meta).toMatchObject({ bStar: 0.28, sStar: 0.22, matchedKWh: 2 });
  });

  it("trades nothing when no orders cross", () => {
    const c = clearPayAsBid({ tariff: { buy: 0.3, sell: 0.05 }, orders: [o("a", "buy", 1, 0.1), o("b", "sell", 1, 0.2)] });
    expect(c.trades).toEqual([]);
    expect(c.operatorSurplus).toBe(0);
    expect(c.meta).toMatchObject({ bStar: null, sStar: null });
  });
});

describe("pay-as-bid: properties", () => {
  it("claims IR, weak BB, not truthful, efficient", () => {
    expect(payAsBidProperties).toEqual({ individuallyRational: true, budgetBalance: "weak", truthful: false, efficient: true });
  });

  it("conserves energy and money (property)", () => {
    fc.assert(
      fc.property(energyBook, (book) => expectConserved(book, clearPayAsBid(book))),
      RUNS,
    );
  });

  it("matches like uniform at each side's own limit; IR at the limits; operator surplus = Σ spread ≥ 0 (property)", () => {
    fc.assert(
      fc.property(uniqueAgentBook, (book) => {
        const c = clearPayAsBid(book);
        const m = matchOrders(book.orders);
        expect(c.trades.map((t) => [t.buyer, t.seller, t.kWh, t.buyerPrice, t.sellerPrice])).toEqual(
          m.pairs.map((p) => [p.buyer, p.seller, p.kWh, book.orders[p.buyIndex]!.limit, book.orders[p.sellIndex]!.limit]),
        );
        expectWithinLimits(book, c);
        const spread = sum(c.trades, (t) => t.kWh * (t.buyerPrice - t.sellerPrice));
        expect(near(c.operatorSurplus, spread)).toBe(true);
        expect(c.operatorSurplus).toBeGreaterThanOrEqual(-1e-12);
      }),
      RUNS,
    );
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clearMidMarket, midMarketProperties } from "../../src/market/energy/mid-market.js";
import { energyBook, near, RUNS, sum } from "./books.js";
import { expectConserved, expectNoWorseThanGrid, o } from "./energy-checks.js";

const TARIFF = { buy: 0.3, sell: 0.1 };
const pays = (c: ReturnType<typeof clearMidMarket>) => Object.fromEntries(Object.entries(c.settlement).map(([a, x]) => [a, x.payment]));

describe("mid-market: golden (λ^b = 0.3, λ^s = 0.1, p_m = 0.2)", () => {
  it("long buy side: the seller sells everything, buyers share it pro rata and import the rest", () => {
    // a buys 3, b buys 1 (D = 4); c sells 2 (S = 2); limits ignored.
    // a×c 1.5, b×c 0.5 at 0.2. a: 1.5·0.2 + 1.5·0.3 = 0.75; b: 0.5·0.2 + 0.5·0.3 = 0.25; c: −0.4.
    const c = clearMidMarket({ tariff: TARIFF, orders: [o("a", "buy", 3, 0), o("b", "buy", 1, 0), o("c", "sell", 2, 5)] });
    expect(c.prices.clearing).toBeCloseTo(0.2, 15);
    expect(c.trades.map((t) => [t.buyer, t.seller, t.kWh])).toEqual([
      ["a", "c", 1.5],
      ["b", "c", 0.5],
    ]);
    const p = pays(c);
    for (const [a, v] of Object.entries({ a: 0.75, b: 0.25, c: -0.4 })) expect(p[a]).toBeCloseTo(v, 12);
    expect(c.settlement.a).toMatchObject({ peerBoughtKWh: 1.5, gridImportKWh: 1.5 });
    expect(c.payments.map((x) => [x.from, x.to])).toEqual([
      ["a", "c"],
      ["a", "grid"],
      ["b", "c"],
      ["b", "grid"],
    ]);
  });

  it("long sell side: the buyer buys everything, sellers share it pro rata and export the rest", () => {
    // a buys 1; c sells 3, d sells 1 (S = 4). a×c 0.75, a×d 0.25 at 0.2.
    // a: 0.2. c: 0.75·0.2 + 2.25·0.1 = 0.375; d: 0.25·0.2 + 0.75·0.1 = 0.125.
    const c = clearMidMarket({ tariff: TARIFF, orders: [o("a", "buy", 1, 0), o("c", "sell", 3, 1), o("d", "sell", 1, 1)] });
    expect(c.trades.map((t) => [t.buyer, t.seller, t.kWh])).toEqual([
      ["a", "c", 0.75],
      ["a", "d", 0.25],
    ]);
    const p = pays(c);
    for (const [a, v] of Object.entries({ a: 0.2, c: -0.375, d: -0.125 })) expect(p[a]).toBeCloseTo(v, 12);
    expect(c.settlement.c).toMatchObject({ peerSoldKWh: 0.75, gridExportKWh: 2.25 });
  });

  it("one side empty: nothing trades, no price", () => {
    const c = clearMidMarket({ tariff: TARIFF, orders: [o("a", "buy", 1, 0)] });
    expect(c.trades).toEqual([]);
    expect(c.prices).toEqual({});
    expect(c.settlement.a!.payment).toBeCloseTo(0.3, 15);
  });
});

describe("mid-market: properties", () => {
  it("claims IR, strong BB, truthful (limits ignored), not efficient", () => {
    expect(midMarketProperties).toEqual({ individuallyRational: true, budgetBalance: "strong", truthful: true, efficient: false });
  });

  it("conserves energy and money; nobody pays more than at the grid; operator keeps nothing (property)", () => {
    fc.assert(
      fc.property(energyBook, (book) => {
        const c = clearMidMarket(book);
        expectConserved(book, c);
        expectNoWorseThanGrid(book, c);
        expect(c.operatorSurplus).toBe(0);
        expect(c.payments.some((x) => x.from === "market" || x.to === "market")).toBe(false);
        const pm = (book.tariff.buy + book.tariff.sell) / 2;
        expect(c.trades.every((t) => t.buyerPrice === pm && t.sellerPrice === pm)).toBe(true);
      }),
      RUNS,
    );
  });

  it("the short side trades everything, the long side the same share per agent (property)", () => {
    fc.assert(
      fc.property(energyBook, (book) => {
        const c = clearMidMarket(book);
        const D = sum(book.orders.filter((x) => x.side === "buy"), (x) => x.kWh);
        const S = sum(book.orders.filter((x) => x.side === "sell"), (x) => x.kWh);
        expect(near(sum(c.trades, (t) => t.kWh), Math.min(D, S), D + S)).toBe(true);
        for (const [agent, x] of Object.entries(c.settlement)) {
          const mine = book.orders.filter((q) => q.agent === agent);
          const d = sum(mine.filter((q) => q.side === "buy"), (q) => q.kWh);
          const s = sum(mine.filter((q) => q.side === "sell"), (q) => q.kWh);
          const bought = D > 0 && S > 0 ? d * Math.min(1, S / D) : 0;
          const sold = D > 0 && S > 0 ? s * Math.min(1, D / S) : 0;
          expect(near(x.peerBoughtKWh, bought, d)).toBe(true);
          expect(near(x.peerSoldKWh, sold, s)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

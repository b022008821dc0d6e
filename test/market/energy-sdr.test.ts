import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clearSdr, sdrPrices, sdrProperties } from "../../src/market/energy/sdr.js";
import type { EnergyBook } from "../../src/market/types.js";
import { energyBook, near, RUNS, sum } from "./books.js";
import { expectConserved, expectNoWorseThanGrid, o } from "./energy-checks.js";

const TARIFF = { buy: 0.3, sell: 0.1 };
const pays = (c: ReturnType<typeof clearSdr>) => Object.fromEntries(Object.entries(c.settlement).map(([a, x]) => [a, x.payment]));

describe("sdr: golden (λ^b = 0.3, λ^s = 0.1)", () => {
  it("SDR = 0: no supply, buyers pay λ^b for everything", () => {
    // D = 2, S = 0 → p_s = 0.3·0.1 / (0.2·0 + 0.1) = 0.3 = λ^b; p_b = 0.3. a pays 2 × 0.3.
    const c = clearSdr({ tariff: TARIFF, orders: [o("a", "buy", 2, 0.5), o("b", "sell", 0, 0.2)] });
    expect(c.prices.seller).toBeCloseTo(0.3, 12);
    expect(c.prices.buyer).toBeCloseTo(0.3, 12);
    expect(c.trades).toEqual([]);
    expect(c.settlement.a).toMatchObject({ gridImportKWh: 2 });
    expect(c.settlement.a!.payment).toBeCloseTo(0.6, 12);
    expect(c.settlement.b).toEqual({ peerBoughtKWh: 0, peerSoldKWh: 0, gridImportKWh: 0, gridExportKWh: 0, payment: 0 });
    expect(c.meta).toMatchObject({ demandKWh: 2, supplyKWh: 0, sdr: 0 });
  });

  it("SDR = 0.5: sellers get the harmonic price, buyers p_b on all demand, the grid covers D − S", () => {
    // a buys 3, b buys 1 (D = 4); c sells 2 (S = 2); limits ignored. SDR = 0.5.
    // p_s = 0.03 / (0.2·0.5 + 0.1) = 0.15; p_b = 0.15·0.5 + 0.3·0.5 = 0.225.
    // Pro rata: a×c 3·2/4 = 1.5, b×c 0.5 at 0.15; a imports 1.5, b 0.5 at 0.3.
    // a: 1.5·0.15 + 1.5·0.3 = 0.675 = 3 × 0.225; b: 0.225 = 1 × 0.225; c: −2 × 0.15 = −0.3.
    // Grid receives 2 × 0.3 = 0.6: 0.675 + 0.225 = 0.3 + 0.6.
    const c = clearSdr({ tariff: TARIFF, orders: [o("a", "buy", 3, 0.01), o("b", "buy", 1, 0.9), o("c", "sell", 2, 0.9)] });
    expect(c.prices.seller).toBeCloseTo(0.15, 12);
    expect(c.prices.buyer).toBeCloseTo(0.225, 12);
    expect(c.trades.map((t) => [t.buyer, t.seller, t.kWh])).toEqual([
      ["a", "c", 1.5],
      ["b", "c", 0.5],
    ]);
    const p = pays(c);
    expect(p.a).toBeCloseTo(0.675, 12);
    expect(p.b).toBeCloseTo(0.225, 12);
    expect(p.c).toBeCloseTo(-0.3, 12);
    expect(c.settlement.a).toMatchObject({ peerBoughtKWh: 1.5, gridImportKWh: 1.5 });
    const toGrid = sum(c.payments.filter((x) => x.to === "grid"), (x) => x.amount);
    expect(toGrid).toBeCloseTo(0.6, 12);
    expect(c.operatorSurplus).toBe(0);
  });

  it("SDR = 1: both prices are λ^s, nothing goes to the grid", () => {
    // a buys 2, c sells 2: p_s = 0.03 / (0.2 + 0.1) = 0.1, p_b = 0.1. a pays 0.2, c gets 0.2.
    const c = clearSdr({ tariff: TARIFF, orders: [o("a", "buy", 2, 0), o("c", "sell", 2, 1)] });
    expect(c.prices).toEqual({ buyer: 0.1, seller: 0.1 });
    expect(c.trades).toEqual([{ buyer: "a", seller: "c", kWh: 2, buyerPrice: 0.1, sellerPrice: 0.1 }]);
    expect(pays(c)).toEqual({ a: 0.2, c: -0.2 });
  });

  it("SDR = 2: buyers buy all demand at λ^s, sellers sell a pro-rata half and export the rest at λ^s", () => {
    // a buys 1, b buys 1 (D = 2); c sells 3, d sells 1 (S = 4). Both prices 0.1.
    // Shares: a, b get all 1 each; c places 3·2/4 = 1.5, d 1·2/4 = 0.5. Paired greedily in id order:
    // a×c 1, b×c 0.5, b×d 0.5. c sells 1.5, exports 1.5; d sells 0.5, exports 0.5.
    // a, b pay 0.1 each; c gets 0.15 + 0.15 = 0.3; d gets 0.05 + 0.05 = 0.1.
    const c = clearSdr({ tariff: TARIFF, orders: [o("a", "buy", 1, 0.3), o("b", "buy", 1, 0.3), o("c", "sell", 3, 0.1), o("d", "sell", 1, 0.1)] });
    expect(c.prices).toEqual({ buyer: 0.1, seller: 0.1 });
    expect(c.trades.map((t) => [t.buyer, t.seller, t.kWh])).toEqual([
      ["a", "c", 1],
      ["b", "c", 0.5],
      ["b", "d", 0.5],
    ]);
    expect(c.settlement.c).toMatchObject({ peerSoldKWh: 1.5, gridExportKWh: 1.5 });
    const p = pays(c);
    for (const [a, v] of Object.entries({ a: 0.1, b: 0.1, c: -0.3, d: -0.1 })) expect(p[a]).toBeCloseTo(v, 12);
    expect(c.meta).toMatchObject({ sdr: 2 });
  });

  it("no demand: nothing to trade, no prices", () => {
    const c = clearSdr({ tariff: TARIFF, orders: [o("c", "sell", 2, 0.1)] });
    expect(c.prices).toEqual({});
    expect(c.meta).toMatchObject({ sdr: null });
    expect(c.settlement.c!.payment).toBeCloseTo(-0.2, 12);
  });

  it("edge tariffs: λ^s = 0, λ^b = λ^s, λ^s < 0", () => {
    // λ^s = 0: the harmonic price is 0 for SDR > 0; p_b = 0.3·(1 − SDR).
    expect(sdrPrices(0.5, { buy: 0.3, sell: 0 })).toEqual({ seller: 0, buyer: 0.15 });
    expect(sdrPrices(0, { buy: 0.3, sell: 0 })).toEqual({ seller: 0.3, buyer: 0.3 });
    // λ^b = λ^s = 0.2: every price is 0.2; λ^b = λ^s = 0: every price is 0.
    for (const r of [0, 0.3, 1, 4]) {
      const p = sdrPrices(r, { buy: 0.2, sell: 0.2 });
      expect(p.seller).toBeCloseTo(0.2, 15);
      expect(p.buyer).toBeCloseTo(0.2, 15);
      expect(sdrPrices(r, { buy: 0, sell: 0 })).toEqual({ seller: 0, buyer: 0 });
    }
    // λ^s = −0.05 (paid to export): sellers get λ^s, p_b = −0.05·0.5 + 0.3·0.5 = 0.125.
    const neg = sdrPrices(0.5, { buy: 0.3, sell: -0.05 });
    expect(neg.seller).toBe(-0.05);
    expect(neg.buyer).toBeCloseTo(0.125, 15);
  });
});

describe("sdr: properties", () => {
  it("claims IR, strong BB, not truthful, not efficient", () => {
    expect(sdrProperties).toEqual({ individuallyRational: true, budgetBalance: "strong", truthful: false, efficient: false });
  });

  it("prices lie in [λ^s, λ^b], p_s falls as SDR rises, p_b = p_s·SDR + λ^b(1 − SDR) (property)", () => {
    const tariff = fc.tuple(fc.double({ min: -0.2, max: 2, noNaN: true }), fc.double({ min: -0.2, max: 2, noNaN: true })).map(([a, b]) => ({ buy: Math.max(a, b), sell: Math.min(a, b) }));
    fc.assert(
      fc.property(tariff, fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (t, r1, r2) => {
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        const a = sdrPrices(lo, t);
        const b = sdrPrices(hi, t);
        for (const p of [a, b]) {
          for (const x of [p.seller, p.buyer]) {
            expect(x).toBeGreaterThanOrEqual(t.sell - 1e-12);
            expect(x).toBeLessThanOrEqual(t.buy + 1e-12);
          }
        }
        expect(b.seller).toBeLessThanOrEqual(a.seller + 1e-12);
        expect(b.buyer).toBeLessThanOrEqual(a.buyer + 1e-12);
        if (lo <= 1) expect(near(a.buyer, a.seller * lo + t.buy * (1 - lo))).toBe(true);
      }),
      RUNS,
    );
  });

  it("conserves energy and money; nobody pays more than at the grid; operator keeps nothing (property)", () => {
    fc.assert(
      fc.property(energyBook, (book) => {
        const c = clearSdr(book);
        expectConserved(book, c);
        expectNoWorseThanGrid(book, c);
        expect(c.operatorSurplus).toBe(0);
        expect(c.payments.some((x) => x.from === "market" || x.to === "market")).toBe(false);
      }),
      RUNS,
    );
  });

  it("trades min(D, S) pro rata; a pure buyer pays p_b per kWh of demand (property)", () => {
    fc.assert(
      fc.property(energyBook, (book: EnergyBook) => {
        const c = clearSdr(book);
        const D = sum(book.orders.filter((x) => x.side === "buy"), (x) => x.kWh);
        const S = sum(book.orders.filter((x) => x.side === "sell"), (x) => x.kWh);
        const traded = sum(c.trades, (t) => t.kWh);
        expect(near(traded, D > 0 ? Math.min(D, S) : 0, D + S)).toBe(true);
        if (D === 0) return;
        const r = S / D;
        for (const [agent, x] of Object.entries(c.settlement)) {
          const mine = book.orders.filter((q) => q.agent === agent);
          const d = sum(mine.filter((q) => q.side === "buy"), (q) => q.kWh);
          const s = sum(mine.filter((q) => q.side === "sell"), (q) => q.kWh);
          expect(near(x.peerBoughtKWh, d * Math.min(1, r), d)).toBe(true);
          expect(near(x.peerSoldKWh, s * Math.min(1, 1 / r), s)).toBe(true);
          if (s === 0) expect(near(x.payment, d * c.prices.buyer!, d)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe("pro-rata pooling stays linear in the book", () => {
  it("10,000 buyers and 10,000 sellers give fewer than 20,000 trades, with every share filled", () => {
    const orders = Array.from({ length: 20_000 }, (_, i) => o(`a${String(i).padStart(5, "0")}`, i % 2 === 0 ? "buy" : "sell", 1 + (i % 7), 0.2));
    const c = clearSdr({ tariff: TARIFF, orders });
    expect(c.trades.length).toBeLessThan(20_000);
    const bought = c.trades.reduce((s, t) => s + t.kWh, 0);
    const demand = orders.filter((x) => x.side === "buy").reduce((s, x) => s + x.kWh, 0);
    const supply = orders.filter((x) => x.side === "sell").reduce((s, x) => s + x.kWh, 0);
    expect(bought).toBeCloseTo(Math.min(demand, supply), 6);
  });
});

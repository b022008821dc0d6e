import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { settleEnergy } from "../../src/market/energy/settle.js";
import { clearGridOnly, gridOnlyProperties } from "../../src/market/energy/grid-only.js";
import { ledgerViolations } from "../../src/market/ledger.js";
import type { EnergyBook } from "../../src/market/types.js";
import { energyBook, near, RUNS, sum } from "./books.js";

// a buys 3 kWh, b and c sell 2 kWh each; grid 0.40 / 0.10.
const BOOK: EnergyBook = {
  tariff: { buy: 0.4, sell: 0.1 },
  orders: [
    { agent: "a", side: "buy", kWh: 3, limit: 0.35 },
    { agent: "b", side: "sell", kWh: 2, limit: 0.1 },
    { agent: "c", side: "sell", kWh: 2, limit: 0.2 },
  ],
};

describe("settleEnergy", () => {
  it("routes spread trades through the market account and aggregates per (from, to, reason)", () => {
    // Pay-as-bid style: a pays 0.35, b gets 0.1 on 1 + 1 kWh (two trades, aggregated), c gets 0.2 on 1 kWh.
    const s = settleEnergy(BOOK, [
      { buyer: "a", seller: "b", kWh: 1, buyerPrice: 0.35, sellerPrice: 0.1 },
      { buyer: "a", seller: "b", kWh: 1, buyerPrice: 0.35, sellerPrice: 0.1 },
      { buyer: "a", seller: "c", kWh: 1, buyerPrice: 0.35, sellerPrice: 0.2 },
    ]);
    // a: 3 × 0.35 = 1.05 to market. market → b 0.2, market → c 0.2. c exports 1 kWh × 0.1.
    // operator surplus = 1.05 − 0.4 = 0.65.
    expect(s.payments.map((p) => [p.from, p.to, p.reason])).toEqual([
      ["a", "market", "energy-peer"],
      ["grid", "c", "energy-grid-export"],
      ["market", "b", "energy-peer"],
      ["market", "c", "energy-peer"],
    ]);
    const amounts = s.payments.map((p) => p.amount);
    [1.05, 0.1, 0.2, 0.2].forEach((x, i) => expect(amounts[i]).toBeCloseTo(x, 12));
    expect(s.operatorSurplus).toBeCloseTo(0.65, 12);
    expect(s.settlement.a).toMatchObject({ peerBoughtKWh: 3, gridImportKWh: 0 });
    expect(s.settlement.a!.payment).toBeCloseTo(1.05, 12);
    expect(s.settlement.b).toMatchObject({ peerSoldKWh: 2, gridExportKWh: 0, payment: -0.2 });
    expect(s.settlement.c!.payment).toBeCloseTo(-0.3, 12);
    expect(ledgerViolations(s.payments)).toEqual([]);
  });

  it("turns a negative price into a payment the other way", () => {
    const s = settleEnergy(
      { tariff: { buy: 0.1, sell: -0.05 }, orders: [{ agent: "a", side: "sell", kWh: 2, limit: -0.1 }] },
      [],
    );
    expect(s.payments).toEqual([{ from: "a", to: "grid", amount: 0.1, reason: "energy-grid-export" }]);
    expect(s.settlement.a!.payment).toBeCloseTo(0.1, 12);
  });

  it("refuses trades by agents without orders and trades beyond an order", () => {
    expect(() => settleEnergy(BOOK, [{ buyer: "x", seller: "b", kWh: 1, buyerPrice: 0.2, sellerPrice: 0.2 }])).toThrow(/no orders/);
    expect(() => settleEnergy(BOOK, [{ buyer: "a", seller: "b", kWh: 2.5, buyerPrice: 0.2, sellerPrice: 0.2 }])).toThrow(/traded/);
  });
});

describe("grid-only", () => {
  it("sends every order to the grid (golden)", () => {
    const c = clearGridOnly(BOOK);
    expect(c.trades).toEqual([]);
    expect(c.prices).toEqual({});
    expect(c.settlement.a).toEqual({ peerBoughtKWh: 0, peerSoldKWh: 0, gridImportKWh: 3, gridExportKWh: 0, payment: 3 * 0.4 });
    expect(c.settlement.b).toEqual({ peerBoughtKWh: 0, peerSoldKWh: 0, gridImportKWh: 0, gridExportKWh: 2, payment: -0.2 });
    expect(gridOnlyProperties).toMatchObject({ individuallyRational: true, budgetBalance: "strong", truthful: true, efficient: false });
  });

  it("never trades; grid quantities equal order quantities; money nets to zero (property)", () => {
    fc.assert(
      fc.property(energyBook, (book) => {
        const c = clearGridOnly(book);
        expect(c.trades).toEqual([]);
        expect(c.operatorSurplus).toBe(0);
        for (const [agent, x] of Object.entries(c.settlement)) {
          const mine = book.orders.filter((o) => o.agent === agent);
          expect(x.gridImportKWh).toBeCloseTo(sum(mine.filter((o) => o.side === "buy"), (o) => o.kWh), 9);
          expect(x.gridExportKWh).toBeCloseTo(sum(mine.filter((o) => o.side === "sell"), (o) => o.kWh), 9);
          expect(near(x.payment, x.gridImportKWh * book.tariff.buy - x.gridExportKWh * book.tariff.sell)).toBe(true);
        }
        expect(ledgerViolations(c.payments)).toEqual([]);
      }),
      RUNS,
    );
  });
});

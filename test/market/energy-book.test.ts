import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { clearEnergyBookReport, parseEnergyBook } from "../../src/market/energy-book.js";
import { createEnergyMechanism } from "../../src/market/registry.js";

function issues(text: string): string[] {
  try {
    parseEnergyBook(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map((i) => `${i.path}: ${i.expected}`);
  }
  throw new Error("expected an InputError");
}

const ORDER = { agent: "a", side: "buy", kWh: 3, limit: 0.3 };
const book = (orders: unknown[], tariff: unknown = { buy: 0.32, sell: 0.08 }) => JSON.stringify({ tariff, orders });

describe("parseEnergyBook", () => {
  it("accepts a valid book, including zero quantities and negative limits", () => {
    const b = parseEnergyBook(book([ORDER, { agent: "b", side: "sell", kWh: 0, limit: -0.1 }]));
    expect(b.orders).toHaveLength(2);
    expect(b.tariff).toEqual({ buy: 0.32, sell: 0.08 });
  });

  it("names the field of every problem", () => {
    expect(issues("{oops")[0]).toMatch(/^\(input\): valid JSON: /);
    expect(issues(book([{ ...ORDER, kWh: -1 }]))).toEqual(["orders[0].kWh: a number ≥ 0, got -1"]);
    expect(issues(book([ORDER, ORDER, { ...ORDER, kWh: "3" }]))).toEqual([`orders[2].kWh: a finite number, got "3"`]);
    expect(issues(book([{ ...ORDER, side: "bid" }]))).toEqual([`orders[0].side: "buy" or "sell", got "bid"`]);
    expect(issues(book([{ ...ORDER, limit: undefined }]))).toEqual(["orders[0].limit: a finite number (missing)"]);
    expect(issues(book([{ ...ORDER, price: 1 }]))).toEqual(["orders[0].price: no such field (unknown: price)"]);
    expect(issues(book([{ ...ORDER, agent: "grid" }]))[0]).toMatch(/^orders\[0\]\.agent: .*reserved/);
    expect(issues(book([ORDER], { buy: 0.1, sell: 0.2 }))).toEqual(["tariff.sell: a sell price ≤ the buy price (tariff.buy = 0.1), got 0.2"]);
    expect(issues("[]")[0]).toMatch(/^\(input\): an object/);
  });
});

describe("clearEnergyBookReport", () => {
  it("produces exactly the CLI's object, keys in order", () => {
    const report = clearEnergyBookReport(
      parseEnergyBook(book([ORDER, { agent: "b", side: "sell", kWh: 2, limit: 0.1 }])),
      createEnergyMechanism("uniform", { k: 0.5 }),
    );
    // a 3@0.3 × b 2@0.1: 2 kWh at 0.2; a imports 1 kWh at 0.32 → a pays 0.72, b receives 0.4.
    expect(Object.keys(report)).toEqual(["mechanism", "prices", "trades", "settlement", "operatorSurplus"]);
    expect(JSON.parse(JSON.stringify(report))).toEqual({
      mechanism: "uniform",
      prices: { clearing: 0.2 },
      trades: [{ buyer: "a", seller: "b", kWh: 2, buyerPrice: 0.2, sellerPrice: 0.2 }],
      settlement: {
        a: { peerBoughtKWh: 2, peerSoldKWh: 0, gridImportKWh: 1, gridExportKWh: 0, payment: 0.72 },
        b: { peerBoughtKWh: 0, peerSoldKWh: 2, gridImportKWh: 0, gridExportKWh: 0, payment: -0.4 },
      },
      operatorSurplus: 0,
    });
  });
});

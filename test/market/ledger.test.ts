import { describe, expect, it } from "vitest";
import { aggregatePayments, applyPayments, ledgerViolations, netFlows, PaymentReason } from "../../src/market/ledger.js";
import type { Payment } from "../../src/market/types.js";

const pay = (from: string, to: string, amount: number, reason: PaymentReason = PaymentReason.energyPeer): Payment => ({ from, to, amount, reason });

describe("ledger", () => {
  it("nets flows per account (received − paid)", () => {
    const net = netFlows([pay("a", "b", 3), pay("b", "grid", 1), pay("grid", "a", 0.5)]);
    expect(Object.fromEntries(net)).toEqual({ a: -2.5, b: 2, grid: 0.5 });
  });

  it("applies payments without touching the input balances", () => {
    const before = Object.freeze({ a: 10, c: 1 });
    const after = applyPayments(before, [pay("a", "b", 3)]);
    expect(after).toEqual({ a: 7, c: 1, b: 3 });
    expect(before).toEqual({ a: 10, c: 1 });
    expect(Object.getPrototypeOf(applyPayments({}, [pay("__proto__", "b", 1)]))).toBe(Object.prototype);
  });

  it("names each broken payment", () => {
    expect(ledgerViolations([pay("a", "b", 1), pay("b", "c", 0)])).toEqual([]);
    const v = ledgerViolations([pay("a", "b", -1, PaymentReason.rental), pay("c", "c", 2), pay("d", "e", Number.NaN)]);
    expect(v).toEqual([
      "payment[0] a → b (rental): amount is negative (-1)",
      "payment[1] c → c (energy-peer): payer and payee are the same account",
      "payment[2] d → e (energy-peer): amount is not finite (NaN)",
    ]);
  });

  it("aggregates per (from, to, reason), flips negatives, drops zeros, sorts", () => {
    expect(aggregatePayments([pay("b", "a", 1), pay("a", "b", 2, PaymentReason.rental), pay("b", "a", 2), pay("a", "c", -1), pay("c", "d", 0)])).toEqual([
      pay("a", "b", 2, PaymentReason.rental),
      pay("b", "a", 3),
      pay("c", "a", 1),
    ]);
  });
});

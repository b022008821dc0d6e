import fc from "fast-check";
import type { EnergyBook, EnergyOrder } from "../../src/market/types.js";

/**
 * Random energy orders for property tests: few agents (so an agent repeats, on either side),
 * tied limits, zero quantities.
 */
export const energyOrder: fc.Arbitrary<EnergyOrder> = fc.record({
  agent: fc.constantFrom("a", "b", "c", "d", "e", "f"),
  side: fc.constantFrom("buy" as const, "sell" as const),
  kWh: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 50, noNaN: true })),
  limit: fc.oneof(fc.constantFrom(0.1, 0.2, 0.3), fc.double({ min: -0.2, max: 0.6, noNaN: true })),
});

/**
 * A book with a valid tariff (sell ≤ buy) in which an agent may have orders on both sides:
 * what a user may write, and what every mechanism refuses (market/energy/self-trading.ts).
 */
export const twoSidedEnergyBook: fc.Arbitrary<EnergyBook> = fc
  .record({
    a: fc.double({ min: -0.1, max: 0.6, noNaN: true }),
    b: fc.double({ min: -0.1, max: 0.6, noNaN: true }),
    orders: fc.array(energyOrder, { maxLength: 12 }),
  })
  .map(({ a, b, orders }) => ({ tariff: { buy: Math.max(a, b), sell: Math.min(a, b) }, orders }));

/**
 * A valid book: as above, but sellers are named in upper case (`A` … `F`), so an agent may
 * place several orders on one side and never one on each.
 */
export const energyBook: fc.Arbitrary<EnergyBook> = twoSidedEnergyBook.map((book) => ({
  tariff: book.tariff,
  orders: book.orders.map((o) => (o.side === "sell" ? { ...o, agent: o.agent.toUpperCase() } : o)),
}));

/** Property runs per test (the brief asks ≥ 1000). */
export const RUNS = { numRuns: 1000 };

/** Σ of a numeric field. */
export function sum<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((s, t) => s + f(t), 0);
}

/** |a − b| within a relative tolerance suited to sums of a few dozen doubles. */
export function near(a: number, b: number, scale = 1): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(scale), Math.abs(a), Math.abs(b));
}

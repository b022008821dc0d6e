import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createEnergyMechanism } from "../../src/market/registry.js";
import { createStream } from "../../src/core/rng.js";
import type { EnergyBook, EnergyClearing, EnergyOrder } from "../../src/market/types.js";
import { matchOrders } from "../../src/market/matching.js";
import { matchOrders as referenceMatch } from "../support/reference-clearing/matching.js";
import { REFERENCE_MECHANISMS, referenceClear } from "../support/reference-clearing/index.js";
import { energyBook, twoSidedEnergyBook } from "./books.js";

/**
 * Clearing on typed arrays (issue 13, item 4) must give exactly what the pre-optimisation code
 * gave — same trades, prices, payments and meta, same key order, same floating-point bits —
 * because run logs are hash-chained. The reference is a frozen copy (test/support/reference-clearing).
 */

/** Deep equality with Object.is on numbers (so 0 ≠ −0) and identical key order. */
function bitDifference(a: unknown, b: unknown, path = "$"): string | null {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join("\u0000") !== kb.join("\u0000")) return `${path}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  for (const k of ka) {
    const d = bitDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

type Outcome = { ok: EnergyClearing } | { error: string };

function run(f: () => EnergyClearing): Outcome {
  try {
    return { ok: f() };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

function expectSame(book: EnergyBook, k = 0.5): void {
  for (const name of REFERENCE_MECHANISMS) {
    const params = name === "uniform" ? { k } : {};
    const fast = run(() => createEnergyMechanism(name, params).clear(book, { rng: createStream("eq", name) }));
    const ref = run(() => referenceClear(name, book, k));
    expect(fast, name).toEqual(ref);
    expect(bitDifference(fast, ref), name).toBeNull();
  }
}

/** Books with many ties and repeated agents, bigger than books.ts's, and one-sided or empty ones. */
const tiedOrder = (agents: number): fc.Arbitrary<EnergyOrder> =>
  fc.record({
    agent: fc.integer({ min: 0, max: agents - 1 }).map((i) => `ag${i}`),
    side: fc.constantFrom("buy" as const, "sell" as const),
    kWh: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 1, max: 9 }).map((n) => n / 10), fc.double({ min: 0, max: 50, noNaN: true }), fc.constant(1e-13)),
    limit: fc.oneof(fc.constantFrom(0.1, 0.2, 0.25, 0.3, -0.1, 0), fc.double({ min: -0.5, max: 1, noNaN: true })),
  });

/** Sellers renamed so no agent is on both sides (else every mechanism refuses the book). */
const oneSidedAgents = (orders: readonly EnergyOrder[]): EnergyOrder[] =>
  orders.map((o) => (o.side === "sell" ? { ...o, agent: `S${o.agent}` } : o));

const tariff = fc
  .tuple(fc.oneof(fc.constantFrom(0.3, 0.1, 0, -0.05), fc.double({ min: -0.2, max: 0.6, noNaN: true })), fc.oneof(fc.constantFrom(0.3, 0.1, 0), fc.double({ min: -0.2, max: 0.6, noNaN: true })))
  .map(([a, b]) => ({ buy: Math.max(a, b), sell: Math.min(a, b) }));

const bigBook: fc.Arbitrary<EnergyBook> = fc
  .record({ tariff, orders: fc.array(tiedOrder(40), { maxLength: 300 }), side: fc.constantFrom("mixed", "buy", "sell") })
  .map(({ tariff, orders, side }) => ({
    tariff,
    orders: oneSidedAgents(side === "mixed" ? orders : orders.map((o) => ({ ...o, side: side as "buy" | "sell" }))),
  }));

describe("clearing on typed arrays = the pre-optimisation reference, bit for bit", () => {
  it("on random valid books (books.ts)", () => {
    fc.assert(fc.property(energyBook, fc.double({ min: 0, max: 1, noNaN: true }), (book, k) => expectSame(book, k)), { numRuns: 1000 });
  });

  it("on books with an agent on both sides (refused alike)", () => {
    fc.assert(fc.property(twoSidedEnergyBook, (book) => expectSame(book)), { numRuns: 500 });
  });

  it("on bigger books with ties, zero and negligible kWh, one-sided books", () => {
    fc.assert(fc.property(bigBook, fc.constantFrom(0, 0.5, 1, 0.3), (book, k) => expectSame(book, k)), { numRuns: 300 });
  });

  it("on the same books with orders sorted by agent id (the engine's books; ranks without hashing)", () => {
    const sortedByAgent = (book: EnergyBook): EnergyBook => ({ tariff: book.tariff, orders: [...book.orders].sort((x, y) => (x.agent < y.agent ? -1 : x.agent > y.agent ? 1 : 0)) });
    fc.assert(fc.property(energyBook, (book) => expectSame(sortedByAgent(book))), { numRuns: 500 });
    fc.assert(fc.property(bigBook, (book) => expectSame(sortedByAgent(book))), { numRuns: 200 });
  });

  it("the matcher itself, on books where an agent is on both sides", () => {
    fc.assert(
      fc.property(fc.array(tiedOrder(5), { maxLength: 60 }), (orders) => {
        expect(bitDifference(matchOrders(orders), referenceMatch(orders))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("on the empty book, ids that are object keys, and a large random book", () => {
    expectSame({ tariff: { buy: 0.3, sell: 0.1 }, orders: [] });
    expectSame({
      tariff: { buy: 0.3, sell: 0.1 },
      orders: [
        { agent: "__proto__", side: "buy", kWh: 2, limit: 0.3 },
        { agent: "constructor", side: "sell", kWh: 1, limit: 0.1 },
        { agent: "10", side: "sell", kWh: 1, limit: 0.1 },
        { agent: "9", side: "buy", kWh: 1, limit: 0.2 },
        { agent: "é", side: "sell", kWh: 0, limit: 0.2 },
      ],
    });
    // Agents named like the grid and market accounts share their ledger keys, as string keys did.
    expectSame({
      tariff: { buy: 0.3, sell: -0.1 },
      orders: [
        { agent: "grid", side: "buy", kWh: 2, limit: 0.3 },
        { agent: "market", side: "sell", kWh: 1, limit: -0.2 },
        { agent: "a", side: "buy", kWh: 1, limit: 0.25 },
        { agent: "zz", side: "sell", kWh: 3, limit: 0.1 },
      ],
    });
    const rng = createStream("eq", "big");
    const orders: EnergyOrder[] = [];
    for (let i = 0; i < 20_000; i++) {
      const buy = rng.next() < 0.5;
      const agent = `a${Math.floor(rng.next() * 5000)}`;
      orders.push({ agent: buy ? agent : `s${agent}`, side: buy ? "buy" : "sell", kWh: rng.next() < 0.05 ? 0 : 0.1 + rng.next() * 5, limit: Math.round((0.08 + rng.next() * 0.24) * 100) / 100 });
    }
    expectSame({ tariff: { buy: 0.32, sell: 0.08 }, orders });
  });
});

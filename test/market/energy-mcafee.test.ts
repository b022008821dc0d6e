import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clearMcAfee, mcafeeProperties } from "../../src/market/energy/mcafee.js";
import { clearUniformDoubleAuction } from "../../src/market/energy/uniform.js";
import { matchOrders } from "../../src/market/matching.js";
import type { EnergyBook, EnergyClearing } from "../../src/market/types.js";
import { energyBook, RUNS, sum } from "./books.js";
import { expectConserved, expectWithinLimits, o, uniqueAgentBook } from "./energy-checks.js";

describe("mcafee: golden", () => {
  it("trades everything at p0 when it lies in [s*, b*]", () => {
    // Buys a 2@0.9, b 1@0.7, c 1@0.3; sells d 2@0.1, e 1@0.2, f 1@0.8. Grid 1.0 / 0.05.
    // Matching: a×d 2, b×e 1, then c 0.3 < f 0.8. b* = 0.7, s* = 0.2.
    // Best with quantity left: b' = 0.3 (c), s' = 0.8 (f) → p0 = 0.55 ∈ [0.2, 0.7].
    // a pays 2 × 0.55 = 1.10, b 0.55, c imports 1 × 1.0; d gets 1.10, e 0.55, f exports 1 × 0.05.
    const c = clearMcAfee({
      tariff: { buy: 1, sell: 0.05 },
      orders: [o("a", "buy", 2, 0.9), o("b", "buy", 1, 0.7), o("c", "buy", 1, 0.3), o("d", "sell", 2, 0.1), o("e", "sell", 1, 0.2), o("f", "sell", 1, 0.8)],
    });
    expect(c.meta).toMatchObject({ rule: "p0", bStar: 0.7, sStar: 0.2, bPrime: 0.3, sPrime: 0.8 });
    expect(c.prices.clearing).toBeCloseTo(0.55, 12);
    expect(c.trades.map((t) => [t.buyer, t.seller, t.kWh])).toEqual([
      ["a", "d", 2],
      ["b", "e", 1],
    ]);
    for (const t of c.trades) expect(t.buyerPrice).toBe(t.sellerPrice);
    const pay = Object.fromEntries(Object.entries(c.settlement).map(([a, x]) => [a, x.payment]));
    const want = { a: 1.1, b: 0.55, c: 1, d: -1.1, e: -0.55, f: -0.05 };
    for (const [a, v] of Object.entries(want)) expect(pay[a]).toBeCloseTo(v, 12);
    expect(c.operatorSurplus).toBe(0);
  });

  it("removes the marginal orders and rations the long side when p0 misses [s*, b*]", () => {
    // Buys a 1@0.9, b 2@0.8, c 1@0.6, e 1@0.25; sells s1 1@0.1, s2 1@0.2, s3 2@0.5, s4 1@0.7. Grid 1.0 / 0.05.
    // Matching: a×s1 1, b×s2 1, b×s3 1, c×s3 1, then e 0.25 < s4 0.7. b* = 0.6 (c), s* = 0.5 (s3).
    // b' = 0.25 (e), s' = 0.7 (s4) → p0 = 0.475 < s* → trade reduction: c and s3 drop out.
    // Kept: buys a 1, b 2 (3 kWh) vs sells s1 1, s2 1 (2 kWh): the buy side is long, rationed in
    // priority: a×s1 1, b×s2 1. Buyers pay b* = 0.6, sellers get s* = 0.5; operator 2 × 0.1 = 0.2.
    // a 0.6; b 0.6 + 1 × 1.0 import = 1.6; c 1.0; e 1.0; s1 −0.5; s2 −0.5; s3 −2 × 0.05 = −0.1; s4 −0.05.
    const c = clearMcAfee({
      tariff: { buy: 1, sell: 0.05 },
      orders: [
        o("a", "buy", 1, 0.9),
        o("b", "buy", 2, 0.8),
        o("c", "buy", 1, 0.6),
        o("e", "buy", 1, 0.25),
        o("s1", "sell", 1, 0.1),
        o("s2", "sell", 1, 0.2),
        o("s3", "sell", 2, 0.5),
        o("s4", "sell", 1, 0.7),
      ],
    });
    expect(c.meta).toMatchObject({ rule: "reduction", bStar: 0.6, sStar: 0.5, bPrime: 0.25, sPrime: 0.7, matchedKWh: 2 });
    expect(c.prices).toEqual({ buyer: 0.6, seller: 0.5 });
    expect(c.trades).toEqual([
      { buyer: "a", seller: "s1", kWh: 1, buyerPrice: 0.6, sellerPrice: 0.5 },
      { buyer: "b", seller: "s2", kWh: 1, buyerPrice: 0.6, sellerPrice: 0.5 },
    ]);
    expect(c.settlement.b).toMatchObject({ peerBoughtKWh: 1, gridImportKWh: 1 });
    expect(c.settlement.s3).toMatchObject({ peerSoldKWh: 0, gridExportKWh: 2 });
    const pay = Object.fromEntries(Object.entries(c.settlement).map(([a, x]) => [a, x.payment]));
    const want = { a: 0.6, b: 1.6, c: 1, e: 1, s1: -0.5, s2: -0.5, s3: -0.1, s4: -0.05 };
    for (const [a, v] of Object.entries(want)) expect(pay[a]).toBeCloseTo(v, 12);
    expect(c.operatorSurplus).toBeCloseTo(0.2, 12);
  });

  it("reduces a partly filled marginal order and a lone pair to nothing", () => {
    // One buyer, one seller: no b', s' → reduction, nothing is left to trade.
    const lone = clearMcAfee({ tariff: { buy: 1, sell: 0 }, orders: [o("a", "buy", 1, 0.5), o("s", "sell", 1, 0.1)] });
    expect(lone.meta).toMatchObject({ rule: "reduction", bPrime: null, sPrime: null });
    expect(lone.trades).toEqual([]);
    // Buys a 2@0.28, b 1@0.20; sells c 1@0.10, d 2@0.22: a×c 1, a×d 1 (d keeps 1 kWh).
    // b' = 0.20, s' = 0.22 (d, partly filled) → p0 = 0.21 < s* = 0.22 → a and d drop out; nothing ranks before a.
    const partial = clearMcAfee({
      tariff: { buy: 0.3, sell: 0.05 },
      orders: [o("a", "buy", 2, 0.28), o("b", "buy", 1, 0.2), o("c", "sell", 1, 0.1), o("d", "sell", 2, 0.22)],
    });
    expect(partial.meta).toMatchObject({ rule: "reduction", bStar: 0.28, sStar: 0.22, bPrime: 0.2, sPrime: 0.22 });
    expect(partial.trades).toEqual([]);
    const none = clearMcAfee({ tariff: { buy: 1, sell: 0 }, orders: [o("a", "buy", 1, 0.1), o("s", "sell", 1, 0.5)] });
    expect(none.meta).toMatchObject({ rule: "none" });
    expect(none.prices).toEqual({});
  });

  it("is not truthful for divisible orders of unequal size: a kept buyer jumps the rationing queue", () => {
    // Buys b1 1@0.9, b2 1@0.8 (b2's value), m 1@0.5; sells s1 1.5@0.1, sm 1@0.3.
    // Matching: b1×s1 1, b2×s1 0.5, b2×sm 0.5, m×sm 0.5 → marginal m (b* = 0.5), sm (s* = 0.3); no s' → reduction.
    // Kept b1, b2 (2 kWh) vs s1 (1.5 kWh): b1 1, b2 0.5 at 0.5 → b2 gains (0.8 − 0.5) × 0.5 = 0.15.
    // Reporting 0.95 puts b2 first: b2 1 kWh at 0.5 → 0.30.
    const book = (b2: number): EnergyBook => ({
      tariff: { buy: 1, sell: 0 },
      orders: [o("b1", "buy", 1, 0.9), o("b2", "buy", 1, b2), o("m", "buy", 1, 0.5), o("s1", "sell", 1.5, 0.1), o("sm", "sell", 1, 0.3)],
    });
    expect(utility(clearMcAfee(book(0.8)), "b2", "buy", 0.8)).toBeCloseTo(0.15, 12);
    expect(utility(clearMcAfee(book(0.95)), "b2", "buy", 0.8)).toBeCloseTo(0.3, 12);
  });
});

/** A bidder's auction utility from its peer trades: buyer value × bought − paid, seller received − value × sold. */
function utility(c: EnergyClearing, agent: string, side: "buy" | "sell", value: number): number {
  if (side === "buy") {
    const mine = c.trades.filter((t) => t.buyer === agent);
    return value * sum(mine, (t) => t.kWh) - sum(mine, (t) => t.kWh * t.buyerPrice);
  }
  const mine = c.trades.filter((t) => t.seller === agent);
  return sum(mine, (t) => t.kWh * t.sellerPrice) - value * sum(mine, (t) => t.kWh);
}

const FACTORS = [0, 0.5, 0.8, 0.9, 1.1, 1.25, 2];

/**
 * The largest gain any bidder of a one-unit book gets from one misreport of its limit, over
 * its value × FACTORS and every other limit in the book (which creates ties). Every order has
 * its own agent; an order's true value is its limit in `book`.
 */
function bestDeviationGain(clear: (book: EnergyBook) => EnergyClearing, book: EnergyBook): { gain: number; where: string } {
  let best = { gain: Number.NEGATIVE_INFINITY, where: "" };
  const truthful = clear(book);
  const limits = book.orders.map((x) => x.limit);
  book.orders.forEach((order, i) => {
    const honest = utility(truthful, order.agent, order.side, order.limit);
    const reports = new Set([...FACTORS.map((f) => order.limit * f), ...limits, ...limits.map((l) => l + 1e-6), ...limits.map((l) => l - 1e-6)]);
    for (const report of reports) {
      const lie: EnergyBook = { tariff: book.tariff, orders: book.orders.map((x, j) => (j === i ? { ...x, limit: report } : x)) };
      const gain = utility(clear(lie), order.agent, order.side, order.limit) - honest;
      if (gain > best.gain) best = { gain, where: `${order.agent} (${order.side}, value ${order.limit}) reports ${report}` };
    }
  });
  return best;
}

const value = fc.oneof(fc.constantFrom(0.1, 0.2, 0.3, 0.4, 0.5), fc.double({ min: 0, max: 1, noNaN: true }));
/** Books of one-unit orders, one agent each: buyers `b0…`, sellers `s0…`. */
const unitBook: fc.Arbitrary<EnergyBook> = fc
  .record({ buys: fc.array(value, { maxLength: 5 }), sells: fc.array(value, { maxLength: 5 }) })
  .map(({ buys, sells }) => ({
    tariff: { buy: 1, sell: 0 },
    orders: [...buys.map((v, i) => o(`b${i}`, "buy", 1, v)), ...sells.map((v, i) => o(`s${i}`, "sell", 1, v))],
  }));

describe("mcafee: properties", () => {
  it("claims IR, weak BB, truthful (one-unit orders), not efficient", () => {
    expect(mcafeeProperties).toEqual({ individuallyRational: true, budgetBalance: "weak", truthful: true, efficient: false });
  });

  it("conserves energy and money (property)", () => {
    fc.assert(
      fc.property(energyBook, (book) => expectConserved(book, clearMcAfee(book))),
      RUNS,
    );
  });

  it("is IR at the limits, keeps operator surplus ≥ 0, and never trades more than the greedy matching (property)", () => {
    fc.assert(
      fc.property(uniqueAgentBook, (book) => {
        const c = clearMcAfee(book);
        expectWithinLimits(book, c);
        expect(c.operatorSurplus).toBeGreaterThanOrEqual(-1e-12);
        const m = matchOrders(book.orders);
        expect(sum(c.trades, (t) => t.kWh)).toBeLessThanOrEqual(sum(m.pairs, (p) => p.kWh) * (1 + 1e-12) + 1e-12);
        if (c.meta.rule === "p0") expect(c.operatorSurplus).toBe(0);
        if (c.meta.rule === "none") expect(m.pairs).toEqual([]);
        if (c.meta.rule === "reduction") {
          // The marginal orders never trade after reduction.
          const mb = book.orders[m.marginalBuyIndex!]!;
          const ms = book.orders[m.marginalSellIndex!]!;
          expect(c.trades.some((t) => t.buyer === mb.agent || t.seller === ms.agent)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it("is truthful on one-unit books: no misreport of a limit raises a bidder's utility (property)", () => {
    fc.assert(
      fc.property(unitBook, (book) => {
        const { gain, where } = bestDeviationGain(clearMcAfee, book);
        expect(gain, where).toBeLessThanOrEqual(1e-9);
      }),
      RUNS,
    );
  });

  it("the truthfulness check can fail: uniform (k = 0.5) is not truthful", () => {
    // Buyer b0 values 0.9, seller s0 0.1: p = 0.5, b0 gains 0.4. Bidding 0.5 instead gives p = 0.3, gain 0.6.
    const book: EnergyBook = { tariff: { buy: 1, sell: 0 }, orders: [o("b0", "buy", 1, 0.9), o("s0", "sell", 1, 0.1)] };
    const lie: EnergyBook = { ...book, orders: [o("b0", "buy", 1, 0.5), book.orders[1]!] };
    expect(utility(clearUniformDoubleAuction(book), "b0", "buy", 0.9)).toBeCloseTo(0.4, 12);
    expect(utility(clearUniformDoubleAuction(lie), "b0", "buy", 0.9)).toBeCloseTo(0.6, 12);
    expect(bestDeviationGain(clearUniformDoubleAuction, book).gain).toBeGreaterThan(0.1);
    // And on random one-unit books the same search finds profitable lies under uniform.
    const found = fc.sample(unitBook, { numRuns: 200, seed: 7 }).filter((b) => bestDeviationGain(clearUniformDoubleAuction, b).gain > 1e-9);
    expect(found.length).toBeGreaterThan(0);
  });
});

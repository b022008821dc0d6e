import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { matchOrders, rankOrders } from "../../src/market/matching.js";
import type { EnergyOrder } from "../../src/market/types.js";
import { energyBook, RUNS, sum } from "./books.js";

const o = (agent: string, side: "buy" | "sell", kWh: number, limit: number): EnergyOrder => ({ agent, side, kWh, limit });

describe("matchOrders", () => {
  it("matches one buy across two sells and stops when limits no longer cross", () => {
    // buys: a 2@0.28, b 1@0.20; sells: c 1@0.10, d 2@0.22.
    // a×c 1 kWh; a×d 1 kWh (a filled, d has 1 left); b 0.20 < d 0.22 → stop.
    const orders = [o("a", "buy", 2, 0.28), o("b", "buy", 1, 0.2), o("c", "sell", 1, 0.1), o("d", "sell", 2, 0.22)];
    const m = matchOrders(orders);
    expect(m.pairs).toEqual([
      { buyer: "a", seller: "c", kWh: 1, buyIndex: 0, sellIndex: 2 },
      { buyer: "a", seller: "d", kWh: 1, buyIndex: 0, sellIndex: 3 },
    ]);
    expect([m.bStar, m.sStar, m.marginalBuyIndex, m.marginalSellIndex]).toEqual([0.28, 0.22, 0, 3]);
    expect(m.matchedKWh).toEqual([2, 0, 1, 1]);
  });

  it("breaks equal limits by agent id, then by book order", () => {
    const orders = [o("zed", "buy", 1, 0.3), o("amy", "buy", 1, 0.3), o("amy", "buy", 1, 0.3), o("y", "sell", 1, 0.1), o("x", "sell", 1, 0.1)];
    expect(rankOrders(orders, "buy")).toEqual([1, 2, 0]);
    expect(rankOrders(orders, "sell")).toEqual([4, 3]);
    const m = matchOrders(orders);
    expect(m.pairs.map((p) => [p.buyIndex, p.sellIndex])).toEqual([
      [1, 4],
      [2, 3],
    ]);
  });

  it("matches nothing when the best buy is below the best sell, and skips zero orders", () => {
    expect(matchOrders([o("a", "buy", 1, 0.1), o("b", "sell", 1, 0.2)]).pairs).toEqual([]);
    const m = matchOrders([o("a", "buy", 0, 0.9), o("b", "sell", 1, 0.2), o("c", "buy", 1, 0.5)]);
    expect(m.pairs).toEqual([{ buyer: "c", seller: "b", kWh: 1, buyIndex: 2, sellIndex: 1 }]);
    expect(m.bStar).toBe(0.5);
    expect(matchOrders([]).bStar).toBeNull();
  });

  it("conserves quantity, never overfills, and leaves no crossing quantity behind (property)", () => {
    fc.assert(
      fc.property(energyBook, ({ orders }) => {
        const m = matchOrders(orders);
        orders.forEach((order, i) => expect(m.matchedKWh[i]!).toBeLessThanOrEqual(order.kWh * (1 + 1e-12)));
        const bought = sum(m.pairs, (p) => p.kWh);
        expect(sum(orders.filter((x) => x.side === "buy"), (x) => m.matchedKWh[orders.indexOf(x)]!)).toBeCloseTo(bought, 9);
        for (const p of m.pairs) expect(orders[p.buyIndex]!.limit).toBeGreaterThanOrEqual(orders[p.sellIndex]!.limit);
        // Maximal: the best buy with quantity left does not cross the best sell with quantity left.
        const left = (i: number) => orders[i]!.kWh - m.matchedKWh[i]! > 1e-9 * Math.max(1, orders[i]!.kWh);
        const buyLeft = m.buyRank.find(left);
        const sellLeft = m.sellRank.find(left);
        if (buyLeft !== undefined && sellLeft !== undefined) expect(orders[buyLeft]!.limit).toBeLessThan(orders[sellLeft]!.limit);
      }),
      RUNS,
    );
  });
});

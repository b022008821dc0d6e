import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createStream } from "../../src/core/rng.js";
import { orderForPosition } from "../../src/agents/index.js";

const tariff = { buy: 1.0, sell: 0.2 };

describe("orderForPosition", () => {
  it("buys a deficit and sells a surplus with limits inside the spread", () => {
    const u = createStream("s", "x").next();
    const buy = orderForPosition("a", 2, tariff, 0.5, createStream("s", "x"));
    expect(buy).toEqual({ agent: "a", side: "buy", kWh: 2, limit: 1.0 - u * 0.5 * 0.8 });
    const sell = orderForPosition("a", -3, tariff, 0.5, createStream("s", "x"));
    expect(sell).toEqual({ agent: "a", side: "sell", kWh: 3, limit: 0.2 + u * 0.5 * 0.8 });
    expect(orderForPosition("a", 1, tariff, 0, createStream("s", "x"))!.limit).toBe(1.0);
  });

  it("is null for a zero position and always draws exactly one number (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (position, jitter) => {
        const used = createStream("s", "p");
        const order = orderForPosition("a", position, tariff, jitter, used);
        const reference = createStream("s", "p");
        reference.next();
        expect(used.next()).toBe(reference.next());
        if (Math.abs(position) < 1e-9) expect(order).toBeNull();
        else {
          expect(order!.kWh).toBeCloseTo(Math.abs(position), 12);
          expect(order!.limit).toBeGreaterThanOrEqual(tariff.sell);
          expect(order!.limit).toBeLessThanOrEqual(tariff.buy);
        }
      }),
    );
    expect(orderForPosition("a", 1e-12, tariff, 0.1, createStream("s", "z"))).toBeNull();
  });
});

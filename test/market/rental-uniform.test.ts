import { describe, expect, it } from "vitest";
import { clearUniformRentalBook, createUniformRental, uniformRentalProperties } from "../../src/market/rental/uniform.js";
import { clearPayAsBidRentalBook, createPayAsBidRental, payAsBidRentalProperties } from "../../src/market/rental/pay-as-bid.js";
import { allocateResource, rankBlocks } from "../../src/market/rental/block-allocation.js";
import { ledgerViolations } from "../../src/market/ledger.js";
import type { RentalBid, RentalBook, RentalRound } from "../../src/market/types.js";
import { BIDS, BOOK, OFFER, ctx, revenueOf, rows } from "./rental-books.js";

/** A round whose only way to learn demand is `bids()`; counts the calls. */
function bidsRound(book: RentalBook, calls: { bids: number }): RentalRound {
  return {
    period: 3,
    offer: book.offer,
    tenants: book.bids.map((b) => b.agent),
    respond: () => {
      throw new Error("block mechanisms ask for bids, not responses");
    },
    bids: () => {
      calls.bids++;
      return book.bids;
    },
    coalition: () => {
      throw new Error("no coalitions");
    },
  };
}

describe("uniform rental (block bids)", () => {
  it("partly fills the last block; the price is the best block or remainder left out (golden)", () => {
    // Energy, cap 100, reserve 0.1. Ranked: a 50@0.6, b 40@0.5, b 20@0.45, c 30@0.4, a 30@0.3.
    //   a 50 (50 left), b 40 (10 left), b's 20@0.45 partly: 10; its remainder 10@0.45 is the
    //   best left out → cE = max(0.1, 0.45) = 0.45. a 50, b 50, c 0.
    // Power, cap 30, reserve 0.2. Ranked: a 10@1.0, b 20@0.5, c 30@0.25.
    //   a 10, b 20 fill it exactly; c's whole block 30@0.25 is the best left out → cP = 0.25.
    // a pays 0.45 × 50 + 0.25 × 10 = 25; b pays 0.45 × 50 + 0.25 × 20 = 27.5; c rents nothing.
    const c = clearUniformRentalBook(BOOK);
    expect(c.mechanism).toBe("uniform");
    expect(c.prices).toEqual({ cE: 0.45, cP: 0.25 });
    expect(rows(c)).toEqual([
      ["a", 50, 10, 25],
      ["b", 50, 20, 27.5],
    ]);
    expect(c.payments.map((p) => [p.from, p.to, p.reason])).toEqual([
      ["a", "siess", "rental"],
      ["b", "siess", "rental"],
    ]);
    expect(revenueOf(c)).toBeCloseTo(52.5, 12);
    expect(c.meta).toMatchObject({ soldEnergyKWh: 100, soldPowerKW: 30, bestLeftOut: { energy: 0.45, power: 0.25 } });
    expect(ledgerViolations(c.payments)).toEqual([]);
  });

  it("charges the reserve when it binds (golden)", () => {
    // Energy cap 500 at reserve 0.35: a 50@0.6, b 40@0.5, b 20@0.45, c 30@0.4 all clear the
    //   reserve (140 kWh); a's 30@0.3 is below it and is the best left out → cE = max(0.35, 0.3) = 0.35.
    // Power cap 100 at reserve 0.2: all 60 kW accepted, nothing left out → cP = 0.2.
    // a 50 kWh / 10 kW pays 17.5 + 2 = 19.5; b 60 / 20 pays 21 + 4 = 25; c 30 / 30 pays 10.5 + 6 = 16.5.
    const c = clearUniformRentalBook({ offer: { ...OFFER, energyKWh: 500, powerKW: 100, reserve: { cE: 0.35, cP: 0.2 } }, bids: BIDS });
    expect(c.prices).toEqual({ cE: 0.35, cP: 0.2 });
    expect(rows(c)).toEqual([
      ["a", 50, 10, 19.5],
      ["b", 60, 20, 25],
      ["c", 30, 30, 16.5],
    ]);
    expect(c.meta).toMatchObject({ bestLeftOut: { energy: 0.3, power: null } });
  });

  it("breaks ties in value by agent id, then block order", () => {
    const bids: RentalBid[] = [
      { agent: "b", energy: [[5, 0.5], [5, 0.5]], power: [] },
      { agent: "a", energy: [[5, 0.5]], power: [] },
    ];
    expect(rankBlocks(bids, "energy").map((r) => `${r.agent}${r.index}`)).toEqual(["a0", "b0", "b1"]);
    // Capacity 7: a 5, then b's first block 2 of 5; the price is its remainder's value 0.5.
    const alloc = allocateResource(bids, "energy", 7, 0.1);
    expect([...alloc.byAgent]).toEqual([
      ["a", 5],
      ["b", 2],
    ]);
    expect(alloc.fills.map((f) => [f.agent, f.index, f.accepted])).toEqual([
      ["a", 0, 5],
      ["b", 0, 2],
    ]);
    expect(alloc.price).toBe(0.5);
  });

  it("ignores zero-quantity blocks and sells nothing at zero capacity", () => {
    const bids: RentalBid[] = [{ agent: "a", energy: [[0, 9], [3, 0.4]], power: [[2, 0.7]] }];
    const c = clearUniformRentalBook({ offer: { ...OFFER, powerKW: 0 }, bids });
    // Energy: the 0 @ 9 block is no block; 3 @ 0.4 accepted, nothing left out → cE = reserve 0.1.
    // Power: capacity 0, so 2 @ 0.7 is left out whole → cP = 0.7, nobody pays it.
    expect(c.prices).toEqual({ cE: 0.1, cP: 0.7 });
    expect(rows(c)).toEqual([["a", 3, 0, 0.3]]);
  });

  it("inside a simulation clears the round's revealed bids", () => {
    const calls = { bids: 0 };
    const c = createUniformRental().clear(bidsRound(BOOK, calls), ctx());
    expect(calls.bids).toBe(1);
    expect(c).toEqual(clearUniformRentalBook(BOOK));
    expect(uniformRentalProperties).toEqual({ individuallyRational: true, budgetBalance: "strong", truthful: false, efficient: true });
  });
});

describe("pay-as-bid rental (block bids)", () => {
  it("uses uniform's allocation; each unit pays its own block's value (golden)", () => {
    // Same allocation as uniform: a energy 50 @ 0.6, power 10 @ 1.0 → 30 + 10 = 40;
    // b energy 40 @ 0.5 + 10 @ 0.45 = 20 + 4.5, power 20 @ 0.5 = 10 → 34.5. Revenue 74.5 ≥ uniform's 52.5.
    const c = clearPayAsBidRentalBook(BOOK);
    expect(c.mechanism).toBe("pay-as-bid");
    expect(c.prices).toBeNull();
    expect(rows(c)).toEqual([
      ["a", 50, 10, 40],
      ["b", 50, 20, 34.5],
    ]);
    expect(revenueOf(c)).toBeCloseTo(74.5, 12);
    expect(c.meta).toMatchObject({ uniformPrices: { cE: 0.45, cP: 0.25 } });
    const calls = { bids: 0 };
    expect(createPayAsBidRental().clear(bidsRound(BOOK, calls), ctx())).toEqual(c);
    expect(calls.bids).toBe(1);
    expect(payAsBidRentalProperties.truthful).toBe(false);
  });
});

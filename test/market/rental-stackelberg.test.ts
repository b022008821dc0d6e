import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  bookLeaderPrice,
  clearStackelbergBook,
  clearStackelbergRound,
  createStackelberg,
  stackelbergParams,
  stackelbergProperties,
} from "../../src/market/rental/stackelberg.js";
import { demandAt } from "../../src/market/rental/block-allocation.js";
import { createRentalMechanism } from "../../src/market/registry.js";
import type { RentalBid, RentalBook, RentalOffer, RentalPrices, RentalRequest, RentalRound } from "../../src/market/types.js";
import { RUNS } from "./books.js";
import { BOOK, OFFER, TOL, ctx, rentalBook, revenueOf, rows } from "./rental-books.js";

/** A round whose tenants answer with a known demand function; records every query. */
function demandRound(offer: RentalOffer, demand: (p: RentalPrices) => RentalRequest[], seen: RentalPrices[], bids: RentalBid[] = []): RentalRound {
  return {
    period: 0,
    offer,
    tenants: [...new Set(demand(offer.reserve).map((r) => r.agent))].sort(),
    respond: (prices) => {
      seen.push(prices);
      return demand(prices);
    },
    bids: () => bids,
    coalition: () => {
      throw new Error("no coalitions");
    },
  };
}

const BIG: RentalOffer = { provider: "siess", energyKWh: 1000, powerKW: 1000, reserve: { cE: 0.1, cP: 0.2 } };

describe("stackelberg on a block book", () => {
  it("picks a block value; a tie in revenue goes to the lower price (golden)", () => {
    // Energy (cap 100, reserve 0.1); demand counts blocks worth ≥ the price:
    //   0.1: 170 → 100 × 0.1 = 10;  0.3: 170 → 30;  0.4: 140 → 40;
    //   0.45: a 50 + b 60 = 110 → 100 × 0.45 = 45;  0.5: a 50 + b 40 = 90 → 45;  0.6: 50 → 30.
    //   0.45 and 0.5 tie at 45 → the lower, 0.45. At 0.45 demand 110 > 100 → × 10/11.
    // Power (cap 30, reserve 0.2): 0.2: 60 → 6; 0.25: 60 → 7.5; 0.5: 30 → 15; 1.0: 10 → 10.
    //   Best 0.5, a block value; a 10, b 20, no rationing.
    // a: 50 × 10/11 kWh, 10 kW; b: 60 × 10/11, 20; c nothing (0.4 < 0.45, 0.25 < 0.5). Revenue 45 + 15 = 60.
    expect(bookLeaderPrice(BOOK, "energy")).toEqual({ price: 0.45, revenue: 45, candidates: 6 });
    expect(bookLeaderPrice(BOOK, "power")).toEqual({ price: 0.5, revenue: 15, candidates: 4 });
    const c = clearStackelbergBook(BOOK);
    expect(c.mechanism).toBe("stackelberg");
    expect(c.prices).toEqual({ cE: 0.45, cP: 0.5 });
    const r9 = (x: number) => Number(x.toFixed(9));
    expect(rows(c)).toEqual([
      ["a", r9(500 / 11), 10, r9(0.45 * (500 / 11) + 5)],
      ["b", r9(600 / 11), 20, r9(0.45 * (600 / 11) + 10)],
    ]);
    expect(revenueOf(c)).toBeCloseTo(60, 12);
    expect(c.meta.revenue).toBe(60);
    expect(createStackelberg().clearBook!(BOOK, ctx())).toEqual(c);
    expect(stackelbergProperties).toEqual({ individuallyRational: true, budgetBalance: "strong", truthful: false, efficient: false });
  });

  it("stays at the reserve when nothing above it earns more", () => {
    // One block 10 @ 0.3 with capacity 100 at reserve 0.3: the reserve is the only candidate.
    // Below-reserve blocks never count: 5 @ 0.2 is ignored.
    const book: RentalBook = { offer: { ...OFFER, reserve: { cE: 0.3, cP: 0.2 } }, bids: [{ agent: "a", energy: [[10, 0.3], [5, 0.2]], power: [] }] };
    expect(bookLeaderPrice(book, "energy")).toEqual({ price: 0.3, revenue: 3, candidates: 1 });
    expect(bookLeaderPrice(book, "power")).toEqual({ price: 0.2, revenue: 0, candidates: 1 });
  });

  it("no price on a fine grid earns more than the chosen one (property)", () => {
    fc.assert(
      fc.property(rentalBook, (book) => {
        for (const resource of ["energy", "power"] as const) {
          const capacity = resource === "energy" ? book.offer.energyKWh : book.offer.powerKW;
          const reserve = resource === "energy" ? book.offer.reserve.cE : book.offer.reserve.cP;
          const chosen = bookLeaderPrice(book, resource);
          expect(chosen.price).toBeGreaterThanOrEqual(reserve);
          const revenueAt = (p: number) => p * Math.min(capacity, book.bids.reduce((s, b) => s + demandAt(b[resource], p), 0));
          expect(chosen.revenue).toBeCloseTo(revenueAt(chosen.price), 9);
          const values = book.bids.flatMap((b) => b[resource].map(([, v]) => v));
          const top = Math.max(reserve, ...values) * 1.2 + 0.01;
          const grid = Array.from({ length: 201 }, (_, k) => reserve + ((top - reserve) * k) / 200);
          for (const v of values) grid.push(v, v * (1 - 1e-9), v * (1 + 1e-9));
          for (const p of grid) {
            if (p >= reserve && revenueAt(p) > chosen.revenue + TOL * Math.max(1, chosen.revenue)) {
              throw new Error(`${resource}: price ${p} earns ${revenueAt(p)} > ${chosen.revenue} at the chosen ${chosen.price}`);
            }
          }
        }
      }),
      RUNS,
    );
  });
});

describe("stackelberg inside a simulation", () => {
  it("finds the closed-form optimum of linear demand and passes the ε-check", () => {
    // E = max(0, 100 − 50 cE), P = max(0, 40 − 10 cP), capacity never binds:
    // revenue cE (100 − 50 cE) peaks at cE* = 1 (50); cP (40 − 10 cP) at cP* = 2 (40).
    const seen: RentalPrices[] = [];
    const demand = (p: RentalPrices): RentalRequest[] => [{ agent: "dc", energyKWh: Math.max(0, 100 - 50 * p.cE), powerKW: Math.max(0, 40 - 10 * p.cP) }];
    const params = stackelbergParams.parse({ ceilingE: 2.5, ceilingP: 5 });
    const c = clearStackelbergRound(demandRound(BIG, demand, seen), params);
    expect(c.prices!.cE).toBeCloseTo(1, 3);
    expect(c.prices!.cP).toBeCloseTo(2, 3);
    expect(c.meta.revenue as number).toBeCloseTo(90, 6);
    expect(c.meta.checked).toBe(true);
    expect((c.meta.bestDeviation as { gain: number }).gain).toBeLessThanOrEqual(1e-6 * 90);
    // Every query went through respond(), none twice, and the count is bounded by the parameters.
    expect(seen.length).toBe((c.meta.queries as number) + (c.meta.checkQueries as number));
    expect(new Set(seen.map((p) => `${p.cE}|${p.cP}`)).size).toBe(seen.length);
    expect(seen.length).toBeLessThanOrEqual(1 + 2 * 2 * 11 + 8 * 2 * 10 + 2 * 21);
    expect(c.meta.iterations as number).toBeLessThanOrEqual(2 + 8);
    expect(c.meta.ceiling).toEqual({ cE: 2.5, cP: 5 });
    expect(rows(c, 3)).toEqual([["dc", 50, 20, 90]]);
  });

  it("searches E and P jointly when demand couples them (coordinate search)", () => {
    // E = 100 − 50 cE − 10 cP, P = 40 − 10 cP − 5 cE (all positive near the optimum).
    // ∂R/∂cE = 100 − 100 cE − 15 cP = 0, ∂R/∂cP = 40 − 15 cE − 20 cP = 0
    //   → cP = 25 / 17.75 = 1.408451, cE = 1 − 0.15 cP = 0.788732 (R concave: Hessian [[-100,-15],[-15,-20]]).
    const demand = (p: RentalPrices): RentalRequest[] => [
      { agent: "a", energyKWh: Math.max(0, 100 - 50 * p.cE - 10 * p.cP), powerKW: Math.max(0, 40 - 10 * p.cP - 5 * p.cE) },
    ];
    const c = clearStackelbergRound(demandRound(BIG, demand, []), stackelbergParams.parse({ ceilingE: 3, ceilingP: 4, refineIterations: 12 }));
    expect(c.prices!.cP).toBeCloseTo(25 / 17.75, 3);
    expect(c.prices!.cE).toBeCloseTo(1 - 0.15 * (25 / 17.75), 3);
    expect(c.meta.checked).toBe(true);
  });

  it("rations pro rata when the optimum is capacity-bound", () => {
    // Capacity 30 kWh: revenue cE × min(30, 100 − 50 cE) peaks where demand meets capacity,
    // cE = 1.4 (42), above the unconstrained 1. Two tenants with equal demand get 15 each there.
    const offer = { ...BIG, energyKWh: 30 };
    const demand = (p: RentalPrices): RentalRequest[] => [
      { agent: "a", energyKWh: Math.max(0, 50 - 25 * p.cE), powerKW: 0 },
      { agent: "b", energyKWh: Math.max(0, 50 - 25 * p.cE), powerKW: 0 },
    ];
    const c = clearStackelbergRound(demandRound(offer, demand, []), stackelbergParams.parse({ ceilingE: 3, ceilingP: 1 }));
    expect(c.prices!.cE).toBeCloseTo(1.4, 3);
    expect(c.meta.revenue as number).toBeCloseTo(42, 3);
    expect(c.contracts.map((x) => x.energyKWh).reduce((s, q) => s + q, 0)).toBeLessThanOrEqual(30 + 1e-9);
    expect(c.meta.checked).toBe(true);
  });

  it("takes its ceiling from the revealed bids by default", () => {
    const demand = (p: RentalPrices): RentalRequest[] => [{ agent: "a", energyKWh: p.cE <= 0.8 ? 10 : 0, powerKW: p.cP <= 0.6 ? 4 : 0 }];
    const bids: RentalBid[] = [{ agent: "a", energy: [[10, 0.8]], power: [[4, 0.6]] }];
    const mechanism = createRentalMechanism("stackelberg", {});
    const c = mechanism.clear(demandRound(BIG, demand, [], bids), ctx());
    expect(c.meta.ceiling).toEqual({ cE: 0.8, cP: 0.6 });
    // The ceilings are the block values, which are the optima: 0.8 × 10 + 0.6 × 4.
    expect(c.prices).toEqual({ cE: 0.8, cP: 0.6 });
    expect(c.meta.revenue as number).toBeCloseTo(10.4, 12);
    expect(c.meta.checked).toBe(true);
  });

  it("reports checked: false when a coarse search misses a better nearby price", () => {
    // E = 10 for cE ≤ 1, else 0. Grid of 3 points (0.1, 1.3, 2.5) and no refinement finds only
    // 0.1 (revenue 1); the check's first step up, 0.1 × 1.01 = 0.101, already earns 1.01.
    const demand = (p: RentalPrices): RentalRequest[] => [{ agent: "a", energyKWh: p.cE <= 1 ? 10 : 0, powerKW: 0 }];
    const c = clearStackelbergRound(demandRound(BIG, demand, []), stackelbergParams.parse({ ceilingE: 2.5, ceilingP: 1, coarsePoints: 3, refineIterations: 0 }));
    expect(c.prices!.cE).toBe(0.1);
    expect(c.meta.checked).toBe(false);
    const deviation = c.meta.bestDeviation as { cE: number; gain: number };
    expect(deviation.cE).toBeCloseTo(0.11, 12);
    expect(deviation.gain).toBeCloseTo(0.1, 9);
  });

  it("refuses a malformed best response", () => {
    const demand = (): RentalRequest[] => [{ agent: "x", energyKWh: Number.NaN, powerKW: 0 }];
    expect(() => clearStackelbergRound(demandRound(BIG, demand, []), stackelbergParams.parse({ ceilingE: 1, ceilingP: 1 }))).toThrow(/stackelberg: tenant x/);
  });
});

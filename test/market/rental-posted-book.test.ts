import { describe, expect, it } from "vitest";
import { clearPostedRentalBook, createPostedRental } from "../../src/market/rental/posted.js";
import { BIDS, BOOK, OFFER, ctx, revenueOf, rows } from "./rental-books.js";

describe("posted rental on a block book", () => {
  it("rents every block worth the price and rations pro rata at capacity (golden)", () => {
    // cE 0.4: a asks 50 (its 30@0.3 is below), b 40 + 20, c 30 → 140 kWh > 100 → each × 5/7:
    //   a 250/7, b 300/7, c 150/7 kWh.
    // cP 0.3: a 10, b 20 (c's 0.25 is below) → 30 kW ≤ 30, no rationing.
    // a pays 0.4 × 250/7 + 0.3 × 10 = 100/7 + 3; b 120/7 + 6; c 60/7. Revenue 40 + 9 = 49.
    const c = clearPostedRentalBook(BOOK, { cE: 0.4, cP: 0.3 });
    expect(c.mechanism).toBe("posted");
    expect(c.prices).toEqual({ cE: 0.4, cP: 0.3 });
    expect(rows(c)).toEqual(
      rows({
        ...c,
        contracts: [
          { tenant: "a", energyKWh: 250 / 7, powerKW: 10, payment: 100 / 7 + 3 },
          { tenant: "b", energyKWh: 300 / 7, powerKW: 20, payment: 120 / 7 + 6 },
          { tenant: "c", energyKWh: 150 / 7, powerKW: 0, payment: 60 / 7 },
        ],
      }),
    );
    expect(revenueOf(c)).toBeCloseTo(49, 12);
    expect(c.meta).toMatchObject({ requestedEnergyKWh: 140, requestedPowerKW: 30, powerRation: 1 });
    expect(c.meta.energyRation as number).toBeCloseTo(5 / 7, 12);
  });

  it("posts the reserve by default; the registry's posted clears books too", () => {
    // At the reserve (0.1, 0.2) every block is asked: E 170 > 100 → × 10/17; P 60 > 30 → × 1/2.
    const c = createPostedRental().clearBook!(BOOK, ctx());
    expect(c.prices).toEqual(OFFER.reserve);
    expect(c.meta.energyRation as number).toBeCloseTo(10 / 17, 12);
    expect(c.meta.powerRation).toBe(0.5);
    expect(c.contracts.map((x) => x.tenant)).toEqual(["a", "b", "c"]);
    // No rationing when capacity is ample: everyone gets what it asks.
    const ample = clearPostedRentalBook({ offer: { ...OFFER, energyKWh: 1000, powerKW: 1000 }, bids: BIDS }, { cE: 0.45 });
    expect(rows(ample)).toEqual([
      ["a", 50, 10, 0.45 * 50 + 0.2 * 10],
      ["b", 60, 20, 0.45 * 60 + 0.2 * 20],
      ["c", 0, 30, 0.2 * 30],
    ]);
  });
});

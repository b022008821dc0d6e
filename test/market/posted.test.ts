import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clearPostedRental, postedProperties } from "../../src/market/rental/posted.js";
import { ledgerViolations } from "../../src/market/ledger.js";
import type { RentalOffer, RentalPrices, RentalRequest, RentalRound } from "../../src/market/types.js";
import { RUNS, sum } from "./books.js";

const OFFER: RentalOffer = { provider: "siess", energyKWh: 100, powerKW: 40, reserve: { cE: 0.5, cP: 2 } };

function round(offer: RentalOffer, requests: readonly RentalRequest[], seen: RentalPrices[] = []): RentalRound {
  return {
    period: 0,
    offer,
    tenants: [...new Set(requests.map((r) => r.agent))].sort(),
    respond: (prices) => {
      seen.push(prices);
      return requests;
    },
    bids: () => {
      throw new Error("posted never asks for block bids");
    },
    coalition: () => {
      throw new Error("posted never asks for coalitions");
    },
  };
}

describe("posted rental", () => {
  it("rations energy pro rata when over-requested, power independently (golden)", () => {
    // Requests at cE 0.4, cP 1.5: b 90 kWh / 20 kW, a 60 / 10, c 0 / 0.
    // ΣE = 150 > 100 → every E × 2/3: a 40, b 60. ΣP = 30 ≤ 40 → no power rationing.
    // a pays 0.4 × 40 + 1.5 × 10 = 31; b pays 0.4 × 60 + 1.5 × 20 = 54; c rents nothing, left out.
    const seen: RentalPrices[] = [];
    const requests = [
      { agent: "b", energyKWh: 90, powerKW: 20 },
      { agent: "a", energyKWh: 60, powerKW: 10 },
      { agent: "c", energyKWh: 0, powerKW: 0 },
    ];
    const c = clearPostedRental(round(OFFER, requests, seen), { cE: 0.4, cP: 1.5 });
    expect(seen).toEqual([{ cE: 0.4, cP: 1.5 }]);
    expect(c.prices).toEqual({ cE: 0.4, cP: 1.5 });
    expect(c.contracts.map((x) => x.tenant)).toEqual(["a", "b"]);
    expect(c.contracts[0]!.energyKWh).toBeCloseTo(40, 9);
    expect(c.contracts[1]!.energyKWh).toBeCloseTo(60, 9);
    expect(c.contracts.map((x) => x.powerKW)).toEqual([10, 20]);
    expect(c.contracts[0]!.payment).toBeCloseTo(31, 9);
    expect(c.contracts[1]!.payment).toBeCloseTo(54, 9);
    expect(c.payments.map((p) => [p.from, p.to, p.reason])).toEqual([
      ["a", "siess", "rental"],
      ["b", "siess", "rental"],
    ]);
    expect(c.meta).toMatchObject({ requestedEnergyKWh: 150, requestedPowerKW: 30, powerRation: 1 });
    expect(c.meta.energyRation as number).toBeCloseTo(2 / 3, 12);
  });

  it("posts the reserve when no prices are given", () => {
    const seen: RentalPrices[] = [];
    const c = clearPostedRental(round(OFFER, [{ agent: "a", energyKWh: 10, powerKW: 5 }], seen));
    expect(seen).toEqual([{ cE: 0.5, cP: 2 }]);
    expect(c.contracts).toEqual([{ tenant: "a", energyKWh: 10, powerKW: 5, payment: 15 }]);
    expect(postedProperties).toMatchObject({ individuallyRational: true, budgetBalance: "strong" });
  });

  it("refuses a malformed best response", () => {
    expect(() => clearPostedRental(round(OFFER, [{ agent: "a", energyKWh: -1, powerKW: 0 }]))).toThrow(/tenant a/);
  });

  it("never allocates beyond the offer or a request, and charges price × quantity (property)", () => {
    const request = fc.record({ energyKWh: fc.double({ min: 0, max: 200, noNaN: true }), powerKW: fc.double({ min: 0, max: 80, noNaN: true }) });
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e"), request),
        fc.record({ energyKWh: fc.double({ min: 0, max: 300, noNaN: true }), powerKW: fc.double({ min: 0, max: 100, noNaN: true }) }),
        fc.record({ cE: fc.double({ min: 0, max: 5, noNaN: true }), cP: fc.double({ min: 0, max: 5, noNaN: true }) }),
        (byAgent, capacity, prices) => {
          const requests = Object.entries(byAgent).map(([agent, r]) => ({ agent, ...r }));
          const offer = { ...OFFER, ...capacity };
          const c = clearPostedRental(round(offer, requests), prices);
          expect(sum(c.contracts, (x) => x.energyKWh)).toBeLessThanOrEqual(offer.energyKWh * (1 + 1e-12) + 1e-12);
          expect(sum(c.contracts, (x) => x.powerKW)).toBeLessThanOrEqual(offer.powerKW * (1 + 1e-12) + 1e-12);
          for (const x of c.contracts) {
            const r = byAgent[x.tenant]!;
            expect(x.energyKWh).toBeLessThanOrEqual(r.energyKWh);
            expect(x.powerKW).toBeLessThanOrEqual(r.powerKW);
            expect(x.payment).toBeCloseTo(prices.cE * x.energyKWh + prices.cP * x.powerKW, 9);
          }
          expect(c.contracts.map((x) => x.tenant)).toEqual(c.contracts.map((x) => x.tenant).sort());
          expect(ledgerViolations(c.payments)).toEqual([]);
          expect(sum(c.payments, (p) => p.amount)).toBeCloseTo(sum(c.contracts, (x) => x.payment), 9);
        },
      ),
      RUNS,
    );
  });
});

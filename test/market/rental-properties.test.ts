import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clearUniformRentalBook } from "../../src/market/rental/uniform.js";
import { clearPayAsBidRentalBook } from "../../src/market/rental/pay-as-bid.js";
import { clearVcgRentalBook } from "../../src/market/rental/vcg.js";
import { clearPostedRentalBook } from "../../src/market/rental/posted.js";
import { clearStackelbergBook } from "../../src/market/rental/stackelberg.js";
import { valueOfQuantity } from "../../src/market/rental/block-allocation.js";
import { ledgerViolations } from "../../src/market/ledger.js";
import type { Block, RentalBook, RentalClearing } from "../../src/market/types.js";
import { RUNS } from "./books.js";
import { TOL, rentalBook, revenueOf } from "./rental-books.js";

const bidTotal = (blocks: readonly Block[]) => blocks.reduce((s, [q]) => s + q, 0);
/** Value of a pro-rata share `ration` of the blocks worth ≥ `price` (what posted-style rules hand out). */
const rationedValue = (blocks: readonly Block[], price: number, ration: number) => blocks.reduce((s, [q, v]) => (v >= price ? s + q * v * ration : s), 0);

type Rule = { name: string; clear: (book: RentalBook, posted: { cE: number; cP: number }) => RentalClearing; rationed: boolean };
const RULES: Rule[] = [
  { name: "uniform", clear: (b) => clearUniformRentalBook(b), rationed: false },
  { name: "pay-as-bid", clear: (b) => clearPayAsBidRentalBook(b), rationed: false },
  { name: "vcg", clear: (b) => clearVcgRentalBook(b), rationed: false },
  { name: "posted", clear: (b, p) => clearPostedRentalBook(b, p), rationed: true },
  { name: "stackelberg", clear: (b) => clearStackelbergBook(b), rationed: true },
];

/** Posted prices at or above the reserve (a posted price below it could sell under the reserve by design). */
const postedMarkup = fc.record({ e: fc.double({ min: 0, max: 0.5, noNaN: true }), p: fc.double({ min: 0, max: 0.5, noNaN: true }) });

describe("block-bid rental mechanisms (properties)", () => {
  for (const rule of RULES) {
    it(`${rule.name}: within capacity and bids, individually rational, revenue ≥ reserve × sold`, () => {
      fc.assert(
        fc.property(rentalBook, postedMarkup, (book, markup) => {
          const { offer } = book;
          const posted = { cE: offer.reserve.cE + markup.e, cP: offer.reserve.cP + markup.p };
          const c = rule.clear(book, posted);
          const soldE = c.contracts.reduce((s, x) => s + x.energyKWh, 0);
          const soldP = c.contracts.reduce((s, x) => s + x.powerKW, 0);
          expect(soldE).toBeLessThanOrEqual(offer.energyKWh * (1 + 1e-12) + 1e-12);
          expect(soldP).toBeLessThanOrEqual(offer.powerKW * (1 + 1e-12) + 1e-12);
          const revenue = revenueOf(c);
          expect(revenue).toBeGreaterThanOrEqual(offer.reserve.cE * soldE + offer.reserve.cP * soldP - TOL * Math.max(1, revenue));
          expect(c.contracts.map((x) => x.tenant)).toEqual(c.contracts.map((x) => x.tenant).sort());
          expect(ledgerViolations(c.payments)).toEqual([]);
          expect(revenue).toBeCloseTo(c.contracts.reduce((s, x) => s + x.payment, 0), 9);
          for (const x of c.contracts) {
            const bid = book.bids.find((b) => b.agent === x.tenant)!;
            expect(x.energyKWh).toBeLessThanOrEqual(bidTotal(bid.energy) * (1 + 1e-12));
            expect(x.powerKW).toBeLessThanOrEqual(bidTotal(bid.power) * (1 + 1e-12));
            expect(x.payment).toBeGreaterThanOrEqual(0);
            // IR: the declared value of what it gets covers what it pays.
            const value = rule.rationed
              ? rationedValue(bid.energy, c.prices!.cE, c.meta.energyRation as number) + rationedValue(bid.power, c.prices!.cP, c.meta.powerRation as number)
              : valueOfQuantity(bid.energy, x.energyKWh) + valueOfQuantity(bid.power, x.powerKW);
            expect(x.payment).toBeLessThanOrEqual(value + TOL * Math.max(1, value));
          }
        }),
        RUNS,
      );
    });
  }

  it("uniform, pay-as-bid and vcg share one allocation; uniform ≥ vcg and pay-as-bid ≥ uniform in revenue", () => {
    fc.assert(
      fc.property(rentalBook, (book) => {
        const u = clearUniformRentalBook(book);
        const pab = clearPayAsBidRentalBook(book);
        const vcg = clearVcgRentalBook(book);
        const alloc = (c: RentalClearing) => c.contracts.map((x) => [x.tenant, x.energyKWh, x.powerKW]);
        expect(alloc(pab)).toEqual(alloc(u));
        // VCG may leave a zero-payment contract where uniform charges 0 too; the allocation is the same.
        expect(alloc(vcg)).toEqual(alloc(u));
        const ru = revenueOf(u);
        expect(revenueOf(vcg)).toBeLessThanOrEqual(ru + TOL * Math.max(1, ru));
        expect(revenueOf(pab)).toBeGreaterThanOrEqual(ru - TOL * Math.max(1, ru));
      }),
      RUNS,
    );
  });
});

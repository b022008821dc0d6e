import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clearVcgRentalBook, createVcgRental, vcgRentalProperties } from "../../src/market/rental/vcg.js";
import { clearUniformRentalBook } from "../../src/market/rental/uniform.js";
import { valueOfQuantity } from "../../src/market/rental/block-allocation.js";
import type { Block, RentalBid, RentalBook } from "../../src/market/types.js";
import { RUNS } from "./books.js";
import { BOOK, TOL, ctx, rentalBook, revenueOf, rows } from "./rental-books.js";

/** A tenant's true utility: the value of what it gets under its true blocks, minus what it pays. */
function utility(book: RentalBook, truth: RentalBid, report: RentalBid): number {
  const bids = book.bids.map((b) => (b.agent === truth.agent ? report : b));
  const c = clearVcgRentalBook({ offer: book.offer, bids });
  const mine = c.contracts.find((x) => x.tenant === truth.agent);
  if (!mine) return 0;
  return valueOfQuantity(truth.energy, mine.energyKWh) + valueOfQuantity(truth.power, mine.powerKW) - mine.payment;
}

const scale = (blocks: readonly Block[], s: number): Block[] => blocks.map(([q, v]) => [q, v * s] as Block);
const insert = (blocks: readonly Block[], extra: Block): Block[] => [...blocks, extra].sort((x, y) => y[1] - x[1]);

/** Every deviation the brief asks for: scaled values per resource and both, a block dropped, a block added. */
function deviations(bid: RentalBid): RentalBid[] {
  const out: RentalBid[] = [];
  for (const s of [0.5, 0.8, 0.9, 1.1, 1.25, 2]) {
    out.push({ ...bid, energy: scale(bid.energy, s) });
    out.push({ ...bid, power: scale(bid.power, s) });
    out.push({ ...bid, energy: scale(bid.energy, s), power: scale(bid.power, s) });
  }
  for (const resource of ["energy", "power"] as const) {
    const list = bid[resource];
    list.forEach((_, k) => out.push({ ...bid, [resource]: list.filter((__, j) => j !== k) }));
    const top = list.length === 0 ? 0.5 : list[0]![1];
    for (const extra of [[10, top * 1.5], [10, top], [5, 0.25], [20, 0]] as Block[]) out.push({ ...bid, [resource]: insert(list, extra) });
  }
  return out;
}

describe("vcg rental (block bids)", () => {
  it("charges Clarke payments (golden, three tenants)", () => {
    // Energy: cap 100, r = 0.1. Accepted: a 50@0.6, b 40@0.5, b 10@0.45 (c, a's 30@0.3 out).
    //   W_a = 50 × 0.5 = 25; W_b = 40 × 0.4 + 10 × 0.35 = 19.5.
    //   a absent: b 40@0.5, b 20@0.45, c 30@0.4 (90 ≤ 100) → W₋a = 16 + 7 + 9 = 32;
    //     a pays 0.1 × 50 + 32 − 19.5 = 17.5.
    //   b absent: a 50@0.6, c 30@0.4, a 20 of 30@0.3 → W₋b = 25 + 9 + 4 = 38 (a's own blocks
    //     count here: W₋b sums every tenant but b); present W₋b = 25;
    //     b pays 0.1 × 50 + 38 − 25 = 18.
    // Power: cap 30, r = 0.2. Accepted: a 10@1.0, b 20@0.5. W_a = 8, W_b = 6.
    //   a absent: b 20, c 10 of 30@0.25 → 6 + 0.5 = 6.5; a pays 0.2 × 10 + 6.5 − 6 = 2.5.
    //   b absent: a 10, c 20@0.25 → 8 + 1 = 9; b pays 0.2 × 20 + 9 − 8 = 5.
    // a pays 17.5 + 2.5 = 20; b pays 18 + 5 = 23; revenue 43, uniform's 52.5 → shortfall 9.5.
    const c = clearVcgRentalBook(BOOK);
    expect(c.mechanism).toBe("vcg");
    expect(c.prices).toBeNull();
    expect(rows(c)).toEqual([
      ["a", 50, 10, 20],
      ["b", 50, 20, 23],
    ]);
    expect(c.meta.revenue as number).toBeCloseTo(43, 12);
    expect(c.meta.uniformRevenue as number).toBeCloseTo(52.5, 12);
    expect(c.meta.revenueShortfall as number).toBeCloseTo(9.5, 12);
    expect(createVcgRental().clearBook!(BOOK, ctx())).toEqual(c);
    expect(vcgRentalProperties).toEqual({ individuallyRational: true, budgetBalance: "strong", truthful: true, efficient: true });
  });

  it("a tenant alone pays the reserve only", () => {
    const c = clearVcgRentalBook({ offer: BOOK.offer, bids: [{ agent: "z", energy: [[30, 0.9]], power: [[5, 2]] }] });
    expect(rows(c)).toEqual([["z", 30, 5, 0.1 * 30 + 0.2 * 5]]);
  });

  it("never earns more than uniform; meta reports the shortfall (property)", () => {
    fc.assert(
      fc.property(rentalBook, (book) => {
        const vcg = clearVcgRentalBook(book);
        const uniform = revenueOf(clearUniformRentalBook(book));
        const revenue = revenueOf(vcg);
        expect(revenue).toBeLessThanOrEqual(uniform + TOL * Math.max(1, uniform));
        expect(vcg.meta.revenueShortfall as number).toBeCloseTo(uniform - revenue, 9);
        expect(vcg.meta.revenueShortfall as number).toBeGreaterThanOrEqual(-TOL * Math.max(1, uniform));
      }),
      RUNS,
    );
  });

  it("is truthful: no scaling, dropped or added block raises a tenant's utility (property)", () => {
    fc.assert(
      fc.property(rentalBook, fc.nat(), (book, pick) => {
        if (book.bids.length === 0) return;
        const truth = book.bids[pick % book.bids.length]!;
        const honest = utility(book, truth, truth);
        for (const lie of deviations(truth)) {
          const gained = utility(book, truth, lie) - honest;
          if (gained > TOL * Math.max(1, Math.abs(honest))) {
            throw new Error(`tenant ${truth.agent} gains ${gained} by bidding ${JSON.stringify(lie)} instead of ${JSON.stringify(truth)}`);
          }
        }
      }),
      RUNS,
    );
  });
});

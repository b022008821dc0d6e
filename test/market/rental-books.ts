import fc from "fast-check";
import { createStream } from "../../src/core/rng.js";
import type { Block, ClearingContext, RentalBid, RentalBook, RentalClearing, RentalOffer } from "../../src/market/types.js";

/** Shared fixtures for the block-bid rental tests. */

export const ctx = (): ClearingContext => ({ rng: createStream("42", "test") });

/**
 * The golden book (MODEL.md §4 by hand in each test):
 *   energy 100 kWh at reserve 0.1: a [50 @ 0.6, 30 @ 0.3], b [40 @ 0.5, 20 @ 0.45], c [30 @ 0.4]
 *   power   30 kW  at reserve 0.2: a [10 @ 1.0],            b [20 @ 0.5],             c [30 @ 0.25]
 */
export const OFFER: RentalOffer = { provider: "siess", energyKWh: 100, powerKW: 30, reserve: { cE: 0.1, cP: 0.2 } };
export const BIDS: readonly RentalBid[] = [
  { agent: "a", energy: [[50, 0.6], [30, 0.3]], power: [[10, 1.0]] },
  { agent: "b", energy: [[40, 0.5], [20, 0.45]], power: [[20, 0.5]] },
  { agent: "c", energy: [[30, 0.4]], power: [[30, 0.25]] },
];
export const BOOK: RentalBook = { offer: OFFER, bids: BIDS };

/** A contract as [tenant, E, P, payment] rounded for comparison. */
export function rows(c: RentalClearing, digits = 9): [string, number, number, number][] {
  const r = (x: number) => Number(x.toFixed(digits));
  return c.contracts.map((x) => [x.tenant, r(x.energyKWh), r(x.powerKW), r(x.payment)]);
}

/** Σ of every payment to the provider. */
export const revenueOf = (c: RentalClearing) => c.payments.reduce((s, p) => s + p.amount, 0);

const quantity = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 50, noNaN: true }));
const value = fc.oneof(fc.constantFrom(0.1, 0.2, 0.3, 0.5), fc.double({ min: 0, max: 1, noNaN: true }));
/** Blocks listed with values non-increasing (ties likely). */
export const blocks: fc.Arbitrary<Block[]> = fc
  .array(fc.tuple(quantity, value), { maxLength: 4 })
  .map((list) => [...list].sort((x, y) => y[1] - x[1]) as Block[]);

/** Random books: 0–5 distinct tenants, tied values, zero quantities, capacities from 0 up. */
export const rentalBook: fc.Arbitrary<RentalBook> = fc
  .record({
    agents: fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e"), { maxLength: 5 }),
    energy: fc.array(blocks, { minLength: 5, maxLength: 5 }),
    power: fc.array(blocks, { minLength: 5, maxLength: 5 }),
    energyKWh: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 150, noNaN: true })),
    powerKW: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 60, noNaN: true })),
    cE: fc.oneof(fc.constant(0), fc.constantFrom(0.1, 0.2), fc.double({ min: 0, max: 0.6, noNaN: true })),
    cP: fc.oneof(fc.constant(0), fc.constantFrom(0.1, 0.2), fc.double({ min: 0, max: 0.6, noNaN: true })),
  })
  .map(({ agents, energy, power, energyKWh, powerKW, cE, cP }) => ({
    offer: { provider: "siess", energyKWh, powerKW, reserve: { cE, cP } },
    bids: [...agents].sort().map((agent, i) => ({ agent, energy: energy[i]!, power: power[i]! })),
  }));

/** Tolerance for sums of a few dozen doubles of these magnitudes. */
export const TOL = 1e-9;

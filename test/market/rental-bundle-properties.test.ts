import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadLpSolver } from "../../src/core/lp.js";
import { InputError } from "../../src/core/errors.js";
import { createRentalMechanism, listMechanisms } from "../../src/market/registry.js";
import { clearRentalBookReport } from "../../src/market/rental-book.js";
import { bundlesOf, surplusAtReserve, tenantBundles } from "../../src/market/rental/bundles.js";
import { determineWinners, surplusWithout } from "../../src/market/rental/winner-determination.js";
import { solveLp } from "../../src/core/lp.js";
import { ledgerViolations } from "../../src/market/ledger.js";
import type { Bundle, RentalBid, RentalBook, RentalClearing, RentalMechanism } from "../../src/market/types.js";
import { ctx, revenueOf } from "./rental-books.js";

/**
 * Properties of every registered rental mechanism that clears bundle bids, on random bundle
 * books (some tenants bidding blocks, which such a book turns into bundles): capacity, one
 * bundle per tenant, IR, budget balance, efficiency against brute force, and — for those that
 * claim it — truthfulness. Each book solves a few small MILPs and LPs, so the run counts are
 * lower than the block books' 1000.
 */

beforeAll(() => loadLpSolver());

const RUNS = { numRuns: 300 };
const TRUTH_RUNS = { numRuns: 150 };

/**
 * Tolerance for the joint mechanisms, relative to max(1, the largest value): the tie bonus
 * (winner-determination.ts, η = 1e-6 × the largest surplus) can move an allocation among ones
 * whose surplus differs by less than η, and the LPs meet their rows to ~1e-7.
 */
const JOINT_TOL = 1e-5;

const quantity = (max: number) => fc.oneof(fc.constant(0), fc.integer({ min: 1, max }), fc.double({ min: 0, max, noNaN: true }));
const value = fc.oneof(fc.constantFrom(5, 10, 20), fc.double({ min: 0, max: 50, noNaN: true }));
const bundle: fc.Arbitrary<Bundle> = fc.tuple(quantity(60), quantity(25), value);

/** Up to two blocks, values non-increasing (a block bid becomes up to 8 bundles, which keeps the brute force small). */
const blocks = fc
  .array(fc.tuple(quantity(40), fc.oneof(fc.constantFrom(0.1, 0.5), fc.double({ min: 0, max: 1, noNaN: true }))), { maxLength: 2 })
  .map((list) => [...list].sort((x, y) => y[1] - x[1]) as [number, number][]);

/** A bid: mostly bundles (0–4, ties likely), sometimes blocks. */
const bid = fc.oneof(
  { weight: 4, arbitrary: fc.array(bundle, { maxLength: 4 }).map((bundles) => ({ energy: [], power: [], bundles })) },
  { weight: 1, arbitrary: fc.record({ energy: blocks, power: blocks }) },
);

/** Random books with at least one bundle bid, so that they clear jointly. */
const bundleBook: fc.Arbitrary<RentalBook> = fc
  .record({
    agents: fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e"), { minLength: 1, maxLength: 5 }),
    bids: fc.array(bid, { minLength: 5, maxLength: 5 }),
    extra: fc.array(bundle, { minLength: 1, maxLength: 3 }),
    energyKWh: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120 }), fc.double({ min: 0, max: 150, noNaN: true })),
    powerKW: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 60, noNaN: true })),
    cE: fc.oneof(fc.constant(0), fc.constantFrom(0.1, 0.2), fc.double({ min: 0, max: 0.5, noNaN: true })),
    cP: fc.oneof(fc.constant(0), fc.constantFrom(0.2, 0.5), fc.double({ min: 0, max: 1, noNaN: true })),
  })
  .map(({ agents, bids, extra, energyKWh, powerKW, cE, cP }) => ({
    offer: { provider: "siess", energyKWh, powerKW, reserve: { cE, cP } },
    bids: [...agents].sort().map((agent, i): RentalBid => (i === 0 ? { agent, energy: [], power: [], bundles: extra } : { agent, ...bids[i]! })),
  }));

/** The largest value in a book (the scale of its money). */
const scaleOf = (book: RentalBook) => Math.max(1, ...book.bids.flatMap((b) => bundlesOf(b).map((x) => x[2])));

/** The value a tenant's bid gives (E, P): its best bundle of exactly that size. */
function valueOf(bid: RentalBid, e: number, p: number): number | undefined {
  const matches = bundlesOf(bid).filter(([be, bp]) => be === e && bp === p);
  return matches.length === 0 ? undefined : Math.max(...matches.map((m) => m[2]));
}

/** The most declared surplus any choice of at most one bundle per tenant within the offer reaches (brute force). */
function bestSurplus(book: RentalBook): number {
  const options = book.bids.map((b) => bundlesOf(b));
  let best = 0;
  const walk = (k: number, e: number, p: number, surplus: number) => {
    if (e > book.offer.energyKWh * (1 + 1e-12) + 1e-12 || p > book.offer.powerKW * (1 + 1e-12) + 1e-12) return;
    if (k === options.length) {
      best = Math.max(best, surplus);
      return;
    }
    walk(k + 1, e, p, surplus);
    // A bundle of no capacity is no bundle (bundles.ts prunes it).
    for (const b of options[k]!) if (b[0] > 1e-12 || b[1] > 1e-12) walk(k + 1, e + b[0], p + b[1], surplus + surplusAtReserve(b, book.offer));
  };
  walk(0, 0, 0, 0);
  return best;
}

/** Every registered rental mechanism that clears bundles, built with its defaults. */
const JOINT: { name: string; mechanism: RentalMechanism; truthful: boolean }[] = listMechanisms()
  .filter((m) => m.kind === "rental")
  .map((m) => ({ name: m.name, mechanism: createRentalMechanism(m.name), truthful: m.properties.truthful }))
  .filter((m) => m.mechanism.clearsBundles === true);

const clearWith = (m: RentalMechanism, book: RentalBook): RentalClearing => m.clearBook!(book, ctx());

describe("bundle-bid rental mechanisms (properties, every registered one that clears bundles)", () => {
  it("the registry's joint mechanisms are uniform, pay-as-bid and vcg; the others refuse bundle books", () => {
    expect(JOINT.map((m) => m.name)).toEqual(["uniform", "pay-as-bid", "vcg"]);
    const book: RentalBook = { offer: { provider: "provider", energyKWh: 10, powerKW: 5, reserve: { cE: 0, cP: 0 } }, bids: [{ agent: "a", energy: [], power: [], bundles: [[5, 2, 3]] }] };
    for (const m of listMechanisms().filter((x) => x.kind === "rental" && !JOINT.some((j) => j.name === x.name))) {
      expect(() => clearRentalBookReport(book, createRentalMechanism(m.name), "42", "--mechanism")).toThrow(InputError);
    }
  });

  for (const { name, mechanism } of JOINT) {
    it(`${name}: within capacity, one of its bundles per winner, IR, payments ≥ the reserve, budget balanced, efficient`, () => {
      fc.assert(
        fc.property(bundleBook, (book) => {
          const { offer } = book;
          const tol = JOINT_TOL * scaleOf(book);
          const c = clearWith(mechanism, book);
          const soldE = c.contracts.reduce((s, x) => s + x.energyKWh, 0);
          const soldP = c.contracts.reduce((s, x) => s + x.powerKW, 0);
          expect(soldE).toBeLessThanOrEqual(offer.energyKWh * (1 + 1e-12) + 1e-12);
          expect(soldP).toBeLessThanOrEqual(offer.powerKW * (1 + 1e-12) + 1e-12);
          let surplus = 0;
          for (const x of c.contracts) {
            const bid = book.bids.find((b) => b.agent === x.tenant)!;
            const v = valueOf(bid, x.energyKWh, x.powerKW);
            // The contract is one of the tenant's bundles, whole.
            expect(v).toBeDefined();
            // IR: no winner pays more than its bundle's value; nobody pays below the reserve.
            expect(x.payment).toBeLessThanOrEqual(v! + 1e-9 * Math.max(1, v!));
            expect(x.payment).toBeGreaterThanOrEqual(offer.reserve.cE * x.energyKWh + offer.reserve.cP * x.powerKW - 1e-9 * Math.max(1, x.payment));
            surplus += v! - offer.reserve.cE * x.energyKWh - offer.reserve.cP * x.powerKW;
          }
          // Budget balance: every payment goes tenant → provider, and they add up to the contracts'.
          expect(ledgerViolations(c.payments)).toEqual([]);
          for (const p of c.payments) expect([p.to, p.amount >= 0]).toEqual([offer.provider, true]);
          expect(revenueOf(c)).toBeCloseTo(c.contracts.reduce((s, x) => s + x.payment, 0), 9);
          // Efficient in declared surplus: the MILP's allocation is the brute-force optimum.
          expect(surplus).toBeGreaterThanOrEqual(bestSurplus(book) - tol);
          if (c.prices) {
            expect(c.prices.cE).toBeGreaterThanOrEqual(offer.reserve.cE);
            expect(c.prices.cP).toBeGreaterThanOrEqual(offer.reserve.cP);
          }
        }),
        RUNS,
      );
    }, 600_000);
  }

  it("uniform, pay-as-bid and vcg share one allocation; pay-as-bid earns at least uniform and vcg", () => {
    const byName = new Map(JOINT.map((m) => [m.name, m.mechanism]));
    fc.assert(
      fc.property(bundleBook, (book) => {
        const [u, pab, vcg] = ["uniform", "pay-as-bid", "vcg"].map((n) => clearWith(byName.get(n)!, book));
        const alloc = (c: RentalClearing) => c.contracts.map((x) => [x.tenant, x.energyKWh, x.powerKW]);
        expect(alloc(pab!)).toEqual(alloc(u!));
        expect(alloc(vcg!)).toEqual(alloc(u!));
        const r = revenueOf(pab!);
        expect(r).toBeGreaterThanOrEqual(revenueOf(u!) - 1e-9 * Math.max(1, r));
        expect(r).toBeGreaterThanOrEqual(revenueOf(vcg!) - 1e-9 * Math.max(1, r));
      }),
      RUNS,
    );
  }, 600_000);

  it("the Clarke pivot (the programme without one tenant) is the brute-force optimum without it", () => {
    fc.assert(
      fc.property(bundleBook, (book) => {
        const tenants = tenantBundles(book.bids, book.offer);
        const allocation = determineWinners(tenants, book.offer);
        for (const w of allocation.winners) {
          const pivot = surplusWithout(tenants, book.offer, allocation, w.agent);
          const brute = bestSurplus({ offer: book.offer, bids: book.bids.filter((b) => b.agent !== w.agent) });
          expect(Math.abs(pivot.surplus - brute)).toBeLessThanOrEqual(JOINT_TOL * scaleOf(book));
        }
      }),
      RUNS,
    );
  }, 600_000);

  it("on larger books of similar tenants, the phased solve (relaxation, fixing, reduced MILP) reaches the plain MILP's optimum", () => {
    /** 20–40 tenants, each a main bundle and a smaller near-copy, values per kWh within a few per cent: many near-ties. */
    const similar = fc.record({
      n: fc.integer({ min: 20, max: 40 }),
      seed: fc.array(fc.tuple(fc.double({ min: 2, max: 5, noNaN: true }), fc.double({ min: 0.2, max: 0.35, noNaN: true }), fc.double({ min: 0.6, max: 0.66, noNaN: true }), fc.double({ min: 0.6, max: 0.8, noNaN: true })), { minLength: 40, maxLength: 40 }),
      share: fc.double({ min: 0.3, max: 0.9, noNaN: true }),
    });
    fc.assert(
      fc.property(similar, ({ n, seed, share }) => {
        const bids: RentalBid[] = seed.slice(0, n).map(([e, ratio, v, s], i) => ({
          agent: `h${String(i).padStart(3, "0")}`,
          energy: [],
          power: [],
          bundles: [[e, e * ratio, e * v], [e * s, e * ratio * s, e * v * s * 1.01]],
        }));
        const totalE = bids.reduce((x, b) => x + b.bundles![0]![0], 0);
        const totalP = bids.reduce((x, b) => x + b.bundles![0]![1], 0);
        const offer = { provider: "siess", energyKWh: totalE * share, powerKW: totalP * share, reserve: { cE: 0.4, cP: 0.2 } };
        const tenants = tenantBundles(bids, offer);
        const phased = determineWinners(tenants, offer);
        // The plain programme: every bundle binary, solved to a proved optimum in one go.
        const names = tenants.flatMap((t, k) => t.bundles.map((_, j) => `x_${k}_${j}`));
        const plain = solveLp(
          {
            sense: "maximize",
            objective: tenants.flatMap((t, k) => t.bundles.map((b, j) => ({ variable: `x_${k}_${j}`, coefficient: surplusAtReserve(b, offer) }))),
            constraints: [
              ...tenants.map((t, k) => ({ name: `one_${k}`, terms: t.bundles.map((_, j) => ({ variable: `x_${k}_${j}`, coefficient: 1 })), sense: "<=" as const, rhs: 1 })),
              { name: "cap_kwh", terms: tenants.flatMap((t, k) => t.bundles.map((b, j) => ({ variable: `x_${k}_${j}`, coefficient: b[0] }))), sense: "<=" as const, rhs: offer.energyKWh },
              { name: "cap_kw", terms: tenants.flatMap((t, k) => t.bundles.map((b, j) => ({ variable: `x_${k}_${j}`, coefficient: b[1] }))), sense: "<=" as const, rhs: offer.powerKW },
            ],
            variables: names.map((name) => ({ name, lower: 0, upper: 1, integer: true })),
          },
          { mipRelativeGap: 0, mipAbsoluteGap: 0 },
        );
        // Equal up to the tie bonus (η per winner at most) and the solver's tolerance.
        expect(Math.abs(phased.surplus - plain.objective)).toBeLessThanOrEqual(JOINT_TOL * Math.max(1, plain.objective));
      }),
      { numRuns: 25 },
    );
  }, 600_000);

  for (const { name, mechanism, truthful } of JOINT.filter((m) => m.truthful)) {
    it(`${name} (claims truthful): misreporting one bundle's value, or dropping it, never raises a tenant's utility`, () => {
      expect(truthful).toBe(true);
      /** The tenant's true utility when it reports `report`: true value of what it wins, minus its payment. */
      const utility = (book: RentalBook, truth: RentalBid, report: RentalBid): number => {
        const c = clearWith(mechanism, { offer: book.offer, bids: book.bids.map((b) => (b.agent === truth.agent ? report : b)) });
        const mine = c.contracts.find((x) => x.tenant === truth.agent);
        return mine ? valueOf(truth, mine.energyKWh, mine.powerKW)! - mine.payment : 0;
      };
      fc.assert(
        fc.property(bundleBook, fc.nat(), (book, pick) => {
          const truth = book.bids[pick % book.bids.length]!;
          const own = bundlesOf(truth);
          if (own.length === 0) return;
          const honest = utility(book, truth, truth);
          const lies: RentalBid[] = [];
          own.forEach((b, k) => {
            for (const s of [0, 0.5, 0.9, 1.1, 2]) lies.push({ agent: truth.agent, energy: [], power: [], bundles: own.map((x, j) => (j === k ? [x[0], x[1], x[2] * s] : x)) });
            if (own.length > 1) lies.push({ agent: truth.agent, energy: [], power: [], bundles: own.filter((_, j) => j !== k) });
          });
          for (const lie of lies) {
            const gained = utility(book, truth, lie) - honest;
            if (gained > JOINT_TOL * scaleOf(book)) throw new Error(`tenant ${truth.agent} gains ${gained} by bidding ${JSON.stringify(lie.bundles)} instead of ${JSON.stringify(own)}`);
          }
        }),
        TRUTH_RUNS,
      );
    }, 600_000);
  }
});

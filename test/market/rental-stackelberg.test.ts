import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadLpSolver, solveLp, type LinearProgram } from "../../src/core/lp.js";
import {
  bookLeaderPrice,
  clearStackelbergBook,
  clearStackelbergRound,
  createStackelberg,
  stackelbergParams,
  stackelbergProperties,
  type ExactRecord,
} from "../../src/market/rental/stackelberg.js";
import { checkLeaderResult, type CheckResult } from "../../src/market/rental/stackelberg-check.js";
import { createProber, type SearchBox, type StackelbergRationing } from "../../src/market/rental/stackelberg-probe.js";
import { demandAt } from "../../src/market/rental/block-allocation.js";
import { createRentalMechanism } from "../../src/market/registry.js";
import type { FollowerLp, RentalBid, RentalBook, RentalOffer, RentalPrices, RentalRequest, RentalRound } from "../../src/market/types.js";
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

/** The rounds below have no revealed bids: the box comes from the ceiling ladder or the parameters. */
const NO_BIDS: RentalBid[] = [];

describe("stackelberg inside a simulation: the global search (best responses only)", () => {
  it("finds the closed-form optimum of linear demand, and the check passes", () => {
    // E = max(0, 100 − 50 cE), P = max(0, 40 − 10 cP), capacity never binds:
    // revenue cE (100 − 50 cE) peaks at cE* = 1 (50); cP (40 − 10 cP) at cP* = 2 (40).
    const seen: RentalPrices[] = [];
    const demand = (p: RentalPrices): RentalRequest[] => [{ agent: "dc", energyKWh: Math.max(0, 100 - 50 * p.cE), powerKW: Math.max(0, 40 - 10 * p.cP) }];
    const c = clearStackelbergRound(demandRound(BIG, demand, seen, NO_BIDS), stackelbergParams.parse({ ceilingE: 2.5, ceilingP: 5 }));
    expect(c.meta.method).toBe("search");
    expect(c.prices!.cE).toBeCloseTo(1, 4);
    expect(c.prices!.cP).toBeCloseTo(2, 4);
    expect(c.meta.revenue as number).toBeCloseTo(90, 6);
    expect(c.meta.checked).toBe(true);
    const check = c.meta.check as CheckResult;
    expect(check.gap).toBeLessThanOrEqual(1e-6);
    expect(check.compared.grid).toBe(64);
    expect(check.compared.local).toBe(48);
    // Every query went through respond(), none twice, and the search's own were all compared.
    expect(seen.length).toBe((c.meta.queries as number) + (c.meta.checkQueries as number));
    expect(new Set(seen.map((p) => `${p.cE}|${p.cP}`)).size).toBe(seen.length);
    expect(check.compared.queries).toBe(c.meta.queries);
    expect(c.meta.box).toEqual({ low: BIG.reserve, high: { cE: 2.5, cP: 5 } });
    expect(rows(c, 3)).toEqual([["dc", 50, 20, 90]]);
  });

  it("searches E and P jointly when demand couples them", () => {
    // E = 100 − 50 cE − 10 cP, P = 40 − 10 cP − 5 cE (all positive near the optimum).
    // ∂R/∂cE = 100 − 100 cE − 15 cP = 0, ∂R/∂cP = 40 − 15 cE − 20 cP = 0
    //   → cP = 25 / 17.75 = 1.408451, cE = 1 − 0.15 cP = 0.788732 (R concave: Hessian [[-100,-15],[-15,-20]]).
    const demand = (p: RentalPrices): RentalRequest[] => [
      { agent: "a", energyKWh: Math.max(0, 100 - 50 * p.cE - 10 * p.cP), powerKW: Math.max(0, 40 - 10 * p.cP - 5 * p.cE) },
    ];
    const c = clearStackelbergRound(demandRound(BIG, demand, [], NO_BIDS), stackelbergParams.parse({ ceilingE: 3, ceilingP: 4 }));
    expect(c.prices!.cP).toBeCloseTo(25 / 17.75, 4);
    expect(c.prices!.cE).toBeCloseTo(1 - 0.15 * (25 / 17.75), 4);
    expect(c.meta.checked).toBe(true);
  });

  it("rations pro rata when the optimum is capacity-bound (rationing: pro-rata)", () => {
    // Capacity 30 kWh: revenue cE × min(30, 100 − 50 cE) peaks where demand meets capacity,
    // cE = 1.4 (42), above the unconstrained 1. Two tenants with equal demand get 15 each there.
    const offer = { ...BIG, energyKWh: 30 };
    const demand = (p: RentalPrices): RentalRequest[] => [
      { agent: "a", energyKWh: Math.max(0, 50 - 25 * p.cE), powerKW: 0 },
      { agent: "b", energyKWh: Math.max(0, 50 - 25 * p.cE), powerKW: 0 },
    ];
    const c = clearStackelbergRound(demandRound(offer, demand, [], NO_BIDS), stackelbergParams.parse({ ceilingE: 3, ceilingP: 1, rationing: "pro-rata" }));
    expect(c.prices!.cE).toBeCloseTo(1.4, 4);
    expect(c.meta.revenue as number).toBeCloseTo(42, 4);
    expect(c.contracts.map((x) => x.energyKWh).reduce((s, q) => s + q, 0)).toBeLessThanOrEqual(30 + 1e-9);
    expect(c.meta.checked).toBe(true);
    // Forbidden (the default): the same optimum approached from where demand fits, nobody rationed.
    const f = clearStackelbergRound(demandRound(offer, demand, [], NO_BIDS), stackelbergParams.parse({ ceilingE: 3, ceilingP: 1 }));
    expect(f.prices!.cE).toBeGreaterThanOrEqual(1.4);
    expect(f.meta.revenue as number).toBeCloseTo(42, 2);
    expect(f.meta.fits).toBe(true);
    for (const x of f.contracts) expect(x.energyKWh).toBeCloseTo(50 - 25 * f.prices!.cE, 9);
    expect(f.meta.checked).toBe(true);
  });

  it("takes its box from the doubling ladder by default and pushes to the breakpoints", () => {
    // E = 10 for cE ≤ 0.8, P = 4 for cP ≤ 0.6: ladder cE 0.2, 0.4, 0.8 (10 kWh), 1.6 (none) → 1.6;
    // cP 0.4 (4 kW), 0.8 (none) → 0.8. The supremum 0.8 × 10 + 0.6 × 4 = 10.4 is reached at the
    // breakpoints themselves (demand there is still 10 and 4).
    const demand = (p: RentalPrices): RentalRequest[] => [{ agent: "a", energyKWh: p.cE <= 0.8 ? 10 : 0, powerKW: p.cP <= 0.6 ? 4 : 0 }];
    const c = createRentalMechanism("stackelberg", {}).clear(demandRound(BIG, demand, [], NO_BIDS), ctx());
    expect(c.meta.box).toEqual({ low: BIG.reserve, high: { cE: 1.6, cP: 0.8 } });
    expect(c.prices!.cE).toBeCloseTo(0.8, 8);
    expect(c.prices!.cP).toBeCloseTo(0.6, 8);
    expect(c.meta.revenue as number).toBeGreaterThan(10.4 * (1 - 1e-8));
    expect(c.meta.revenue as number).toBeLessThanOrEqual(10.4);
    expect(c.meta.checked).toBe(true);
  });

  it("refuses a malformed best response", () => {
    const demand = (): RentalRequest[] => [{ agent: "x", energyKWh: Number.NaN, powerKW: 0 }];
    expect(() => clearStackelbergRound(demandRound(BIG, demand, [], NO_BIDS), stackelbergParams.parse({ ceilingE: 1, ceilingP: 1 }))).toThrow(/stackelberg: tenant x/);
  });
});

describe("the check can fail", () => {
  it("reports checked: false, a positive gap and the better pair, for a result moved off the optimum", () => {
    // Linear demand as above: the optimum (1, 2) earns 90; (0.5, 1) earns 0.5 × 75 + 1 × 30 = 67.5.
    const demand = (p: RentalPrices): RentalRequest[] => [{ agent: "dc", energyKWh: Math.max(0, 100 - 50 * p.cE), powerKW: Math.max(0, 40 - 10 * p.cP) }];
    const round = demandRound(BIG, demand, [], NO_BIDS);
    const prober = createProber(round, "stackelberg");
    const box: SearchBox = { low: BIG.reserve, high: { cE: 2.5, cP: 5 } };
    const params = { epsilon: 1e-6, gridPoints: 8, localPoints: 7, localSpan: 0.05 };
    const off = prober.probe({ cE: 0.5, cP: 1 });
    expect(off.revenue).toBeCloseTo(67.5, 12);
    const failed = checkLeaderResult(prober, box, off, params);
    expect(failed.checked).toBe(false);
    expect(failed.gap).toBeGreaterThan(0.1);
    expect(failed.best!.revenue).toBeGreaterThan(off.revenue);
    expect(failed.gap).toBeCloseTo((failed.best!.revenue - off.revenue) / failed.best!.revenue, 12);
    // The optimum itself passes the same check (the grids earn no more than 90 anywhere).
    const optimum = prober.probe({ cE: 1, cP: 2 });
    const passed = checkLeaderResult(prober, box, optimum, params);
    expect(passed.checked).toBe(true);
    expect(passed.gap).toBe(0);
  });

  it("fails a whole clearing whose search is too coarse to find the optimum", () => {
    // A narrow peak: E = 10 only for 1.00 ≤ cE ≤ 1.05, 1 kWh below 0.2, else nothing. The search is
    // cut down to a 2 × 2 grid (no starts, no pushes) and settles on the reserve (revenue 0.1);
    // the check's local grid around it finds 0.195 at most, but its box grid of 101 × 101 has
    // points inside the peak, the best at cE = 0.1 + 1.9 × 50.5 / 101 = 1.05 (revenue 10.5).
    const demand = (p: RentalPrices): RentalRequest[] => [{ agent: "a", energyKWh: p.cE >= 1 && p.cE <= 1.05 ? 10 : p.cE <= 0.2 ? 1 : 0, powerKW: 0 }];
    const params = stackelbergParams.parse({ ceilingE: 2, ceilingP: 1, gridPoints: 2, starts: 0, pushRounds: 0, checkGridPoints: 101 });
    const c = clearStackelbergRound(demandRound(BIG, demand, [], NO_BIDS), params);
    expect(c.meta.checked).toBe(false);
    const check = c.meta.check as CheckResult;
    expect(c.meta.revenue).toBeCloseTo(0.1, 12);
    expect(check.gap).toBeGreaterThan(0.99);
    expect(check.best!.source).toBe("grid");
    expect(check.best!.cE).toBeCloseTo(0.1 + (1.9 * 50.5) / 101, 12);
    expect(check.best!.revenue).toBeCloseTo(10.5, 9);
  });
});

/**
 * Tiny LP followers whose best responses have a closed form. A needs 2 kWh per kW (a two-hour
 * battery) for up to 5 kW of service worth 3 per kW; B one kWh per kW, up to 4 kW worth 2:
 *   A:  min −3 s + cE·E + cP·P  s.t. 2s ≤ E, s ≤ P, 0 ≤ s ≤ 5  → serves iff 2 cE + cP ≤ 3,
 *   B:  min −2 s + cE·E + cP·P  s.t.  s ≤ E, s ≤ P, 0 ≤ s ≤ 4  → serves iff cE + cP ≤ 2.
 */
function tinyFollower(agent: string, kWhPerKW: number, maxKW: number, value: number): FollowerLp {
  const lp: LinearProgram = {
    sense: "minimize",
    variables: [
      { name: "s", lower: 0, upper: maxKW },
      { name: "cap_energy", lower: 0, upper: 1000 },
      { name: "cap_power", lower: 0, upper: 1000 },
    ],
    objective: [
      { variable: "s", coefficient: -value },
      { variable: "cap_energy", coefficient: 0 },
      { variable: "cap_power", coefficient: 0 },
    ],
    constraints: [
      { name: "need_energy", terms: [{ variable: "s", coefficient: kWhPerKW }, { variable: "cap_energy", coefficient: -1 }], sense: "<=", rhs: 0 },
      { name: "need_power", terms: [{ variable: "s", coefficient: 1 }, { variable: "cap_power", coefficient: -1 }], sense: "<=", rhs: 0 },
    ],
  };
  return { agent, lp, energy: "cap_energy", power: "cap_power" };
}

const TINY = [tinyFollower("a", 2, 5, 3), tinyFollower("b", 1, 4, 2)];

/** A round of LP followers answering by cold LP solves of their own programmes. */
function lpRound(offer: RentalOffer, followers: readonly FollowerLp[], withLps = true): RentalRound {
  const respond = (prices: RentalPrices): RentalRequest[] =>
    followers.map((f) => {
      const priced = { ...f.lp, objective: [...f.lp.objective, { variable: f.energy, coefficient: prices.cE }, { variable: f.power, coefficient: prices.cP }] };
      const values = solveLp(priced).values;
      return { agent: f.agent, energyKWh: Math.max(0, values.get(f.energy)!), powerKW: Math.max(0, values.get(f.power)!) };
    });
  return {
    period: 0,
    offer,
    tenants: followers.map((f) => f.agent),
    respond,
    bids: () => [],
    coalition: () => {
      throw new Error("no coalitions");
    },
    ...(withLps ? { followerLps: () => followers } : {}),
  };
}

/**
 * The optimistic revenue of the tiny followers at c (ties served), rationed at the offer, or −1
 * where rationing is forbidden and their demand does not fit: the brute-force scan's function.
 */
function tinyRevenue(offer: RentalOffer, c: RentalPrices, rationing: StackelbergRationing): number {
  const a = 2 * c.cE + c.cP <= 3 + 1e-12;
  const b = c.cE + c.cP <= 2 + 1e-12;
  const energy = (a ? 10 : 0) + (b ? 4 : 0);
  const power = (a ? 5 : 0) + (b ? 4 : 0);
  if (rationing === "forbidden" && (energy > offer.energyKWh || power > offer.powerKW)) return -1;
  return c.cE * Math.min(offer.energyKWh, energy) + c.cP * Math.min(offer.powerKW, power);
}

/** The best of a 2-D scan on a 0.01 grid over [0, 3]² (which contains every breakpoint corner of the tiny case). */
function bruteForce(offer: RentalOffer, rationing: StackelbergRationing): { revenue: number; prices: RentalPrices } {
  let best = { revenue: -1, prices: { cE: 0, cP: 0 } };
  for (let i = 0; i <= 300; i++) {
    for (let j = 0; j <= 300; j++) {
      const prices = { cE: i / 100, cP: j / 100 };
      const revenue = tinyRevenue(offer, prices, rationing);
      if (revenue > best.revenue + 1e-12) best = { revenue, prices };
    }
  }
  return best;
}

describe("stackelberg with LP followers: exact where small enough", () => {
  beforeAll(() => loadLpSolver());
  const FREE: RentalOffer = { provider: "siess", energyKWh: 1000, powerKW: 1000, reserve: { cE: 0, cP: 0 } };
  // Energy scarce: 12 kWh for 14 wanted when both serve, so pricing both in rations energy.
  const SCARCE: RentalOffer = { ...FREE, energyKWh: 12 };

  // Ample: both served at the corner (1, 1): 5 × 3 + 4 × 2 = 23. Scarce, rationed: cE·12 + cP·9
  // with 2cE + cP ≤ 3 and cE + cP ≤ 2 peaks at (1, 1) too: 12 + 9 = 21. Scarce, rationing
  // forbidden: both together do not fit, so one alone: a (10 kWh, 5 kW) earns 5·(2cE + cP) ≤ 15,
  // b at most 8; the lowest c_E on a's edge 2cE + cP = 3 with b out is (0, 3).
  for (const [name, offer, rationing, expected] of [
    ["ample capacity", FREE, "forbidden", 23],
    ["scarce energy, rationed (pro-rata)", SCARCE, "pro-rata", 21],
    ["scarce energy, rationing forbidden", SCARCE, "forbidden", 15],
  ] as const) {
    it(`matches a brute-force 2-D scan to 1e-6: ${name}`, () => {
      const scan = bruteForce(offer, rationing);
      expect(scan.revenue).toBeCloseTo(expected, 12);
      const exact = clearStackelbergRound(lpRound(offer, TINY), stackelbergParams.parse({ rationing }));
      expect(exact.meta.method).toBe("exact");
      const record = exact.meta.exact as ExactRecord;
      expect(Math.abs(record.supremum - scan.revenue)).toBeLessThanOrEqual(1e-6);
      expect(record.vertex.cE).toBeCloseTo(scan.prices.cE, 9);
      expect(record.vertex.cP).toBeCloseTo(scan.prices.cP, 9);
      // The tenants are indifferent at the corner; the leader's price just inside the cell earns within 1e-6.
      expect(Math.abs((exact.meta.revenue as number) - scan.revenue)).toBeLessThanOrEqual(1e-6 * scan.revenue);
      expect(record.boxCertified).toBe(true);
      expect(record.certified).toBe(true);
      expect(exact.meta.checked).toBe(true);
      // The global search, told not to use the LPs, finds it too.
      const search = clearStackelbergRound(lpRound(offer, TINY), stackelbergParams.parse({ exact: false, rationing }));
      expect(search.meta.method).toBe("search");
      expect(Math.abs((search.meta.revenue as number) - scan.revenue)).toBeLessThanOrEqual(1e-6 * scan.revenue);
      expect(search.meta.checked).toBe(true);
      // For LP followers the search reports an upper bound; it holds.
      const bound = (search.meta.search as { upperBound: number }).upperBound;
      expect(bound).toBeGreaterThanOrEqual(scan.revenue - 1e-9);
    });
  }

  it("falls back to the search when a follower has no LP, or the LPs exceed the size limit", () => {
    const noLps = clearStackelbergRound(lpRound(FREE, TINY, false), stackelbergParams.parse({}));
    expect(noLps.meta.method).toBe("search");
    expect((noLps.meta.search as { whyNotExact: string }).whyNotExact).toMatch(/not an LP/);
    expect((noLps.meta.search as { upperBound: number | null }).upperBound).toBeNull();
    const tooBig = clearStackelbergRound(lpRound(FREE, TINY), stackelbergParams.parse({ exactMaxRows: 3 }));
    expect(tooBig.meta.method).toBe("search");
    expect((tooBig.meta.search as { whyNotExact: string }).whyNotExact).toMatch(/4 follower LP rows > exactMaxRows 3/);
    // A ceiling at the reserve leaves a box without width: a line the search covers.
    const line = clearStackelbergRound(lpRound({ ...FREE, reserve: { cE: 0.5, cP: 0 } }, TINY), stackelbergParams.parse({ ceilingE: 0.5 }));
    expect(line.meta.method).toBe("search");
    expect((line.meta.search as { whyNotExact: string }).whyNotExact).toMatch(/no width/);
    expect(line.prices!.cE).toBe(0.5);
    // At cE = 0.5 both serve while 1 + cP ≤ 3 and 0.5 + cP ≤ 2: cP = 1.5 earns 5 × 2.5 + 4 × 2 = 20.5.
    expect(line.meta.revenue as number).toBeCloseTo(20.5, 5);
  });

  it("is deterministic: the same round gives the same queries and result", () => {
    const first = clearStackelbergRound(lpRound(SCARCE, TINY), stackelbergParams.parse({}));
    const second = clearStackelbergRound(lpRound(SCARCE, TINY), stackelbergParams.parse({}));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { clearUniformRentalBook, createUniformRental } from "../../src/market/rental/uniform.js";
import { clearPayAsBidRentalBook } from "../../src/market/rental/pay-as-bid.js";
import { clearVcgRentalBook } from "../../src/market/rental/vcg.js";
import { blocksToBundles, pruneBundles, tenantBundles } from "../../src/market/rental/bundles.js";
import { determineWinners } from "../../src/market/rental/winner-determination.js";
import { totalRegret, uniformBundlePrices } from "../../src/market/rental/bundle-prices.js";
import { ledgerViolations } from "../../src/market/ledger.js";
import type { RentalBid, RentalBook, RentalOffer, RentalRound } from "../../src/market/types.js";
import { ctx, revenueOf, rows } from "./rental-books.js";

/**
 * The joint (bundle) rental mechanisms on books worked by hand (MODEL.md §4): winner
 * determination, uniform's least-regret prices, pay-as-bid and Clarke payments.
 */

beforeAll(() => loadLpSolver());

const OFFER: RentalOffer = { provider: "siess", energyKWh: 100, powerKW: 40, reserve: { cE: 0.1, cP: 0.5 } };

/**
 * Two tenants, two bundles each. Surplus at the reserve (value − 0.1·E − 0.5·P):
 *   a: (60 kWh, 20 kW) worth 30 → 14;   (40, 10) worth 20 → 11
 *   b: (50, 25) worth 28 → 10.5;         (30, 15) worth 18.5 → 8
 * Both best bundles need 110 kWh > 100. Feasible pairs: a1 + b2 (90 kWh, 35 kW) → 22;
 * a2 + b1 (90, 35) → 21.5; a2 + b2 → 19; alone a1 → 14. Winners: a (60, 20) and b (30, 15), W = 22.
 */
const TWO: RentalBook = {
  offer: OFFER,
  bids: [
    { agent: "a", energy: [], power: [], bundles: [[60, 20, 30], [40, 10, 20]] },
    { agent: "b", energy: [], power: [], bundles: [[50, 25, 28], [30, 15, 18.5]] },
  ],
};

/**
 * Three one-bundle tenants; capacity fits a + b exactly (100 kWh, 40 kW). Surplus: a 14, b 11,
 * c (50, 20) worth 20 → 5. a + b = 25 beats b + c = 16 (a + c needs 110 kWh).
 */
const THREE: RentalBook = {
  offer: OFFER,
  bids: [
    { agent: "a", energy: [], power: [], bundles: [[60, 20, 30]] },
    { agent: "b", energy: [], power: [], bundles: [[40, 20, 25]] },
    { agent: "c", energy: [], power: [], bundles: [[50, 20, 20]] },
  ],
};

describe("joint rental clearing (bundle bids), golden", () => {
  it("uniform: winners by the MILP, least-regret prices within the winners' values (two tenants)", () => {
    // Regret at prices c: b prefers (50, 25) to its (30, 15) while 20·cE + 10·cP < 9.5, and
    // 10 kWh and 5 kW go unsold. Total regret (tenants + provider) is
    //   6 − 10·cE − 5·cP             for 20·cE + 10·cP ≤ 9.5 (b envies its bigger bundle),
    //   10·(cE − 0.1) + 5·(cP − 0.5)  above (only the provider's, on what is unsold),
    // least (1.25) on the line 20·cE + 10·cP = 9.5. No Walrasian prices exist: the LP
    // relaxation takes half of each of b's bundles, 23.25 > 22, and 23.25 − 22 = 1.25 is the regret.
    // Least cE on the line: the reserve 0.1, then cP = (9.5 − 2)/10 = 0.75.
    // IR: a pays 60·0.1 + 20·0.75 = 21 ≤ 30; b pays 30·0.1 + 15·0.75 = 14.25 ≤ 18.5.
    const c = clearUniformRentalBook(TWO);
    expect(c.mechanism).toBe("uniform");
    expect(c.prices!.cE).toBeCloseTo(0.1, 9);
    expect(c.prices!.cP).toBeCloseTo(0.75, 9);
    expect(rows(c, 6)).toEqual([
      ["a", 60, 20, 21],
      ["b", 30, 15, 14.25],
    ]);
    expect(revenueOf(c)).toBeCloseTo(35.25, 6);
    // One relaxation (fractional: half of each of b's bundles), one MILP, three pricing LPs.
    expect(c.meta).toMatchObject({ soldEnergyKWh: 90, soldPowerKW: 35, joint: { bidders: 2, bundles: 4, capacityBinds: true, milpSolves: 1, lpSolves: 4 } });
    const joint = c.meta.joint as { declaredSurplus: number; regret: number };
    expect(joint.declaredSurplus).toBeCloseTo(22, 9);
    expect(joint.regret).toBeCloseTo(1.25, 6);
    expect(ledgerViolations(c.payments)).toEqual([]);
  });

  it("uniform: Walrasian prices when they exist (three tenants, capacity exactly used)", () => {
    // a + b use all 100 kWh and 40 kW. Walrasian: c must not want (50, 20) at c, 50·cE + 20·cP ≥ 20,
    // and a, b must want theirs (IR). Least cE = 0.1, then cP ≥ (20 − 5)/20 = 0.75.
    // a pays 6 + 15 = 21, b pays 4 + 15 = 19; regret 0 (everything sold, nobody envies).
    const c = clearUniformRentalBook(THREE);
    expect(c.prices!.cE).toBeCloseTo(0.1, 9);
    expect(c.prices!.cP).toBeCloseTo(0.75, 9);
    expect(rows(c, 6)).toEqual([
      ["a", 60, 20, 21],
      ["b", 40, 20, 19],
    ]);
    expect((c.meta.joint as { regret: number }).regret).toBeCloseTo(0, 6);
  });

  it("pay-as-bid: the same winners, each paying its bundle's value", () => {
    // a 30, b 18.5; revenue 48.5 ≥ uniform's 35.25.
    const c = clearPayAsBidRentalBook(TWO);
    expect(c.prices).toBeNull();
    expect(rows(c, 9)).toEqual([
      ["a", 60, 20, 30],
      ["b", 30, 15, 18.5],
    ]);
    expect(c.meta.uniformPrices).toBeDefined();
    expect((c.meta.uniformPrices as { cP: number }).cP).toBeCloseTo(0.75, 9);
  });

  it("vcg: Clarke payments by re-solving without each winner", () => {
    // a absent: b's best bundle (50, 25) fits alone → W₋a(absent) = 10.5; W₋a(present) = 8.
    //   a pays 0.1·60 + 0.5·20 + 10.5 − 8 = 18.5  (= 30 − (22 − 10.5)).
    // b absent: a keeps (60, 20) → W₋b(absent) = 14 = W₋b(present): b pays its reserve cost 3 + 7.5 = 10.5.
    // Revenue 29; uniform's 35.25 → shortfall 6.25.
    const c = clearVcgRentalBook(TWO);
    expect(rows(c, 9)).toEqual([
      ["a", 60, 20, 18.5],
      ["b", 30, 15, 10.5],
    ]);
    expect(c.meta.revenue as number).toBeCloseTo(29, 9);
    expect(c.meta.uniformRevenue as number).toBeCloseTo(35.25, 6);
    expect(c.meta.revenueShortfall as number).toBeCloseTo(6.25, 6);
    // Both pivots are solved without a MILP: the others' best bundles fit on their own.
    expect((c.meta.joint as { milpSolves: number }).milpSolves).toBe(1);
    // Three tenants: a absent → b + c (90, 40) = 16, a pays 30 − (25 − 16) = 21; b absent → a alone 14, b pays 25 − 11 = 14.
    expect(rows(clearVcgRentalBook(THREE), 9)).toEqual([
      ["a", 60, 20, 21],
      ["b", 40, 20, 14],
    ]);
  });

  it("charges the reserve when no capacity binds, solving nothing", () => {
    const roomy = { ...TWO, offer: { ...OFFER, energyKWh: 200, powerKW: 100 } };
    // Each takes its best bundle: a (60, 20), b (50, 25).
    for (const clear of [clearUniformRentalBook, clearVcgRentalBook]) {
      const c = clear(roomy);
      expect(rows(c, 9)).toEqual([
        ["a", 60, 20, 16],
        ["b", 50, 25, 17.5],
      ]);
      expect(c.meta.joint).toMatchObject({ capacityBinds: false, milpSolves: 0, lpSolves: 0 });
    }
    expect(clearUniformRentalBook(roomy).prices).toEqual(OFFER.reserve);
  });

  it("breaks ties between tenants by agent id", () => {
    // Identical bundles, room for one: the lower id wins, whatever the listed order.
    const bundle = { energy: [], power: [], bundles: [[80, 30, 40]] as [number, number, number][] };
    const book: RentalBook = { offer: OFFER, bids: [{ agent: "z", ...bundle }, { agent: "m", ...bundle }] };
    for (const clear of [clearUniformRentalBook, clearPayAsBidRentalBook, clearVcgRentalBook]) expect(clear(book).contracts.map((x) => x.tenant)).toEqual(["m"]);
    // VCG: m's pivot is z's surplus 40 − 8 − 15 = 17, so m pays all 40; uniform's price keeps z out: 80·cE + 30·cP ≥ 40.
    expect(rows(clearVcgRentalBook(book), 9)).toEqual([["m", 80, 30, 40]]);
    const u = clearUniformRentalBook(book);
    expect(80 * u.prices!.cE + 30 * u.prices!.cP).toBeCloseTo(40, 6);
  });

  it("a block bid in a book with bundles becomes bundles of its block prefixes", () => {
    // d's blocks: energy [30 @ 0.5, 20 @ 0.2], power [10 @ 1]: prefixes (0 | 30 | 50 kWh) × (0 | 10 kW).
    expect(blocksToBundles([[30, 0.5], [20, 0.2]], [[10, 1]])).toEqual([
      [0, 10, 10],
      [30, 0, 15],
      [30, 10, 25],
      [50, 0, 19],
      [50, 10, 29],
    ]);
    const book: RentalBook = { offer: { ...OFFER, energyKWh: 200, powerKW: 100 }, bids: [...TWO.bids, { agent: "d", energy: [[30, 0.5], [20, 0.2]], power: [[10, 1]] }] };
    // Nothing binds: d takes its best, (50, 10) → surplus 29 − 5 − 5 = 19 (vs (30, 10): 25 − 3 − 5 = 17).
    const c = clearPayAsBidRentalBook(book);
    expect(rows(c, 9).find((r) => r[0] === "d")).toEqual(["d", 50, 10, 29]);
  });

  it("prunes empty, loss-making, oversized, duplicated and dominated bundles", () => {
    const kept = pruneBundles(
      [
        [0, 0, 5], // no capacity
        [10, 2, 1], // surplus 1 − 1 − 1 < 0
        [120, 5, 100], // more energy than offered
        [20, 5, 10], // kept
        [20, 5, 10], // duplicate
        [25, 6, 9], // dominated by (20, 5, 10)
        [30, 5, 12], // kept: more energy, more value
      ],
      OFFER,
    );
    expect(kept).toEqual([
      [20, 5, 10],
      [30, 5, 12],
    ]);
  });

  it("the regret of uniform's prices is zero at Walrasian prices and matches the programme's report", () => {
    const tenants = tenantBundles(TWO.bids, OFFER);
    const allocation = determineWinners(tenants, OFFER);
    expect(allocation.winners.map((w) => [w.agent, w.index])).toEqual([
      ["a", 0],
      ["b", 1],
    ]);
    const priced = uniformBundlePrices(tenants, OFFER, allocation);
    expect(priced.regret).toBeCloseTo(1.25, 6);
    // At the reserve, b envies its bigger bundle by 2.5 and nothing is priced above the reserve.
    expect(totalRegret(tenants, OFFER, allocation, OFFER.reserve)).toBeCloseTo(2.5, 9);
  });

  it("inside a simulation clears the round's bundles, not its block bids", () => {
    const calls = { bids: 0, bundles: 0 };
    const round: RentalRound = {
      period: 0,
      offer: OFFER,
      tenants: ["a", "b"],
      respond: () => {
        throw new Error("joint mechanisms ask for bundles");
      },
      bids: () => {
        calls.bids++;
        return [];
      },
      bundles: () => {
        calls.bundles++;
        return TWO.bids as RentalBid[];
      },
      coalition: () => {
        throw new Error("no coalitions");
      },
    };
    expect(createUniformRental().clear(round, ctx())).toEqual(clearUniformRentalBook(TWO));
    expect(calls).toEqual({ bids: 0, bundles: 1 });
  });
});

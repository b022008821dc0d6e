import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { BUNDLE_GRID_POINTS, CLEARING_BISECTIONS, CLEARING_ROUNDS, revealedBundles, type BundleQuery, type QueryCaps } from "../../src/sim/revealed-bundles.js";
import { revealedBids } from "../../src/sim/revealed-bids.js";
import { clearPayAsBidRentalBook } from "../../src/market/rental/pay-as-bid.js";
import { clearUniformRentalBook } from "../../src/market/rental/uniform.js";
import type { RentalOffer, RentalPrices, RentalRequest } from "../../src/market/types.js";

/**
 * Bundle revelation from best responses (sim/revealed-bundles.ts), with tenants whose values
 * are known in closed form, and the case the joint rules exist for: a tenant that values
 * energy and power only together.
 */

beforeAll(() => loadLpSolver());

/**
 * A tenant that needs (E₀, P₀) together, worth V a period (Leontief: half the power is worth
 * nothing extra); without storage its period costs C₀. At prices p it rents (E₀, P₀) iff
 * V ≥ c_E·E₀ + c_P·P₀ (within its caps), else nothing; it expects C₀ − V + rent when renting.
 */
interface Leontief {
  readonly id: string;
  readonly energyKWh: number;
  readonly powerKW: number;
  readonly value: number;
  readonly costWithout: number;
}

function answer(t: Leontief, prices: RentalPrices, cap?: { energyKWh: number; powerKW: number }): RentalRequest {
  const fits = !cap || (cap.energyKWh >= t.energyKWh && cap.powerKW >= t.powerKW);
  const rent = prices.cE * t.energyKWh + prices.cP * t.powerKW;
  if (fits && t.value >= rent) return { agent: t.id, energyKWh: t.energyKWh, powerKW: t.powerKW, expectedCost: t.costWithout - t.value + rent };
  return { agent: t.id, energyKWh: 0, powerKW: 0, expectedCost: t.costWithout };
}

/** Every tenant's answer, and a log of the queries asked. */
function market(tenants: readonly Leontief[]) {
  const log: { prices: RentalPrices; query: BundleQuery }[] = [];
  const ask = (prices: RentalPrices, caps: QueryCaps | null, query: BundleQuery) => {
    log.push({ prices, query });
    return tenants.map((t) => answer(t, prices, caps?.get(t.id)));
  };
  const respond = (prices: RentalPrices) => tenants.map((t) => answer(t, prices));
  return { ask, respond, log };
}

const RESERVE: RentalPrices = { cE: 0.1, cP: 0.5 };
const CEILING: RentalPrices = { cE: 2, cP: 10 };
const A: Leontief = { id: "a", energyKWh: 40, powerKW: 10, value: 30, costWithout: 100 };
const B: Leontief = { id: "b", energyKWh: 40, powerKW: 10, value: 24, costWithout: 80 };

describe("bundle revelation from best responses", () => {
  it("values each answer at C₀ − (C(p) − rent(p)) and asks no-storage first, then the grid", () => {
    const { ask, log } = market([A]);
    const offer = { energyKWh: 100, powerKW: 40 };
    const bids = revealedBundles(["a"], offer, RESERVE, CEILING, BUNDLE_GRID_POINTS, ask);
    // Whatever the price it rents at, the bundle is (40, 10) worth exactly 30.
    expect(bids).toEqual([{ agent: "a", energy: [], power: [], bundles: [[40, 10, 30]] }]);
    expect(log[0]).toEqual({ prices: RESERVE, query: "no-storage" });
    // The offer fits what it asks at the reserve: no clearing search, no rationed query.
    expect(log).toHaveLength(1 + BUNDLE_GRID_POINTS ** 2);
    expect(log.slice(1).every((q) => q.query === "price")).toBe(true);
  });

  it("searches for clearing prices and asks rationed answers when the offer is short, within the documented budget", () => {
    const { ask, log } = market([A, B]);
    // Room for one of them: 60 kWh, 15 kW.
    const bids = revealedBundles(["a", "b"], { energyKWh: 60, powerKW: 15 }, RESERVE, CEILING, BUNDLE_GRID_POINTS, ask);
    expect(bids.map((b) => b.bundles)).toEqual([[[40, 10, 30]], [[40, 10, 24]]]);
    expect(log.length).toBeGreaterThan(1 + BUNDLE_GRID_POINTS ** 2);
    expect(log.length).toBeLessThanOrEqual(1 + BUNDLE_GRID_POINTS ** 2 + 2 * CLEARING_ROUNDS * (1 + CLEARING_BISECTIONS) + 2);
    // A pro-rata share (30 kWh, 7.5 kW each) is worth nothing to a Leontief tenant: the rationed answer is no bundle.
    expect(log.filter((q) => q.query === "rationed").length).toBeGreaterThanOrEqual(1);
    // One of them at the reserve: what posted there would allocate.
    expect(log.some((q) => q.query === "rationed" && q.prices.cE === RESERVE.cE && q.prices.cP === RESERVE.cP)).toBe(true);
    // No price pair is asked twice.
    const keys = log.filter((q) => q.query === "price").map((q) => `${q.prices.cE}|${q.prices.cP}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("separate clearing of ladder-revealed blocks breaks IR for complements; joint clearing of bundles does not", () => {
    // The blocks of today's ladders (sim/revealed-bids.ts): energy with power at its reserve,
    // power with energy at its reserve. a's energy block carries the value of the pair (worth
    // up to (30 − 0.5·10)/40 = 0.625 a kWh) and so does its power block ((30 − 0.1·40)/10 = 2.6 a kW).
    const offer: RentalOffer = { provider: "siess", energyKWh: 100, powerKW: 40, reserve: RESERVE };
    const { ask, respond } = market([A]);
    const blocks = revealedBids(["a"], RESERVE, CEILING, 10, respond);
    const separate = clearPayAsBidRentalBook({ offer, bids: blocks }).contracts[0]!;
    expect([separate.energyKWh, separate.powerKW]).toEqual([40, 10]);
    // Pay-as-bid charges both blocks' values: more than the pair is worth to a.
    expect(separate.payment).toBeGreaterThan(A.value);
    const bundles = revealedBundles(["a"], offer, RESERVE, CEILING, BUNDLE_GRID_POINTS, ask);
    const joint = clearPayAsBidRentalBook({ offer, bids: bundles }).contracts[0]!;
    expect([joint.energyKWh, joint.powerKW, joint.payment]).toEqual([40, 10, 30]);
    // Two such tenants and room for one: separate uniform may split the pair between them or
    // charge the winner the loser's inflated block values; joint uniform serves a alone within its value.
    const both = market([A, B]);
    const short = { ...offer, energyKWh: 60, powerKW: 15 };
    const sep = clearUniformRentalBook({ offer: short, bids: revealedBids(["a", "b"], RESERVE, CEILING, 10, both.respond) });
    const valueOfHolding = (id: string, e: number, p: number) => {
      const t = id === "a" ? A : B;
      return e >= t.energyKWh - 1e-9 && p >= t.powerKW - 1e-9 ? t.value : 0;
    };
    expect(sep.contracts.some((c) => c.payment > valueOfHolding(c.tenant, c.energyKWh, c.powerKW) + 1e-9)).toBe(true);
    const jointShort = clearUniformRentalBook({ offer: short, bids: revealedBundles(["a", "b"], short, RESERVE, CEILING, BUNDLE_GRID_POINTS, both.ask) });
    expect(jointShort.contracts.map((c) => [c.tenant, c.energyKWh, c.powerKW])).toEqual([["a", 40, 10]]);
    for (const c of jointShort.contracts) expect(c.payment).toBeLessThanOrEqual(valueOfHolding(c.tenant, c.energyKWh, c.powerKW) + 1e-9);
    // And b is kept out: at the prices, its bundle costs at least its value 24.
    expect(40 * jointShort.prices!.cE + 10 * jointShort.prices!.cP).toBeGreaterThanOrEqual(24 - 1e-6);
  });
});

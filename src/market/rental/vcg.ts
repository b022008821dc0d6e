/**
 * vcg — Vickrey–Clarke–Groves rental (MODEL.md §4), on bundle bids jointly or on block bids per
 * resource. The provider takes part as a bidder worth the reserve per unit. There is no single
 * price (`prices` is null). `meta` reports the provider's revenue shortfall against uniform
 * (uniform's revenue on the same book minus this one's).
 *
 * Bundle bids (a book where some bid gives bundles, and every round inside a simulation): the
 * allocation of uniform (winner-determination.ts, ties to the lower agent id). Winner i, with
 * bundle b_i worth v_i, pays
 *
 *   c^r·b_i + W₋ᵢ(i absent) − W₋ᵢ(i present) = v_i − (W − W₋ᵢ(i absent)),
 *
 * where W is the allocation's declared surplus Σ (value − reserve cost), W₋ᵢ(i present) = W
 * minus i's surplus, and W₋ᵢ(i absent) the optimum of the programme re-solved without i (the
 * Clarke pivot: the same programme without i — an LP relaxation and, unless that settles it,
 * a reduced MILP per winner; nothing when the others' best bundles fit without it).
 * The payment is clipped to [c^r·b_i, v_i], which binds only within the tie tolerance of
 * winner-determination.ts. Block bids in such a book become bundles (bundles.ts).
 *
 * Block bids only: uniform's per-resource allocation (block-allocation.ts: by value, ties by
 * agent id then block order, while value ≥ reserve and capacity remains, the last block
 * possibly partly filled). Per resource, with reserve r, tenant i pays
 * r × (its units) + W₋ᵢ(i absent) − W₋ᵢ(i present), W₋ᵢ = Σ (value − r) × quantity over the
 * other tenants' accepted blocks, "i absent" re-running the allocation without i's bid.
 *
 * Properties:
 * - individually rational: yes — the allocation maximises declared surplus, so
 *   W₋ᵢ(absent) ≤ W and a truthful tenant pays at most its value (bundles: clipped to it).
 * - budget balance: strong — tenants pay the provider directly (payments are ≥ the reserve cost).
 * - truthful: yes — bundles: the MILP is solved to a proved optimum, so each tenant's utility
 *   is the true total surplus minus a term it cannot affect (up to the tie tolerance η of
 *   winner-determination.ts); blocks: the greedy allocation is optimal for non-increasing
 *   (concave) blocks. Inside a simulation the bundles are revealed from best responses, so
 *   truthfulness holds for the grid of bundles revealed.
 * - efficient: yes, in declared surplus (which equals true surplus under truthful bidding);
 *   inside a simulation up to the bundle grid.
 */
import { z } from "zod";
import type { MechanismProperties, RentalBook, RentalClearing, RentalMechanism, RentalOffer } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { allocateResource, assembleClearing, bidders, declaredSurplus, type RentalResource } from "./block-allocation.js";
import { hasBundles, tenantBundles } from "./bundles.js";
import { determineWinners, surplusWithout } from "./winner-determination.js";
import { uniformBundlePrices } from "./bundle-prices.js";
import { jointMeta, winnerOutcomes } from "./joint-outcome.js";

/** Registry name of VCG rental. */
export const VCG_RENTAL = "vcg";

/** The properties VCG rental claims (see the file header). */
export const vcgRentalProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: true,
  efficient: true,
};

/** VCG rental takes no parameters. */
export const vcgRentalParams = z.strictObject({});

/** Per tenant, units won and Clarke payment for one resource. */
function clarke(book: RentalBook, resource: RentalResource, tenants: readonly string[]) {
  const capacity = resource === "energy" ? book.offer.energyKWh : book.offer.powerKW;
  const reserve = resource === "energy" ? book.offer.reserve.cE : book.offer.reserve.cP;
  const present = allocateResource(book.bids, resource, capacity, reserve);
  const units = new Map<string, number>();
  const payment = new Map<string, number>();
  for (const i of tenants) {
    const q = present.byAgent.get(i) ?? 0;
    units.set(i, q);
    if (q === 0) {
      // Winning nothing displaces nobody: W₋ᵢ(absent) = W₋ᵢ(present).
      payment.set(i, 0);
      continue;
    }
    const absent = allocateResource(
      book.bids.filter((b) => b.agent !== i),
      resource,
      capacity,
      reserve,
    );
    const externality = declaredSurplus(absent.fills, reserve) - declaredSurplus(present.fills, reserve, i);
    // ≥ 0 in exact arithmetic (the allocation without i is optimal for the others); clamp float noise.
    payment.set(i, reserve * q + Math.max(0, externality));
  }
  return { present, units, payment };
}

/** Uniform's revenue on the same book: Σ max(reserve, best left out) × sold, per resource. */
function uniformRevenue(book: RentalBook, offer: RentalOffer): number {
  const e = allocateResource(book.bids, "energy", offer.energyKWh, offer.reserve.cE);
  const p = allocateResource(book.bids, "power", offer.powerKW, offer.reserve.cP);
  return e.price * e.quantity + p.price * p.quantity;
}

/** Clears a book: jointly when some bid gives bundles, else per resource (file header). */
export function clearVcgRentalBook(book: RentalBook): RentalClearing {
  return hasBundles(book.bids) ? clearVcgBundleBook(book) : clearVcgBlockBook(book);
}

/** Clears a book's bids as bundles (block bids converted): uniform's joint allocation with Clarke-pivot payments. */
export function clearVcgBundleBook(book: RentalBook): RentalClearing {
  const { offer } = book;
  const { reserve } = offer;
  const tenants = tenantBundles(book.bids, offer);
  const allocation = determineWinners(tenants, offer);
  let milpSolves = allocation.solves;
  let pivotLpSolves = 0;
  const outcomes = winnerOutcomes(allocation, (w) => {
    const absent = surplusWithout(tenants, offer, allocation, w.agent);
    milpSolves += absent.milpSolves;
    pivotLpSolves += absent.lpSolves;
    const [e, p, v] = w.bundle;
    return Math.min(v, Math.max(reserve.cE * e + reserve.cP * p, v - (allocation.surplus - absent.surplus)));
  });
  const revenue = outcomes.reduce((s, o) => s + o.payment, 0);
  const uniform = uniformBundlePrices(tenants, offer, allocation);
  const uniformRevenue = allocation.winners.reduce((s, w) => s + uniform.prices.cE * w.bundle[0] + uniform.prices.cP * w.bundle[1], 0);
  return assembleClearing(VCG_RENTAL, offer, null, outcomes, {
    ...jointMeta(tenants, allocation, { lpSolves: uniform.solves + pivotLpSolves, milpSolves }),
    revenue,
    uniformRevenue,
    revenueShortfall: uniformRevenue - revenue,
  });
}

/** Clears a block book by VCG with the reserve as the provider's value. */
export function clearVcgBlockBook(book: RentalBook): RentalClearing {
  const { offer } = book;
  const tenants = bidders(book.bids);
  const energy = clarke(book, "energy", tenants);
  const power = clarke(book, "power", tenants);
  const outcomes = tenants.map((tenant) => ({
    tenant,
    energyKWh: energy.units.get(tenant) ?? 0,
    powerKW: power.units.get(tenant) ?? 0,
    payment: (energy.payment.get(tenant) ?? 0) + (power.payment.get(tenant) ?? 0),
  }));
  const revenue = outcomes.reduce((s, o) => s + o.payment, 0);
  const uniform = uniformRevenue(book, offer);
  return assembleClearing(VCG_RENTAL, offer, null, outcomes, {
    soldEnergyKWh: energy.present.quantity,
    soldPowerKW: power.present.quantity,
    revenue,
    uniformRevenue: uniform,
    revenueShortfall: uniform - revenue,
  });
}

/** VCG rental: `clear(round)` clears the round's revealed bundles (its block bids where it has none). */
export function createVcgRental(): RentalMechanism {
  return {
    name: VCG_RENTAL,
    clearsBundles: true,
    clearBook: (book) => clearVcgRentalBook(book),
    clear: (round) => (round.bundles ? clearVcgBundleBook({ offer: round.offer, bids: round.bundles() }) : clearVcgRentalBook({ offer: round.offer, bids: round.bids() })),
  };
}

/** Registry entry for VCG rental. */
export const vcgRentalEntry = defineMechanism({
  name: VCG_RENTAL,
  kind: "rental",
  description: "Uniform's allocation (bundles jointly, blocks per resource) with Clarke-pivot payments (reserve as provider value); truthful.",
  properties: vcgRentalProperties,
  params: vcgRentalParams,
  create: () => createVcgRental(),
});

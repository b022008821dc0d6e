/**
 * vcg — Vickrey–Clarke–Groves rental on block bids (MODEL.md §4). The allocation is uniform's
 * (block-allocation.ts: by value, ties by agent id then block order, while value ≥ reserve and
 * capacity remains, the last block possibly partly filled). Per resource, with reserve r,
 * tenant i pays
 *
 *   r × (its units) + W₋ᵢ(i absent) − W₋ᵢ(i present),
 *
 * where W₋ᵢ = Σ (value − r) × quantity over the other tenants' accepted blocks, and
 * "i absent" re-runs the allocation without i's bid (the Clarke pivot). There is no single
 * price (`prices` is null). `meta` reports the provider's revenue shortfall against uniform
 * (uniform's revenue on the same book minus this one's; ≥ 0, since each unit's Clarke
 * payment is at most the uniform price).
 *
 * Properties:
 * - individually rational: yes — the allocation maximises declared surplus, so
 *   W₋ᵢ(absent) ≤ W(present) and a truthful tenant pays at most its value.
 * - budget balance: strong — tenants pay the provider directly (payments are ≥ 0).
 * - truthful: yes — the provider acts as a bidder worth r per unit, the greedy allocation is
 *   optimal for non-increasing (concave) blocks, and Clarke payments make each tenant's
 *   utility the true total surplus minus a term it cannot affect.
 * - efficient: yes, in declared surplus (which equals true surplus under truthful bidding).
 */
import { z } from "zod";
import type { MechanismProperties, RentalBook, RentalClearing, RentalMechanism, RentalOffer } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { allocateResource, assembleClearing, bidders, declaredSurplus, type RentalResource } from "./block-allocation.js";

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

/** Clears a block book by VCG with the reserve as the provider's value. */
export function clearVcgRentalBook(book: RentalBook): RentalClearing {
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

/** VCG rental: `clear(round)` clears the round's revealed block bids. */
export function createVcgRental(): RentalMechanism {
  return {
    name: VCG_RENTAL,
    clearBook: (book) => clearVcgRentalBook(book),
    clear: (round) => clearVcgRentalBook({ offer: round.offer, bids: round.bids() }),
  };
}

/** Registry entry for VCG rental. */
export const vcgRentalEntry = defineMechanism({
  name: VCG_RENTAL,
  kind: "rental",
  description: "Uniform's block allocation with Clarke-pivot payments (reserve as provider value); truthful.",
  properties: vcgRentalProperties,
  params: vcgRentalParams,
  create: () => createVcgRental(),
});

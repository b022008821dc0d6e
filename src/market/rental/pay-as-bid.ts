/**
 * pay-as-bid — discriminatory rental auction (MODEL.md §4), on bundle bids jointly or on block
 * bids per resource. There is no single price (`prices` is null).
 *
 * Bundle bids (a book where some bid gives bundles, and every round inside a simulation): the
 * allocation of uniform (winner-determination.ts: one bundle per tenant at most, within the
 * offer, maximising Σ (value − reserve cost), ties to the lower agent id); each winner pays its
 * bundle's value. Block bids in such a book become bundles (bundles.ts). `meta.uniformPrices`
 * are the prices uniform would charge for the same allocation (bundle-prices.ts), for comparison.
 *
 * Block bids only: uniform's per-resource allocation (block-allocation.ts: by value, ties by
 * agent id then block order, while value ≥ reserve and capacity remains, the last block possibly
 * partly filled); each accepted unit pays its own block's value.
 *
 * Properties:
 * - individually rational: yes — a tenant pays exactly what it declared for what it gets
 *   (zero surplus when truthful, which is why nobody bids truthfully); a winning bundle's value
 *   is at least its reserve cost, so the payment is at least the reserve.
 * - budget balance: strong — tenants pay the provider directly.
 * - truthful: no — shading every value towards what it takes to win pays less for the same capacity.
 * - efficient: yes, in declared surplus — the allocation of uniform (under shading, declared
 *   and true surplus differ); inside a simulation up to the bundle grid.
 */
import { z } from "zod";
import type { MechanismProperties, RentalBook, RentalClearing, RentalMechanism } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { allocateResource, assembleClearing, bidders, type ResourceAllocation } from "./block-allocation.js";
import { hasBundles, tenantBundles } from "./bundles.js";
import { determineWinners } from "./winner-determination.js";
import { uniformBundlePrices } from "./bundle-prices.js";
import { jointMeta, winnerOutcomes } from "./joint-outcome.js";

/** Registry name of the pay-as-bid rental auction. */
export const PAY_AS_BID_RENTAL = "pay-as-bid";

/** The properties pay-as-bid rental claims (see the file header). */
export const payAsBidRentalProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: false,
  efficient: true,
};

/** Pay-as-bid rental takes no parameters. */
export const payAsBidRentalParams = z.strictObject({});

function bidPayments(allocation: ResourceAllocation): Map<string, number> {
  const paid = new Map<string, number>();
  for (const f of allocation.fills) paid.set(f.agent, (paid.get(f.agent) ?? 0) + f.value * f.accepted);
  return paid;
}

/** Clears a book: jointly when some bid gives bundles, else per resource (file header). */
export function clearPayAsBidRentalBook(book: RentalBook): RentalClearing {
  return hasBundles(book.bids) ? clearPayAsBidBundleBook(book) : clearPayAsBidBlockBook(book);
}

/** Clears a book's bids as bundles (block bids converted): uniform's joint allocation, each winner paying its bundle's value. */
export function clearPayAsBidBundleBook(book: RentalBook): RentalClearing {
  const { offer } = book;
  const tenants = tenantBundles(book.bids, offer);
  const allocation = determineWinners(tenants, offer);
  // What uniform would have charged for the same allocation, for comparison.
  const uniform = uniformBundlePrices(tenants, offer, allocation);
  const outcomes = winnerOutcomes(allocation, (w) => w.bundle[2]);
  return assembleClearing(PAY_AS_BID_RENTAL, offer, null, outcomes, {
    ...jointMeta(tenants, allocation, { lpSolves: uniform.solves }),
    uniformPrices: uniform.prices,
  });
}

/** Clears a block book: uniform's allocation, each unit paying its own block's value. */
export function clearPayAsBidBlockBook(book: RentalBook): RentalClearing {
  const { offer } = book;
  const energy = allocateResource(book.bids, "energy", offer.energyKWh, offer.reserve.cE);
  const power = allocateResource(book.bids, "power", offer.powerKW, offer.reserve.cP);
  const paidE = bidPayments(energy);
  const paidP = bidPayments(power);
  const outcomes = bidders(book.bids).map((tenant) => ({
    tenant,
    energyKWh: energy.byAgent.get(tenant) ?? 0,
    powerKW: power.byAgent.get(tenant) ?? 0,
    payment: (paidE.get(tenant) ?? 0) + (paidP.get(tenant) ?? 0),
  }));
  return assembleClearing(PAY_AS_BID_RENTAL, offer, null, outcomes, {
    soldEnergyKWh: energy.quantity,
    soldPowerKW: power.quantity,
    // What uniform would have charged for the same allocation, for comparison.
    uniformPrices: { cE: energy.price, cP: power.price },
  });
}

/** Pay-as-bid rental: `clear(round)` clears the round's revealed bundles (its block bids where it has none). */
export function createPayAsBidRental(): RentalMechanism {
  return {
    name: PAY_AS_BID_RENTAL,
    clearsBundles: true,
    clearBook: (book) => clearPayAsBidRentalBook(book),
    clear: (round) => (round.bundles ? clearPayAsBidBundleBook({ offer: round.offer, bids: round.bundles() }) : clearPayAsBidRentalBook({ offer: round.offer, bids: round.bids() })),
  };
}

/** Registry entry for pay-as-bid rental. */
export const payAsBidRentalEntry = defineMechanism({
  name: PAY_AS_BID_RENTAL,
  kind: "rental",
  description: "Uniform's allocation (bundles jointly, blocks per resource); each winner pays its bundle's value, each accepted unit its block's.",
  properties: payAsBidRentalProperties,
  params: payAsBidRentalParams,
  create: () => createPayAsBidRental(),
});

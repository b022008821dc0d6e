/**
 * pay-as-bid — discriminatory rental auction on block bids (MODEL.md §4). The allocation is
 * uniform's (block-allocation.ts: by value, ties by agent id then block order, while value ≥
 * reserve and capacity remains, the last block possibly partly filled); each accepted unit
 * pays its own block's value. There is no single price (`prices` is null).
 *
 * Properties:
 * - individually rational: yes — a tenant pays exactly what it declared for what it gets
 *   (zero surplus when truthful, which is why nobody bids truthfully).
 * - budget balance: strong — tenants pay the provider directly.
 * - truthful: no — shading every block towards the clearing value pays less for the same units.
 * - efficient: yes, in declared surplus — the allocation of uniform (under shading, declared
 *   and true surplus differ).
 */
import { z } from "zod";
import type { MechanismProperties, RentalBook, RentalClearing, RentalMechanism } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { allocateResource, assembleClearing, bidders, type ResourceAllocation } from "./block-allocation.js";

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

/** Clears a block book: uniform's allocation, each unit paying its own block's value. */
export function clearPayAsBidRentalBook(book: RentalBook): RentalClearing {
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

/** Pay-as-bid rental: `clear(round)` clears the round's revealed block bids. */
export function createPayAsBidRental(): RentalMechanism {
  return {
    name: PAY_AS_BID_RENTAL,
    clearBook: (book) => clearPayAsBidRentalBook(book),
    clear: (round) => clearPayAsBidRentalBook({ offer: round.offer, bids: round.bids() }),
  };
}

/** Registry entry for pay-as-bid rental. */
export const payAsBidRentalEntry = defineMechanism({
  name: PAY_AS_BID_RENTAL,
  kind: "rental",
  description: "Uniform's block allocation; each accepted unit pays its own block's value.",
  properties: payAsBidRentalProperties,
  params: payAsBidRentalParams,
  create: () => createPayAsBidRental(),
});

/**
 * uniform — uniform-price rental auction on block bids (MODEL.md §4). Per resource (energy
 * capacity and power clear independently), blocks are accepted in order of value (highest
 * first; ties by agent id, then block order) while value ≥ the reserve and capacity remains;
 * the last accepted block may be partly filled. The price is the higher of the reserve and
 * the value of the best block (or block remainder) left out; every tenant pays it per unit.
 * Inside a simulation the blocks are the tenants' revealed bids (`round.bids()`).
 *
 * Properties:
 * - individually rational: yes — every accepted block is worth at least the price (it ranks
 *   above everything left out and clears the reserve).
 * - budget balance: strong — tenants pay the provider directly.
 * - truthful: no — a tenant that sets the price with a block it partly wins gains by shading
 *   that block (demand reduction).
 * - efficient: yes, in declared surplus — the allocation maximises Σ (value − reserve) × quantity.
 */
import { z } from "zod";
import type { MechanismProperties, RentalBook, RentalClearing, RentalMechanism, RentalPrices } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { allocateResource, assembleClearing, bidders } from "./block-allocation.js";

/** Registry name of the uniform-price rental auction. */
export const UNIFORM_RENTAL = "uniform";

/** The properties the uniform-price rental auction claims (see the file header). */
export const uniformRentalProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: false,
  efficient: true,
};

/** The uniform-price rental auction takes no parameters. */
export const uniformRentalParams = z.strictObject({});

/** Clears a block book at uniform prices per resource. */
export function clearUniformRentalBook(book: RentalBook): RentalClearing {
  const { offer } = book;
  const energy = allocateResource(book.bids, "energy", offer.energyKWh, offer.reserve.cE);
  const power = allocateResource(book.bids, "power", offer.powerKW, offer.reserve.cP);
  const prices: RentalPrices = { cE: energy.price, cP: power.price };
  const outcomes = bidders(book.bids).map((tenant) => {
    const energyKWh = energy.byAgent.get(tenant) ?? 0;
    const powerKW = power.byAgent.get(tenant) ?? 0;
    return { tenant, energyKWh, powerKW, payment: prices.cE * energyKWh + prices.cP * powerKW };
  });
  return assembleClearing(UNIFORM_RENTAL, offer, prices, outcomes, {
    soldEnergyKWh: energy.quantity,
    soldPowerKW: power.quantity,
    bestLeftOut: { energy: energy.bestLeftOut, power: power.bestLeftOut },
  });
}

/** The uniform-price rental auction: `clear(round)` clears the round's revealed block bids. */
export function createUniformRental(): RentalMechanism {
  return {
    name: UNIFORM_RENTAL,
    clearBook: (book) => clearUniformRentalBook(book),
    clear: (round) => clearUniformRentalBook({ offer: round.offer, bids: round.bids() }),
  };
}

/** Registry entry for the uniform-price rental auction. */
export const uniformRentalEntry = defineMechanism({
  name: UNIFORM_RENTAL,
  kind: "rental",
  description: "Block bids accepted by value; everyone pays max(reserve, best block left out) per unit.",
  properties: uniformRentalProperties,
  params: uniformRentalParams,
  create: () => createUniformRental(),
});

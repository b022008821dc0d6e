/**
 * uniform — uniform-price rental auction (MODEL.md §4), on bundle bids jointly or on block
 * bids per resource.
 *
 * Bundle bids (a book where some bid gives bundles, and every round inside a simulation, whose
 * bundles are revealed from the tenants' best responses: sim/revealed-bundles.ts): winners are
 * chosen by the mixed-integer programme of winner-determination.ts — at most one bundle per
 * tenant, Σ E ≤ E^max, Σ P ≤ the offered power, maximising Σ (value − reserve cost), ties to the
 * lower agent id — and every winner pays the same prices per kWh and per kW, c_E·E_i + c_P·P_i,
 * from bundle-prices.ts: the least-regret prices (the LP relaxation's duals: Walrasian when the
 * relaxation is integral) within every winner's IR, the least c_E then the least c_P among
 * equals; the reserve when no capacity binds. Block bids in such a book become bundles
 * (bundles.ts). `meta.joint` reports the bundles, the declared surplus, the regret at the
 * prices (0: Walrasian) and the MILPs and LPs solved.
 *
 * Block bids only (a stand-alone book without bundles): per resource, blocks are accepted in
 * order of value (highest first; ties by agent id, then block order) while value ≥ the reserve
 * and capacity remains; the last accepted block may be partly filled. The price is the higher
 * of the reserve and the value of the best block (or block remainder) left out; every tenant
 * pays it per unit. Blocks declare additive values, for which this is the joint optimum.
 *
 * Properties:
 * - individually rational: yes — bundles: the prices satisfy every winner's IR row
 *   (c·b_i ≤ v_i) and are ≥ the reserve; blocks: every accepted block is worth at least the price.
 * - budget balance: strong — tenants pay the provider directly.
 * - truthful: no — a tenant gains by shading the value of what it wins when that lowers the
 *   prices (demand reduction), blocks and bundles alike.
 * - efficient: yes, in declared surplus — the allocation maximises Σ (value − reserve cost);
 *   inside a simulation up to the bundle grid (only revealed bundles can be chosen).
 */
import { z } from "zod";
import type { MechanismProperties, RentalBook, RentalClearing, RentalMechanism, RentalPrices } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { allocateResource, assembleClearing, bidders } from "./block-allocation.js";
import { hasBundles, tenantBundles } from "./bundles.js";
import { determineWinners } from "./winner-determination.js";
import { uniformBundlePrices } from "./bundle-prices.js";
import { jointMeta, winnerOutcomes } from "./joint-outcome.js";

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

/** Clears a book: jointly when some bid gives bundles, else per resource (file header). */
export function clearUniformRentalBook(book: RentalBook): RentalClearing {
  return hasBundles(book.bids) ? clearUniformBundleBook(book) : clearUniformBlockBook(book);
}

/** Clears a book's bids as bundles (block bids converted): joint allocation, uniform prices from bundle-prices.ts. */
export function clearUniformBundleBook(book: RentalBook): RentalClearing {
  const { offer } = book;
  const tenants = tenantBundles(book.bids, offer);
  const allocation = determineWinners(tenants, offer);
  const priced = uniformBundlePrices(tenants, offer, allocation);
  const { cE, cP } = priced.prices;
  const outcomes = winnerOutcomes(allocation, (w) => cE * w.bundle[0] + cP * w.bundle[1]);
  return assembleClearing(UNIFORM_RENTAL, offer, priced.prices, outcomes, jointMeta(tenants, allocation, { regret: priced.regret, lpSolves: priced.solves }));
}

/** Clears a block book at uniform prices per resource. */
export function clearUniformBlockBook(book: RentalBook): RentalClearing {
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

/** The uniform-price rental auction: `clear(round)` clears the round's revealed bundles (its block bids where it has none). */
export function createUniformRental(): RentalMechanism {
  return {
    name: UNIFORM_RENTAL,
    clearsBundles: true,
    clearBook: (book) => clearUniformRentalBook(book),
    clear: (round) => (round.bundles ? clearUniformBundleBook({ offer: round.offer, bids: round.bundles() }) : clearUniformRentalBook({ offer: round.offer, bids: round.bids() })),
  };
}

/** Registry entry for the uniform-price rental auction. */
export const uniformRentalEntry = defineMechanism({
  name: UNIFORM_RENTAL,
  kind: "rental",
  description: "Bundles cleared jointly by a MILP (efficient up to the bundle grid); all pay least-regret prices per kWh and kW within each winner's value; block books per resource at max(reserve, best block left out).",
  properties: uniformRentalProperties,
  params: uniformRentalParams,
  create: () => createUniformRental(),
});

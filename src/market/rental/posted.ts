/**
 * posted — fixed rental prices per resource (MODEL.md §4, inside a simulation). The price is
 * the scenario's (cE, cP) when given, else the provider's reserve. Every tenant states its
 * best response at that price; if the requests for a resource exceed what is offered, every
 * tenant is rationed pro rata on that resource (energy and power independently). Each pays
 * cE per kWh and cP per kW it gets. On a stand-alone block book (`clearBook`), a tenant asks
 * for every block whose value ≥ the price, and the same rationing applies.
 *
 * Properties:
 * - individually rational: yes — a tenant rents what its best response asks at the posted
 *   price, or a pro-rata share of it, and pays the same unit price for what it gets.
 * - budget balance: strong — tenants pay the provider directly.
 * - truthful: no — without rationing a price-taker has nothing to gain by misstating, but
 *   pro-rata rationing rewards overstating requests.
 * - efficient: no — the price is not set by demand, so capacity may go unrented or be
 *   rationed without regard to value.
 */
import { z } from "zod";
import { formatBound, MAX_PRICE_PER_KW, MAX_PRICE_PER_KWH } from "../../core/bounds.js";
import type { MechanismProperties, Payment, RentalBook, RentalClearing, RentalContract, RentalMechanism, RentalOffer, RentalPrices, RentalRequest, RentalRound } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { isNegligible } from "../tolerance.js";
import { compareIds } from "../../core/ids.js";
import { blockRequests } from "./block-allocation.js";
import { PaymentReason } from "../payment-reasons.js";

/** Registry name of posted-price rental. */
export const POSTED = "posted";

/** The properties posted pricing claims (see the file header). */
export const postedProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: false,
  efficient: false,
};

// Bounded (core/bounds.ts) so that price × capacity stays finite in every payment.
const price = (name: string, max: number) =>
  z
    .number({ error: (iss) => `a finite number in [0, ${formatBound(max)}] (${name}), got ${JSON.stringify(iss.input)}` })
    .min(0, { error: (iss) => `a finite number in [0, ${formatBound(max)}] (${name}), got ${String(iss.input)}` })
    .max(max, { error: (iss) => `a finite number in [0, ${formatBound(max)}] (${name}), got ${String(iss.input)}` })
    .optional();

/** Parameters of posted pricing: prices per kWh and per kW per period; absent means the reserve. */
export const postedParams = z.strictObject({
  cE: price("currency per kWh per rental period", MAX_PRICE_PER_KWH),
  cP: price("currency per kW per rental period", MAX_PRICE_PER_KW),
});

/** Posted-price parameters; an absent price falls back to the offer's reserve. */
export interface PostedPrices {
  readonly cE?: number | undefined;
  readonly cP?: number | undefined;
}

/** Clears one rental round at posted prices with pro-rata rationing per resource. */
export function clearPostedRental(round: RentalRound, posted: PostedPrices = {}): RentalClearing {
  const { offer } = round;
  const prices: RentalPrices = { cE: posted.cE ?? offer.reserve.cE, cP: posted.cP ?? offer.reserve.cP };
  return rationRequests(POSTED, offer, prices, round.respond(prices));
}

/**
 * Clears a stand-alone block book at posted prices (`sesame clear rental`): a tenant asks for
 * every block whose value ≥ the price, then requests are rationed pro rata as inside a simulation.
 */
export function clearPostedRentalBook(book: RentalBook, posted: PostedPrices = {}): RentalClearing {
  const { offer } = book;
  const prices: RentalPrices = { cE: posted.cE ?? offer.reserve.cE, cP: posted.cP ?? offer.reserve.cP };
  return rationRequests(POSTED, offer, prices, blockRequests(book.bids, prices));
}

/**
 * Contracts at fixed `prices` from tenants' `requests`: if the requests for a resource exceed
 * the offer, every tenant is rationed pro rata on it (energy and power independently); each pays
 * the price per unit it gets. Shared by posted and stackelberg (`mechanism` names the caller).
 */
export function rationRequests(mechanism: string, offer: RentalOffer, prices: RentalPrices, requests: readonly RentalRequest[]): RentalClearing {
  for (const r of requests) {
    // A best response is code, not input: a bad one is a fault of that agent's strategy.
    if (!(Number.isFinite(r.energyKWh) && r.energyKWh >= 0 && Number.isFinite(r.powerKW) && r.powerKW >= 0)) {
      throw new Error(`${mechanism}: tenant ${r.agent} requested energyKWh=${r.energyKWh}, powerKW=${r.powerKW}; both must be finite and ≥ 0`);
    }
  }
  const requestedEnergyKWh = requests.reduce((s, r) => s + r.energyKWh, 0);
  const requestedPowerKW = requests.reduce((s, r) => s + r.powerKW, 0);
  const energyRation = requestedEnergyKWh > offer.energyKWh ? offer.energyKWh / requestedEnergyKWh : 1;
  const powerRation = requestedPowerKW > offer.powerKW ? offer.powerKW / requestedPowerKW : 1;

  const contracts: RentalContract[] = requests
    .map((r) => {
      const energyKWh = r.energyKWh * energyRation;
      const powerKW = r.powerKW * powerRation;
      return { tenant: r.agent, energyKWh, powerKW, payment: prices.cE * energyKWh + prices.cP * powerKW };
    })
    .filter((c) => !(isNegligible(c.energyKWh) && isNegligible(c.powerKW)))
    .sort((a, b) => compareIds(a.tenant, b.tenant));
  const payments: Payment[] = contracts
    .filter((c) => c.payment > 0)
    .map((c) => ({ from: c.tenant, to: offer.provider, amount: c.payment, reason: PaymentReason.rental }));

  return {
    mechanism,
    prices,
    contracts,
    payments,
    meta: { requestedEnergyKWh, requestedPowerKW, energyRation, powerRation },
  };
}

/** Posted-price rental at `posted` prices (reserve where absent); draws nothing. Clears rounds and block books. */
export function createPostedRental(posted: PostedPrices = {}): RentalMechanism {
  return { name: POSTED, clear: (round) => clearPostedRental(round, posted), clearBook: (book) => clearPostedRentalBook(book, posted) };
}

/** Registry entry for posted-price rental. */
export const postedEntry = defineMechanism({
  name: POSTED,
  kind: "rental",
  description: "Fixed prices per kWh and kW (default: the reserve); pro-rata rationing at capacity.",
  properties: postedProperties,
  params: postedParams,
  create: (params) => createPostedRental(params),
});

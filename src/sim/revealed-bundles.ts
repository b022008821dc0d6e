import type { Bundle, RentalBid, RentalPrices, RentalRequest } from "../market/types.js";
import { priceLadder } from "./revealed-bids.js";

/**
 * Bundle bids revealed by best responses (MODEL.md §4), for the joint rental mechanisms. Every
 * strategy answers price queries with a best response (E, P) and the period cost C(p) it
 * expects at it, rent included; nothing else about how it decides is needed.
 *
 * The rule:
 *   1. C₀, each tenant's expected cost with no storage, from one query in which no capacity is
 *      on offer (every tenant's E and P capped at 0) at the reserve prices;
 *   2. a grid of price pairs (c_E, c_P): the ladder of `priceLadder` per resource, `points`
 *      prices from the ceiling down to the reserve, every c_E with every c_P (energy outer,
 *      power inner, both descending) — the shape of each tenant's demand;
 *   3. a search for clearing prices, for where the grid's bundles are too coarse to fill the
 *      offer: from the reserve, `CLEARING_ROUNDS` rounds, each resource in turn (energy, then
 *      power), the other's price held: if the tenants' total demand for it exceeds the offer,
 *      the least price up to the ceiling at which it fits, by `CLEARING_BISECTIONS` bisections
 *      after asking at the ceiling; if it fits with the price above the reserve, the least price
 *      down to the reserve at which it still fits, likewise (asking at the reserve first);
 *   4. rationed answers: at the last price pair of the search at which demand exceeded the
 *      offer (the nearest to clearing from below), and at the reserve when demand exceeded the
 *      offer at all, each tenant's best response with its E and P capped at a pro-rata share of
 *      what it asked there (E_i·min(1, E^max/ΣE), P_i·min(1, P^offer/ΣP)). These bundles fit
 *      together. Near clearing prices, where the tenants' marginal values are about equal, they
 *      are close to the efficient split, which no unconstrained answer gives when best
 *      responses jump between an LP's vertices. At the reserve they are exactly what posted at
 *      the reserve prices allocates (every tenant's request, rationed pro rata), so the joint
 *      allocation's declared surplus is never below posted's at the same reserve;
 *   5. each answer (E, P) at p = (c_E, c_P) with E > 0 or P > 0 becomes the bundle
 *      (E, P, v), v = C₀ − (C(p) − c_E·E − c_P·P): what the tenant saves by holding (E, P),
 *      rent aside. A best response minimises the operating cost at the (E, P) it picks (caps
 *      only narrow the choice), so v is that bundle's value.
 * No price pair is asked twice. Answers equal to within 1e-9 (relative, E and P) are one
 * bundle, valued at the highest of their values, listed where first met; the mechanisms prune
 * dominated bundles (market/rental/bundles.ts). Cost, in queries a round, each asking every
 * tenant once: 1 + points² when the offer covers what every tenant asks at the reserve; at most
 * 1 + points² + 2·CLEARING_ROUNDS·(1 + CLEARING_BISECTIONS) + 2 otherwise (37 and 63 with the
 * defaults). All are logged in the rental record's `iterations`, the no-storage and rationed
 * ones marked by `query`.
 */

/** Ladder points per resource of the bundle grid: 1 + 6² = 37 best-response queries a round before the clearing search. */
export const BUNDLE_GRID_POINTS = 6;
/** Rounds of the clearing search (each: energy, then power). */
export const CLEARING_ROUNDS = 2;
/** Bisections per resource per round of the clearing search. */
export const CLEARING_BISECTIONS = 5;

/** Relative difference under which two answers are the same bundle. */
const SAME_BUNDLE = 1e-9;

function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= SAME_BUNDLE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A request's expected cost; a strategy's answer without one is a fault of the round. */
function costOf(request: RentalRequest): number {
  const cost = request.expectedCost;
  if (cost === undefined || !Number.isFinite(cost)) throw new Error(`bundle revelation: tenant ${request.agent} answered without a finite expected cost (got ${String(cost)})`);
  return cost;
}

/** What the clearing search needs of the offer. */
export interface OfferedCapacity {
  /** E^max, kWh. */
  readonly energyKWh: number;
  /** The offered power, kW. */
  readonly powerKW: number;
}

type Resource = "energy" | "power";

/**
 * Step 3 of the module comment: moves prices towards clearing, asking `demand` (Σ E and Σ P
 * requested at a price pair) at each price it tries. Returns where it ended and the last price
 * pair at which demand exceeded the offer (null if none did).
 */
function searchClearingPrices(
  offer: OfferedCapacity,
  reserve: RentalPrices,
  ceiling: RentalPrices,
  demand: (prices: RentalPrices) => { energyKWh: number; powerKW: number },
): { cleared: RentalPrices; lastShort: RentalPrices | null } {
  let lastShort: RentalPrices | null = null;
  const fitsAt = (prices: RentalPrices, r: Resource) => {
    const d = demand(prices);
    const fits = r === "energy" ? d.energyKWh <= offer.energyKWh * (1 + 1e-9) : d.powerKW <= offer.powerKW * (1 + 1e-9);
    if (!fits) lastShort = prices;
    return fits;
  };
  const priceOf = (prices: RentalPrices, r: Resource) => (r === "energy" ? prices.cE : prices.cP);
  const setPrice = (prices: RentalPrices, r: Resource, price: number): RentalPrices => (r === "energy" ? { cE: price, cP: prices.cP } : { cE: prices.cE, cP: price });
  let at: RentalPrices = reserve;
  for (let round = 0; round < CLEARING_ROUNDS; round++) {
    for (const r of ["energy", "power"] as const) {
      const now = priceOf(at, r);
      // The bracket [lo, hi]: the price sought lies above lo (too much demand, or the floor) and at or below hi (it fits).
      let lo: number;
      let hi: number;
      if (!fitsAt(at, r)) {
        const top = priceOf(ceiling, r);
        if (!(top > now) || !fitsAt(setPrice(at, r, top), r)) {
          at = setPrice(at, r, Math.max(now, top));
          continue;
        }
        [lo, hi] = [now, top];
      } else {
        const floor = priceOf(reserve, r);
        if (!(now > floor)) continue;
        if (fitsAt(setPrice(at, r, floor), r)) {
          at = setPrice(at, r, floor);
          continue;
        }
        [lo, hi] = [floor, now];
      }
      for (let k = 0; k < CLEARING_BISECTIONS; k++) {
        const mid = (lo + hi) / 2;
        if (fitsAt(setPrice(at, r, mid), r)) hi = mid;
        else lo = mid;
      }
      at = setPrice(at, r, hi);
    }
  }
  return { cleared: at, lastShort };
}

/** What one query may bound: each tenant's E and P at most these (absent tenants: what the period offers). */
export type QueryCaps = ReadonlyMap<string, { readonly energyKWh: number; readonly powerKW: number }>;

/** The kinds of query the revelation asks (logged with each query). */
export type BundleQuery = "price" | "no-storage" | "rationed";

/**
 * Every tenant's revealed bundles (the rule of the module comment), sorted by agent id.
 * `ask(prices, caps, query)` answers with every tenant's best response at `prices` within its
 * cap (none: what the period offers) and the period cost it expects there.
 */
export function revealedBundles(
  tenants: readonly string[],
  offer: OfferedCapacity,
  reserve: RentalPrices,
  ceiling: RentalPrices,
  points: number,
  ask: (prices: RentalPrices, caps: QueryCaps | null, query: BundleQuery) => readonly RentalRequest[],
): RentalBid[] {
  const nothing: QueryCaps = new Map(tenants.map((id) => [id, { energyKWh: 0, powerKW: 0 }]));
  const baseline = new Map(ask(reserve, nothing, "no-storage").map((r) => [r.agent, costOf(r)]));
  const bundles = new Map<string, Bundle[]>(tenants.map((id) => [id, []]));
  const record = (prices: RentalPrices, answers: readonly RentalRequest[]): void => {
    for (const r of answers) {
      if (!(r.energyKWh > 0 || r.powerKW > 0)) continue;
      const c0 = baseline.get(r.agent);
      if (c0 === undefined) throw new Error(`bundle revelation: tenant ${r.agent} answered a price query but not the no-storage query`);
      const value = c0 - (costOf(r) - prices.cE * r.energyKWh - prices.cP * r.powerKW);
      const list = bundles.get(r.agent)!;
      const k = list.findIndex(([e, p]) => same(e, r.energyKWh) && same(p, r.powerKW));
      if (k < 0) list.push([r.energyKWh, r.powerKW, value]);
      else if (value > list[k]![2]) list[k] = [list[k]![0], list[k]![1], value];
    }
  };
  const answered = new Map<string, readonly RentalRequest[]>();
  /** Every tenant's answer at `prices`, asked once. */
  const atPrices = (prices: RentalPrices): readonly RentalRequest[] => {
    const key = `${prices.cE}|${prices.cP}`;
    let answers = answered.get(key);
    if (!answers) {
      answers = ask(prices, null, "price");
      answered.set(key, answers);
      record(prices, answers);
    }
    return answers;
  };
  const total = (answers: readonly RentalRequest[]) => ({ energyKWh: answers.reduce((s, r) => s + r.energyKWh, 0), powerKW: answers.reduce((s, r) => s + r.powerKW, 0) });
  // Steps 2 and 3: the grid, then the clearing search.
  for (const cE of priceLadder(reserve.cE, ceiling.cE, points)) for (const cP of priceLadder(reserve.cP, ceiling.cP, points)) atPrices({ cE, cP });
  const search = searchClearingPrices(offer, reserve, ceiling, (prices) => total(atPrices(prices)));
  // Step 4: pro-rata rationed answers where demand last exceeded the offer, and at the reserve (posted's allocation).
  const last = search.lastShort;
  const short = last === null ? [] : last.cE === reserve.cE && last.cP === reserve.cP ? [last] : [last, reserve];
  for (const prices of short) {
    const answers = atPrices(prices);
    const demand = total(answers);
    const shareE = demand.energyKWh > offer.energyKWh ? offer.energyKWh / demand.energyKWh : 1;
    const shareP = demand.powerKW > offer.powerKW ? offer.powerKW / demand.powerKW : 1;
    if (shareE === 1 && shareP === 1) continue;
    const caps: QueryCaps = new Map(answers.map((r) => [r.agent, { energyKWh: r.energyKWh * shareE, powerKW: r.powerKW * shareP }]));
    record(prices, ask(prices, caps, "rationed"));
  }
  return [...tenants].sort().map((agent) => ({ agent, energy: [], power: [], bundles: bundles.get(agent) ?? [] }));
}

/**
 * stackelberg — the provider leads with prices, the tenants follow (MODEL.md §4). The leader
 * chooses the price per resource, ≥ the reserve, that maximises its revenue
 * cE × min(E^max, ΣE_i) + cP × min(P^max, ΣP_i) given the tenants' responses; at those prices
 * the tenants are served as under posted (rationed pro rata at capacity) and each pays the price
 * per unit it gets.
 *
 * On a stand-alone block book (`clearBook`) the followers rent every block whose value ≥ the
 * price, so each resource is solved exactly and on its own: demand is a step function, revenue
 * rises linearly between steps, and the optimum lies at the reserve or at a block value. Every
 * such candidate is evaluated; ties go to the lower price.
 *
 * Inside a simulation (`clear(round)`) the followers are best responses (`round.respond`, which
 * logs every query), and E and P interact through each tenant's optimisation, so the leader
 * searches the two prices jointly by coordinate search:
 *   1. ceiling per resource: the `ceilingE`/`ceilingP` parameter, else the highest block value
 *      of `round.bids()` (at least the reserve), else 10 × the reserve (1 when the reserve is 0);
 *   2. coarse: up to `coarseRounds` passes; each pass scans `coarsePoints` evenly spaced prices
 *      from the reserve to the ceiling for cE (cP held), then for cP (cE held), moving to the best;
 *      stops early when a pass moves nothing;
 *   3. refinement: `refineIterations` times, per resource, 10 prices at spacing h/5 within ±h of
 *      the best (kept in [reserve, ceiling]), then h ← h/5, starting from h = the coarse spacing;
 *   4. ε-check: 21 prices per resource across ±10 % of the chosen price (±10 % of the ceiling
 *      when the price is 0), the other held, none below the reserve; `checked` is true when none
 *      earns more than ε × revenue (+1e-12) more. The check reports and never moves the result.
 * A move needs a strict gain (more than 1e-12 relative), so among equal revenues the price met
 * first — scanning upward from the reserve — stays. Responses are cached by price pair, so no
 * pair is asked twice; the number of queries is bounded by the parameters, never by convergence.
 * Coordinate search finds a joint optimum when revenue is unimodal along each coordinate; a
 * joint optimum that no coordinate move reaches can be missed (the ε-check only looks along axes).
 *
 * Properties:
 * - individually rational: yes — a tenant rents only what it asks for at the price (blocks
 *   worth at least the price, or its best response), or a pro-rata share, at that price.
 * - budget balance: strong — tenants pay the provider directly.
 * - truthful: no — the price depends on the bids, so a tenant gains by understating demand
 *   above the price it hopes to face.
 * - efficient: no — a revenue-maximising price withholds capacity that tenants value above the
 *   reserve.
 */
import { z } from "zod";
import type { MechanismProperties, RentalBook, RentalClearing, RentalMechanism, RentalOffer, RentalPrices, RentalRequest, RentalRound } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { blockRequests, rankBlocks, type RentalResource } from "./block-allocation.js";
import { rationRequests } from "./posted.js";

/** Registry name of Stackelberg (leader–follower) pricing. */
export const STACKELBERG = "stackelberg";

/** The properties Stackelberg pricing claims (see the file header). */
export const stackelbergProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: false,
  efficient: false,
};

/** Prices per resource the ε-check evaluates, and its half-width relative to the chosen price. */
export const STACKELBERG_CHECK_POINTS = 21;
export const STACKELBERG_CHECK_SPAN = 0.1;
/** A move or a deviation must gain more than this, relative to the revenue, to count. */
const STRICT_GAIN = 1e-12;

const positive = (what: string) =>
  z
    .number({ error: (iss) => `a finite number > 0 (${what}), got ${JSON.stringify(iss.input)}` })
    .positive({ error: (iss) => `a finite number > 0 (${what}), got ${String(iss.input)}` })
    .optional();
const count = (min: number, max: number, fallback: number) =>
  z
    .number({ error: (iss) => `an integer in [${min}, ${max}], got ${JSON.stringify(iss.input)}` })
    .int({ error: (iss) => `an integer in [${min}, ${max}], got ${String(iss.input)}` })
    .min(min, { error: (iss) => `an integer in [${min}, ${max}], got ${String(iss.input)}` })
    .max(max, { error: (iss) => `an integer in [${min}, ${max}], got ${String(iss.input)}` })
    .default(fallback);

/** Parameters of the in-simulation search (a block book is solved exactly and ignores them). */
export const stackelbergParams = z.strictObject({
  ceilingE: positive("highest cE searched, currency per kWh per period; default from the revealed bids"),
  ceilingP: positive("highest cP searched, currency per kW per period; default from the revealed bids"),
  coarsePoints: count(3, 201, 11),
  coarseRounds: count(1, 10, 2),
  refineIterations: count(0, 30, 8),
  epsilon: z
    .number({ error: (iss) => `a finite number ≥ 0 (relative revenue tolerance), got ${JSON.stringify(iss.input)}` })
    .min(0, { error: (iss) => `a finite number ≥ 0 (relative revenue tolerance), got ${String(iss.input)}` })
    .default(1e-6),
});

/** Validated Stackelberg parameters. */
export type StackelbergParams = z.output<typeof stackelbergParams>;

/** Revenue of the leader when tenants request `requests` at `prices` (sales capped at capacity). */
export function leaderRevenue(offer: RentalOffer, prices: RentalPrices, requests: readonly RentalRequest[]): number {
  const e = requests.reduce((s, r) => s + r.energyKWh, 0);
  const p = requests.reduce((s, r) => s + r.powerKW, 0);
  return prices.cE * Math.min(offer.energyKWh, e) + prices.cP * Math.min(offer.powerKW, p);
}

/** True when `candidate` beats `incumbent` by more than float noise. */
function strictlyBetter(candidate: number, incumbent: number): boolean {
  return candidate > incumbent + STRICT_GAIN * Math.max(1, Math.abs(incumbent));
}

/** The revenue-maximising price of one resource on a block book (ties to the lower price). */
export function bookLeaderPrice(book: RentalBook, resource: RentalResource): { price: number; revenue: number; candidates: number } {
  const capacity = resource === "energy" ? book.offer.energyKWh : book.offer.powerKW;
  const reserve = resource === "energy" ? book.offer.reserve.cE : book.offer.reserve.cP;
  const ranked = rankBlocks(book.bids, resource);
  // Candidates ascending: the reserve, then every distinct block value above it.
  const values = [...new Set(ranked.map((b) => b.value).filter((v) => v > reserve))].sort((a, b) => a - b);
  const candidates = [reserve, ...values];
  let best = { price: reserve, revenue: -Infinity };
  for (const price of candidates) {
    let demand = 0;
    for (const b of ranked) if (b.value >= price) demand += b.quantity;
    const revenue = price * Math.min(capacity, demand);
    if (best.revenue === -Infinity || strictlyBetter(revenue, best.revenue)) best = { price, revenue };
  }
  return { ...best, candidates: candidates.length };
}

/** Clears a block book: exact leader prices per resource, then posted-style rationing at them. */
export function clearStackelbergBook(book: RentalBook): RentalClearing {
  const energy = bookLeaderPrice(book, "energy");
  const power = bookLeaderPrice(book, "power");
  const prices: RentalPrices = { cE: energy.price, cP: power.price };
  const clearing = rationRequests(STACKELBERG, book.offer, prices, blockRequests(book.bids, prices));
  return {
    ...clearing,
    meta: { ...clearing.meta, revenue: energy.revenue + power.revenue, candidates: { energy: energy.candidates, power: power.candidates } },
  };
}

/** One evaluated price pair. */
interface Probe {
  readonly prices: RentalPrices;
  readonly requests: readonly RentalRequest[];
  readonly revenue: number;
}

/** The search's ceiling per resource (see the file header, step 1). */
export function searchCeiling(round: RentalRound, params: Pick<StackelbergParams, "ceilingE" | "ceilingP">): RentalPrices {
  const { reserve } = round.offer;
  const fallback = (r: number) => (r > 0 ? 10 * r : 1);
  let bids: ReturnType<RentalRound["bids"]> | undefined;
  const fromBids = (resource: RentalResource, r: number): number => {
    bids ??= round.bids();
    const values = bids.flatMap((b) => b[resource].filter(([q]) => q > 0).map(([, v]) => v));
    return values.length === 0 ? fallback(r) : Math.max(r, ...values);
  };
  return {
    cE: Math.max(reserve.cE, params.ceilingE ?? fromBids("energy", reserve.cE)),
    cP: Math.max(reserve.cP, params.ceilingP ?? fromBids("power", reserve.cP)),
  };
}

/** Evenly spaced points from `low` to `high` inclusive (one point when they meet). */
function linspace(low: number, high: number, points: number): number[] {
  if (!(high > low)) return [low];
  return Array.from({ length: points }, (_, k) => (k === points - 1 ? high : low + ((high - low) * k) / (points - 1)));
}

/** Clears a round inside a simulation by searching the leader's prices over best responses. */
export function clearStackelbergRound(round: RentalRound, params: StackelbergParams): RentalClearing {
  const { offer } = round;
  const { reserve } = offer;
  const cache = new Map<string, Probe>();
  const probe = (prices: RentalPrices): Probe => {
    const key = `${prices.cE}|${prices.cP}`;
    let found = cache.get(key);
    if (!found) {
      const requests = round.respond(prices);
      // Validates the responses as posted does (throws naming a bad tenant).
      rationRequests(STACKELBERG, offer, prices, requests);
      found = { prices, requests, revenue: leaderRevenue(offer, prices, requests) };
      cache.set(key, found);
    }
    return found;
  };
  const along = (at: RentalPrices, resource: RentalResource, price: number): RentalPrices =>
    resource === "energy" ? { cE: price, cP: at.cP } : { cE: at.cE, cP: price };
  const coordinate = (p: RentalPrices, resource: RentalResource) => (resource === "energy" ? p.cE : p.cP);
  const floor = (resource: RentalResource) => (resource === "energy" ? reserve.cE : reserve.cP);

  const ceiling = searchCeiling(round, params);
  const top = (resource: RentalResource) => coordinate(ceiling, resource);
  let best = probe(reserve);
  const scan = (resource: RentalResource, prices: readonly number[]): boolean => {
    let moved = false;
    const base = best.prices;
    for (const price of prices) {
      const candidate = probe(along(base, resource, price));
      if (strictlyBetter(candidate.revenue, best.revenue)) {
        best = candidate;
        moved = true;
      }
    }
    return moved;
  };

  let iterations = 0;
  const resources: readonly RentalResource[] = ["energy", "power"];
  for (let pass = 0; pass < params.coarseRounds; pass++) {
    iterations++;
    let moved = false;
    for (const r of resources) moved = scan(r, linspace(floor(r), top(r), params.coarsePoints)) || moved;
    if (!moved) break;
  }
  const step = { energy: (top("energy") - floor("energy")) / (params.coarsePoints - 1), power: (top("power") - floor("power")) / (params.coarsePoints - 1) };
  for (let it = 0; it < params.refineIterations; it++) {
    iterations++;
    for (const r of resources) {
      const h = step[r];
      if (!(h > 0)) continue;
      const centre = coordinate(best.prices, r);
      const points: number[] = [];
      for (let k = -5; k <= 5; k++) {
        const price = centre + (h * k) / 5;
        if (k !== 0 && price >= floor(r) && price <= top(r)) points.push(price);
      }
      scan(r, points);
      step[r] = h / 5;
    }
  }
  const queries = cache.size;

  // ε-check along each axis around the chosen prices.
  let deviation: Probe | null = null;
  for (const r of resources) {
    const centre = coordinate(best.prices, r);
    const half = STACKELBERG_CHECK_SPAN * (centre > 0 ? centre : Math.max(top(r), 1));
    for (const price of linspace(centre - half, centre + half, STACKELBERG_CHECK_POINTS)) {
      if (price < floor(r) || price === centre) continue;
      const p = probe(along(best.prices, r, price));
      if (deviation === null || p.revenue > deviation.revenue) deviation = p;
    }
  }
  const gain = deviation === null ? 0 : deviation.revenue - best.revenue;
  const checked = gain <= params.epsilon * Math.abs(best.revenue) + 1e-12;

  const clearing = rationRequests(STACKELBERG, offer, best.prices, best.requests);
  return {
    ...clearing,
    meta: {
      ...clearing.meta,
      prices: best.prices,
      revenue: best.revenue,
      iterations,
      queries,
      checkQueries: cache.size - queries,
      ceiling,
      epsilon: params.epsilon,
      checked,
      bestDeviation: deviation === null ? null : { cE: deviation.prices.cE, cP: deviation.prices.cP, revenue: deviation.revenue, gain },
    },
  };
}

/** Stackelberg pricing: exact on block books, a logged coordinate search inside a simulation. */
export function createStackelberg(params: Partial<StackelbergParams> = {}): RentalMechanism {
  const resolved = stackelbergParams.parse(params);
  return {
    name: STACKELBERG,
    clearBook: (book) => clearStackelbergBook(book),
    clear: (round) => clearStackelbergRound(round, resolved),
  };
}

/** Registry entry for Stackelberg pricing. */
export const stackelbergEntry = defineMechanism({
  name: STACKELBERG,
  kind: "rental",
  description: "The provider picks the revenue-maximising prices ≥ reserve given tenants' responses; pro-rata at capacity.",
  properties: stackelbergProperties,
  params: stackelbergParams,
  create: (params) => createStackelberg(params),
});

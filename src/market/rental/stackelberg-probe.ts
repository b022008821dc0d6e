import type { RentalOffer, RentalPrices, RentalRequest, RentalRound } from "../types.js";
import { rationRequests } from "./posted.js";

/**
 * The Stackelberg leader's price queries: each asks the tenants for their best responses
 * (through the round, so every query is logged) and records the leader's revenue there and its
 * score. Queries are cached by price pair, so none is asked twice, and kept in the order they
 * were asked: the check (stackelberg-check.ts) compares the result with every one of them.
 *
 * The score is what the leader maximises. With rationing `forbidden` (the default) the leader
 * may only choose prices at which the tenants' requests fit the offer, so that every tenant gets
 * its best response: a pair at which they do not fit scores minus its relative overshoot
 * (below every pair that fits, whose score is its revenue ≥ 0, and higher the nearer it comes
 * to fitting, which leads the pattern search back). With `pro-rata` the score is the revenue,
 * rationing included.
 */

/** One evaluated price pair. */
export interface Probe {
  readonly prices: RentalPrices;
  readonly requests: readonly RentalRequest[];
  /** c_E·min(E^max, ΣE_i) + c_P·min(P^max, ΣP_i), currency per period. */
  readonly revenue: number;
  /** True when ΣE_i ≤ E^max and ΣP_i ≤ P^max (to 1e-9, relative): no tenant is rationed. */
  readonly fits: boolean;
  /** What the leader maximises (module comment): the revenue, or below 0 where rationing is forbidden and the requests do not fit. */
  readonly score: number;
}

/** Whether the leader may choose prices at which tenants are rationed. */
export type StackelbergRationing = "forbidden" | "pro-rata";

/** Relative slack within which requests count as fitting the offer. */
const FIT_TOLERANCE = 1e-9;

/** ΣE_i/E^max − 1 and ΣP_i/P^max − 1 where positive, summed: 0 when the requests fit. */
export function overshoot(offer: RentalOffer, demand: { readonly energyKWh: number; readonly powerKW: number }): number {
  const over = (asked: number, capacity: number) => (asked <= capacity * (1 + FIT_TOLERANCE) + FIT_TOLERANCE ? 0 : capacity > 0 ? asked / capacity - 1 : asked);
  return over(demand.energyKWh, offer.energyKWh) + over(demand.powerKW, offer.powerKW);
}

/** The leader's queries of one round. */
export interface Prober {
  /** The probe at `prices` (asked once, then cached). */
  probe(prices: RentalPrices): Probe;
  /** Every probe so far, in the order asked. */
  readonly probes: readonly Probe[];
}

/** A move or a deviation must gain more than this, relative to the revenue, to count. */
export const STRICT_GAIN = 1e-12;

/** True when `candidate` beats `incumbent` by more than float noise. */
export function strictlyBetter(candidate: number, incumbent: number): boolean {
  return candidate > incumbent + STRICT_GAIN * Math.max(1, Math.abs(incumbent));
}

/** Revenue of the leader when tenants request `requests` at `prices` (sales capped at capacity). */
export function leaderRevenue(offer: RentalOffer, prices: RentalPrices, requests: readonly RentalRequest[]): number {
  return revenueOfDemand(offer, prices, demandOf(requests));
}

/** ΣE_i and ΣP_i of `requests`. */
function demandOf(requests: readonly RentalRequest[]): { energyKWh: number; powerKW: number } {
  return { energyKWh: requests.reduce((s, r) => s + r.energyKWh, 0), powerKW: requests.reduce((s, r) => s + r.powerKW, 0) };
}

/** c_E·min(E^max, ΣE) + c_P·min(P^max, ΣP). */
function revenueOfDemand(offer: RentalOffer, prices: RentalPrices, demand: { readonly energyKWh: number; readonly powerKW: number }): number {
  return prices.cE * Math.min(offer.energyKWh, demand.energyKWh) + prices.cP * Math.min(offer.powerKW, demand.powerKW);
}

/**
 * The prober of `round`: warm-started responses (`respondWarm`) when the round offers them,
 * else `respond`. Every answer is validated as posted validates it (a bad one throws, naming
 * the tenant).
 */
export function createProber(round: RentalRound, mechanism: string, rationing: StackelbergRationing = "forbidden"): Prober {
  const ask = round.respondWarm ? (p: RentalPrices) => round.respondWarm!(p) : (p: RentalPrices) => round.respond(p);
  const cache = new Map<string, Probe>();
  const probes: Probe[] = [];
  return {
    probe(prices: RentalPrices): Probe {
      const key = `${prices.cE}|${prices.cP}`;
      let found = cache.get(key);
      if (!found) {
        const requests = ask(prices);
        rationRequests(mechanism, round.offer, prices, requests);
        const demand = demandOf(requests);
        const revenue = revenueOfDemand(round.offer, prices, demand);
        const over = overshoot(round.offer, demand);
        found = { prices, requests, revenue, fits: over === 0, score: over === 0 || rationing === "pro-rata" ? revenue : -over };
        cache.set(key, found);
        probes.push(found);
      }
      return found;
    },
    probes,
  };
}

/** The best-scoring of `probes` (the first among equals), or undefined when there are none. */
export function bestProbe(probes: readonly Probe[]): Probe | undefined {
  let best: Probe | undefined;
  for (const p of probes) if (!best || strictlyBetter(p.score, best.score)) best = p;
  return best;
}

/** True when two probes' tenants ask for the same (to a relative 1e-9). */
export function sameResponse(a: Probe, b: Probe): boolean {
  if (a.requests.length !== b.requests.length) return false;
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return a.requests.every((r, i) => {
    const s = b.requests[i]!;
    return r.agent === s.agent && close(r.energyKWh, s.energyKWh) && close(r.powerKW, s.powerKW);
  });
}

/** The rectangle of prices the leader considers: c_E in [low.cE, high.cE], c_P in [low.cP, high.cP]. */
export interface SearchBox {
  readonly low: RentalPrices;
  readonly high: RentalPrices;
}

/** Evenly spaced points from `low` to `high` inclusive (one point when they meet). */
export function linspace(low: number, high: number, points: number): number[] {
  if (!(high > low) || points < 2) return [low];
  return Array.from({ length: points }, (_, k) => (k === points - 1 ? high : low + ((high - low) * k) / (points - 1)));
}

/** `prices` moved into the box. */
export function clampToBox(box: SearchBox, prices: RentalPrices): RentalPrices {
  return {
    cE: Math.min(box.high.cE, Math.max(box.low.cE, prices.cE)),
    cP: Math.min(box.high.cP, Math.max(box.low.cP, prices.cP)),
  };
}

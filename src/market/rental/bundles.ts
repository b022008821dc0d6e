/**
 * Bundle bids, the input of the joint rental mechanisms (MODEL.md §4, §8 last paragraph):
 * which books clear jointly, how a block bid becomes bundles in such a book, and which bundles
 * can be left out without changing any outcome.
 *
 * A book clears jointly as soon as one bid gives bundles. A block-only book declares additive
 * values (a kWh is worth the same whatever power comes with it), for which clearing E and P
 * separately is already the joint optimum, so it clears per resource as before.
 *
 * In a joint book, a tenant's block bid becomes the bundles of every prefix of its energy
 * blocks with every prefix of its power blocks (best blocks first), each worth the sum of the
 * prefixes' values — (n_E + 1)(n_P + 1) − 1 bundles. This is exact for its additive values
 * except that the last block of a prefix can no longer be partly filled.
 *
 * Pruning (per tenant; none of it changes an optimal allocation's surplus, a price or a
 * payment, since prices are never below the reserve):
 * - a bundle of no capacity (E and P both float noise, tolerance.ts) is no bundle — winning
 *   nothing is always possible, and a contract for nothing is no contract;
 * - a bundle whose surplus at the reserve, value − c_E^r·E − c_P^r·P, is negative is never worth
 *   its cost at any admissible prices;
 * - a bundle larger than the offer on its own (E > E^max or P > the offered power, beyond float
 *   noise) cannot be served;
 * - a bundle dominated by another of the same tenant — no more E, no more P, at least the value —
 *   is never preferred to it at prices ≥ 0; of identical bundles the first listed is kept.
 * The survivors keep their listed order (the order is a tie-break: winner-determination.ts).
 */
import type { AgentId, Block, Bundle, RentalBid, RentalOffer } from "../types.js";
import { QUANTITY_EPSILON, isNegligible } from "../tolerance.js";
import { compareIds } from "../../core/ids.js";

/** One tenant's bundles, pruned, in listed order. */
export interface TenantBundles {
  readonly agent: AgentId;
  readonly bundles: readonly Bundle[];
}

/** True when some bid gives bundles: the book clears jointly. */
export function hasBundles(bids: readonly RentalBid[]): boolean {
  return bids.some((b) => (b.bundles?.length ?? 0) > 0);
}

/** Cumulative (quantity, value) of every prefix of a block list, best blocks first, the empty prefix first. */
function prefixes(blocks: readonly Block[]): [quantity: number, value: number][] {
  const sorted = blocks.filter(([q]) => q > 0).sort((a, b) => b[1] - a[1]);
  const out: [number, number][] = [[0, 0]];
  let quantity = 0;
  let value = 0;
  for (const [q, v] of sorted) {
    quantity += q;
    value += q * v;
    out.push([quantity, value]);
  }
  return out;
}

/** A block bid as bundles: every energy prefix with every power prefix, values summed (module comment). */
export function blocksToBundles(energy: readonly Block[], power: readonly Block[]): Bundle[] {
  const bundles: Bundle[] = [];
  for (const [e, ve] of prefixes(energy)) for (const [p, vp] of prefixes(power)) if (e > 0 || p > 0) bundles.push([e, p, ve + vp]);
  return bundles;
}

/** A bid's bundles: its own when it gives some, else its blocks converted. */
export function bundlesOf(bid: RentalBid): readonly Bundle[] {
  return bid.bundles && bid.bundles.length > 0 ? bid.bundles : blocksToBundles(bid.energy, bid.power);
}

/** True when `a` is at least as good as `b` at every prices ≥ 0: no more of either resource, at least the value. */
function dominates(a: Bundle, b: Bundle): boolean {
  return a[0] <= b[0] && a[1] <= b[1] && a[2] >= b[2];
}

/** One tenant's bundles with what can never matter removed (module comment), listed order kept. */
export function pruneBundles(bundles: readonly Bundle[], offer: RentalOffer): Bundle[] {
  const { reserve } = offer;
  const within = (quantity: number, capacity: number) => quantity <= capacity + QUANTITY_EPSILON * Math.max(1, capacity);
  const useful = bundles.filter(
    ([e, p, v]) => !(isNegligible(e) && isNegligible(p)) && v - reserve.cE * e - reserve.cP * p >= 0 && within(e, offer.energyKWh) && within(p, offer.powerKW),
  );
  // A bundle goes when another dominates it; of two that dominate each other (identical), the later goes.
  return useful.filter((b, i) => !useful.some((a, j) => j !== i && dominates(a, b) && (!dominates(b, a) || j < i)));
}

/** Every bidder's pruned bundles, sorted by agent id; bidders left with none are dropped. */
export function tenantBundles(bids: readonly RentalBid[], offer: RentalOffer): TenantBundles[] {
  return bids
    .map((bid) => ({ agent: bid.agent, bundles: pruneBundles(bundlesOf(bid), offer) }))
    .filter((t) => t.bundles.length > 0)
    .sort((a, b) => compareIds(a.agent, b.agent));
}

/** A bundle's surplus at the reserve: value − c_E^r·E − c_P^r·P, currency per period. */
export function surplusAtReserve(bundle: Bundle, offer: RentalOffer): number {
  return bundle[2] - offer.reserve.cE * bundle[0] - offer.reserve.cP * bundle[1];
}

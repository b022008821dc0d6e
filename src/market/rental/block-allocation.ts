/**
 * Shared machinery of the block-bid rental mechanisms (MODEL.md §4): the uniform allocation
 * that uniform, pay-as-bid and vcg share, demand at a posted price (posted and stackelberg on a
 * stand-alone book), and the assembly of a clearing from per-tenant quantities and payments.
 *
 * With block bids, energy capacity and power clear independently. Blocks are ranked by value
 * (highest first); ties are broken by agent id (ascending), then block order. Blocks of zero
 * quantity take no part.
 */
import type { AgentId, Block, Payment, RentalBid, RentalClearing, RentalContract, RentalOffer, RentalPrices, RentalRequest } from "../types.js";
import { isNegligible } from "../tolerance.js";
import { compareIds } from "../../core/ids.js";
import { PaymentReason } from "../payment-reasons.js";

/** The two resources a tenant rents. */
export type RentalResource = "energy" | "power";

/** One block in the ranking: whose, which, how much, worth what per unit. */
export interface RankedBlock {
  readonly agent: AgentId;
  /** Position of the block in its bid's list for this resource. */
  readonly index: number;
  readonly quantity: number;
  readonly value: number;
}

/** An accepted block (or accepted part of one). */
export interface BlockFill extends RankedBlock {
  /** What was accepted, ≤ `quantity`. */
  readonly accepted: number;
}

/** The uniform allocation of one resource. */
export interface ResourceAllocation {
  /** Accepted blocks in rank order; the last may be partly filled. */
  readonly fills: readonly BlockFill[];
  /** Quantity accepted per agent (agents with nothing accepted are absent). */
  readonly byAgent: ReadonlyMap<AgentId, number>;
  /** Total accepted quantity. */
  readonly quantity: number;
  /** Value of the best block, or block remainder, left out; null when every block was accepted. */
  readonly bestLeftOut: number | null;
  /** The uniform price: max(reserve, bestLeftOut). */
  readonly price: number;
}

/** Every block with positive quantity for `resource`, ranked: value descending, then agent id, then block order. */
export function rankBlocks(bids: readonly RentalBid[], resource: RentalResource): RankedBlock[] {
  const ranked: RankedBlock[] = [];
  for (const bid of bids) {
    bid[resource].forEach(([quantity, value], index) => {
      if (quantity > 0) ranked.push({ agent: bid.agent, index, quantity, value });
    });
  }
  return ranked.sort((a, b) => b.value - a.value || compareIds(a.agent, b.agent) || a.index - b.index);
}

/**
 * The uniform allocation: blocks are accepted in rank order while value ≥ `reserve` and
 * capacity remains; the last accepted block may be partly filled. A remainder that is float
 * noise (tolerance.ts) counts as filled.
 */
export function allocateResource(bids: readonly RentalBid[], resource: RentalResource, capacity: number, reserve: number): ResourceAllocation {
  const fills: BlockFill[] = [];
  const byAgent = new Map<AgentId, number>();
  let left = Math.max(0, capacity);
  let quantity = 0;
  let bestLeftOut: number | null = null;
  for (const block of rankBlocks(bids, resource)) {
    if (block.value < reserve || isNegligible(left, capacity)) {
      bestLeftOut = block.value;
      break;
    }
    const accepted = Math.min(block.quantity, left);
    left -= accepted;
    quantity += accepted;
    fills.push({ ...block, accepted });
    byAgent.set(block.agent, (byAgent.get(block.agent) ?? 0) + accepted);
    if (!isNegligible(block.quantity - accepted, block.quantity)) {
      bestLeftOut = block.value;
      break;
    }
  }
  return { fills, byAgent, quantity, bestLeftOut, price: Math.max(reserve, bestLeftOut ?? reserve) };
}

/** Σ (value − reserve) × accepted over the fills of agents other than `exclude` (all when absent). */
export function declaredSurplus(fills: readonly BlockFill[], reserve: number, exclude?: AgentId): number {
  let total = 0;
  for (const f of fills) if (f.agent !== exclude) total += (f.value - reserve) * f.accepted;
  return total;
}

/** What a tenant's bid for one resource asks at price `price`: every block whose value ≥ price. */
export function demandAt(blocks: readonly Block[], price: number): number {
  let total = 0;
  for (const [quantity, value] of blocks) if (value >= price && quantity > 0) total += quantity;
  return total;
}

/** Every tenant's request at `prices` when it rents each block worth at least the price (sorted by agent id). */
export function blockRequests(bids: readonly RentalBid[], prices: RentalPrices): RentalRequest[] {
  return bids
    .map((b) => ({ agent: b.agent, energyKWh: demandAt(b.energy, prices.cE), powerKW: demandAt(b.power, prices.cP) }))
    .sort((a, b) => compareIds(a.agent, b.agent));
}

/**
 * The value of the first `quantity` units of a block list (the best blocks first; a
 * non-increasing list is already in that order). Units beyond the list are worth nothing.
 */
export function valueOfQuantity(blocks: readonly Block[], quantity: number): number {
  const sorted = [...blocks].sort((a, b) => b[1] - a[1]);
  let left = quantity;
  let value = 0;
  for (const [q, v] of sorted) {
    if (left <= 0) break;
    const take = Math.min(q, left);
    value += take * v;
    left -= take;
  }
  return value;
}

/** One tenant's outcome before assembly. */
export interface TenantOutcome {
  readonly tenant: AgentId;
  readonly energyKWh: number;
  readonly powerKW: number;
  readonly payment: number;
}

/**
 * A rental clearing from per-tenant outcomes: contracts sorted by tenant, tenants renting
 * (negligibly) nothing left out; one `rental` payment tenant → provider per positive payment.
 */
export function assembleClearing(
  mechanism: string,
  offer: RentalOffer,
  prices: RentalPrices | null,
  outcomes: readonly TenantOutcome[],
  meta: Readonly<Record<string, unknown>>,
): RentalClearing {
  const contracts: RentalContract[] = outcomes
    .filter((o) => !(isNegligible(o.energyKWh) && isNegligible(o.powerKW)))
    .map((o) => ({ tenant: o.tenant, energyKWh: o.energyKWh, powerKW: o.powerKW, payment: o.payment }))
    .sort((a, b) => compareIds(a.tenant, b.tenant));
  const payments: Payment[] = contracts
    .filter((c) => c.payment > 0)
    .map((c) => ({ from: c.tenant, to: offer.provider, amount: c.payment, reason: PaymentReason.rental }));
  return { mechanism, prices, contracts, payments, meta };
}

/** Every bidder's id, sorted, each once. */
export function bidders(bids: readonly RentalBid[]): AgentId[] {
  return [...new Set(bids.map((b) => b.agent))].sort(compareIds);
}

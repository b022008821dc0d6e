import type { Block, RentalBid, RentalPrices, RentalRequest } from "../market/types.js";

/**
 * Block bids revealed by best responses: a tenant's demand for energy capacity is read off its
 * best responses as the energy price falls along a ladder (power held at its reserve), and
 * likewise for power. The increment demanded when the price reaches p_k becomes a block
 * valued p_k, so the blocks are non-increasing in value by construction. This works for every
 * strategy, without knowing how it decides.
 */

/** Prices at which demand is probed, highest first, ending at the reserve. */
export function priceLadder(reserve: number, ceiling: number, points: number): number[] {
  const low = Math.max(reserve, 1e-9);
  const high = Math.max(ceiling, low * 1.0001);
  const ladder: number[] = [];
  for (let k = 0; k < points; k++) ladder.push(high * Math.pow(low / high, k / (points - 1)));
  ladder[points - 1] = reserve;
  return ladder;
}

/**
 * Every tenant's blocks for one resource, from demand at each ladder price. Demand is made
 * non-increasing in price (a running maximum) so that small LP ties cannot give a negative block.
 */
export function revealBlocks(
  tenants: readonly string[],
  ladder: readonly number[],
  demandAt: (price: number) => readonly RentalRequest[],
  quantityOf: (r: RentalRequest) => number,
): Map<string, Block[]> {
  const blocks = new Map<string, Block[]>(tenants.map((id) => [id, []]));
  const held = new Map<string, number>(tenants.map((id) => [id, 0]));
  for (const price of ladder) {
    for (const request of demandAt(price)) {
      const before = held.get(request.agent) ?? 0;
      const quantity = Math.max(before, quantityOf(request));
      if (quantity - before > 1e-9) blocks.get(request.agent)?.push([quantity - before, price]);
      held.set(request.agent, quantity);
    }
  }
  return blocks;
}

/** Revealed block bids for energy and power, sorted by agent id. */
export function revealedBids(
  tenants: readonly string[],
  reserve: RentalPrices,
  ceiling: RentalPrices,
  points: number,
  respond: (prices: RentalPrices) => readonly RentalRequest[],
): RentalBid[] {
  const energy = revealBlocks(tenants, priceLadder(reserve.cE, ceiling.cE, points), (cE) => respond({ cE, cP: reserve.cP }), (r) => r.energyKWh);
  const power = revealBlocks(tenants, priceLadder(reserve.cP, ceiling.cP, points), (cP) => respond({ cE: reserve.cE, cP }), (r) => r.powerKW);
  return [...tenants].sort().map((agent) => ({ agent, energy: energy.get(agent) ?? [], power: power.get(agent) ?? [] }));
}

import type { PeriodView } from "../agents/types.js";
import { solveCoalitionLp } from "../agents/index.js";
import type { CoalitionOutcome } from "../market/types.js";
import type { World } from "./world.js";

/**
 * The pooled optimum of a coalition of tenants for the period (cooperative rules): the
 * members' joint period LP (agents/strategies/coalition-lp.ts) at the provider's reserve
 * prices, sharing the whole storage (E^max, P^max, the rentable power of the offer) in the
 * storage's own mode (pooled or partitioned).
 */
export function coalitionOutcome(world: World, views: ReadonlyMap<string, PeriodView>, members: readonly string[]): CoalitionOutcome {
  // Only what the cooperative rules read leaves here (plans stay out of the mechanism's view).
  const { cost, allocation, memberCosts, memberRents } = solveCoalitionLp(
    members.map((id) => {
      const view = views.get(id);
      if (!view) throw new Error(`coalition: no period view for tenant ${id}`);
      return { id, view };
    }),
    {
      reserve: world.offer.reserve,
      maxEnergyKWh: world.storage.energyKWh,
      physicalPowerKW: world.storage.powerKW,
      maxRentablePowerKW: world.offer.powerKW,
      pooled: world.storage.mode === "pooled",
    },
  );
  return { cost, allocation, memberCosts, memberRents };
}

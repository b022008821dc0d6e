import { rentalPeriodOf } from "../core/calendar.js";
import type { Payment, RentalContract, RentalRequest } from "../market/types.js";
import { GRID_ACCOUNT } from "../market/types.js";
import { openPartitions } from "../storage/index.js";
import type { StorageState } from "../storage/types.js";
import type { RentalIteration, RentalRecord } from "./step-record.js";
import type { Runtime } from "./runtime.js";
import type { SimState } from "./state.js";
import { heldCapacities, periodViews } from "./views.js";
import type { World } from "./world.js";

/** What a rental round changes. */
export interface RentalOutcome {
  readonly record: RentalRecord;
  readonly contracts: readonly RentalContract[];
  readonly storage: StorageState;
  readonly strategyStates: Readonly<Record<string, unknown>>;
  readonly payments: readonly Payment[];
}

/**
 * Clears the rental round that opens the period at step `t`: tenants answer price queries
 * with best responses (every query is logged), the mechanism sets contracts, partitions are
 * reopened, and every tenant plans its period with the capacity it got.
 */
export function clearRentalPeriod(world: World, state: SimState, t: number, runtime: Runtime): RentalOutcome {
  const views = periodViews(world, t);
  const iterations: RentalIteration[] = [];
  const tenants = world.agents.map((a) => a.model.id);
  const clearing = world.rentalMechanism.clear(
    {
      period: rentalPeriodOf(world.calendar, t),
      offer: world.offer,
      tenants,
      respond: (prices) => {
        const choices = runtime.rentalBus.ask({ prices, views, states: state.strategyStates });
        const requests: RentalRequest[] = choices.map((c, i) => ({ agent: tenants[i]!, energyKWh: c.energyKWh, powerKW: c.powerKW }));
        iterations.push({ prices, requests });
        return requests;
      },
    },
    { rng: runtime.rentalStream },
  );
  const opened = openPartitions(
    world.storage,
    state.storage,
    clearing.contracts.map((c) => ({ tenant: c.tenant, rentedEnergyKWh: c.energyKWh, rentedPowerKW: c.powerKW })),
  );
  const planned = runtime.planBus.ask({ views, capacities: heldCapacities(world, clearing.contracts), states: state.strategyStates });
  const strategyStates = Object.fromEntries(tenants.map((id, i) => [id, planned[i]]));
  // The unrented pool is kept within its SOC band: shortfall bought from, excess sold to the grid.
  const topUpCost = opened.floorTopUpKWh * world.buyPrice[t]!;
  const releaseRevenue = opened.excessReleaseKWh * world.sellPrice[t]!;
  const payments: Payment[] = [...clearing.payments];
  if (topUpCost > 0) payments.push({ from: world.providerId, to: GRID_ACCOUNT, amount: topUpCost, reason: "floor-top-up" });
  if (releaseRevenue > 0) payments.push({ from: GRID_ACCOUNT, to: world.providerId, amount: releaseRevenue, reason: "pool-release" });
  return {
    record: {
      period: rentalPeriodOf(world.calendar, t),
      mechanism: clearing.mechanism,
      prices: clearing.prices,
      iterations,
      contracts: clearing.contracts,
      floorTopUpKWh: opened.floorTopUpKWh,
      poolReleaseKWh: opened.excessReleaseKWh,
      meta: clearing.meta,
    },
    contracts: clearing.contracts,
    storage: opened.state,
    strategyStates,
    payments,
  };
}

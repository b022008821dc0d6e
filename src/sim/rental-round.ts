import { rentalPeriodOf } from "../core/calendar.js";
import type { Payment, RentalBid, RentalContract, RentalPrices, RentalRequest } from "../market/types.js";
import type { CapacityChoice, PeriodView } from "../agents/types.js";
import { revealedBids } from "./revealed-bids.js";
import { BUNDLE_GRID_POINTS, revealedBundles, type BundleQuery, type QueryCaps } from "./revealed-bundles.js";
import { coalitionOutcome } from "./coalition.js";
import { trackEquilibrium } from "./equilibrium.js";
import { GRID_ACCOUNT } from "../market/types.js";
import { PaymentReason } from "../market/payment-reasons.js";
import { openPartitions } from "../storage/index.js";
import type { StorageState } from "../storage/types.js";
import type { RentalIteration, RentalRecord } from "./log/step-record.js";
import type { Runtime } from "./runtime.js";
import type { SimState } from "./state.js";
import { heldCapacities, periodViews } from "./views.js";
import { roundFollowers } from "./follower-lps.js";
import type { World } from "./world.js";

/** Ladder points per resource when block bids are revealed from best responses. */
export const BID_LADDER_POINTS = 10;

/**
 * The highest rental prices worth probing: a kWh of capacity cannot earn more in a period than
 * the widest buy–sell spread on about two cycles a day; a kW not more than that spread over
 * half the period's hours. Demand still positive there is bid at this ceiling.
 */
export function bidCeiling(views: ReadonlyMap<string, PeriodView>): RentalPrices {
  const view = views.values().next().value as PeriodView | undefined;
  if (!view) return { cE: 1, cP: 1 };
  const spread = Math.max(1e-6, Math.max(...view.buyPrice) - Math.min(...view.sellPrice));
  const hours = view.steps * view.dtHours;
  return { cE: spread * Math.max(1, hours / 12), cP: spread * Math.max(1, hours / 2) };
}

/** What a rental round changes. */
export interface RentalOutcome {
  readonly record: RentalRecord;
  readonly contracts: readonly RentalContract[];
  readonly storage: StorageState;
  readonly strategyStates: Readonly<Record<string, unknown>>;
  readonly payments: readonly Payment[];
}

/** The period's views with each capped tenant's E and P bounded by its cap (0: its cost without storage). */
function withinCaps(views: ReadonlyMap<string, PeriodView>, caps: QueryCaps): Map<string, PeriodView> {
  return new Map(
    [...views].map(([id, view]) => {
      const cap = caps.get(id);
      return [id, cap ? { ...view, maxEnergyKWh: Math.min(view.maxEnergyKWh, cap.energyKWh), maxPowerKW: Math.min(view.maxPowerKW, cap.powerKW) } : view];
    }),
  );
}

/**
 * Clears the rental round that opens the period at step `t`: tenants answer price queries
 * with best responses (every query is logged), the mechanism sets contracts, partitions are
 * reopened, and every tenant plans its period with the capacity it got. Block bids
 * (`round.bids()`) and bundle bids (`round.bundles()`) are revealed only if the mechanism asks.
 */
export function clearRentalPeriod(world: World, state: SimState, t: number, runtime: Runtime): RentalOutcome {
  const views = periodViews(world, t);
  const iterations: RentalIteration[] = [];
  const tenants = world.agents.map((a) => a.model.id);
  // Every query is logged with the provider's revenue at its prices (what it rents, capped at the offer).
  const logQuery = (prices: RentalPrices, requests: RentalRequest[], query: BundleQuery): RentalRequest[] => {
    const energy = Math.min(world.offer.energyKWh, requests.reduce((sum, r) => sum + r.energyKWh, 0));
    const power = Math.min(world.offer.powerKW, requests.reduce((sum, r) => sum + r.powerKW, 0));
    iterations.push({ prices, requests, leaderRevenue: prices.cE * energy + prices.cP * power, ...(query === "price" ? {} : { query }) });
    return requests;
  };
  // `answered`: best responses already found for some tenants (warm LPs); the bus asks the rest.
  const respond = (prices: RentalPrices, answered?: ReadonlyMap<string, CapacityChoice>): RentalRequest[] => {
    const choices = runtime.rentalBus.ask({ prices, views, states: state.strategyStates, ...(answered ? { answered } : {}) });
    const requests: RentalRequest[] = choices.map((c, i) => ({ agent: tenants[i]!, energyKWh: c.energyKWh, powerKW: c.powerKW }));
    return logQuery(prices, requests, "price");
  };
  // Bundle revelation (revealed-bundles.ts): each answer with its expected cost, some queries within caps.
  const ask = (prices: RentalPrices, caps: QueryCaps | null, query: BundleQuery): RentalRequest[] => {
    const queryViews = caps ? withinCaps(views, caps) : views;
    const requests = runtime.rentalBus
      .ask({ prices, views: queryViews, states: state.strategyStates })
      .map((c, i) => ({ agent: tenants[i]!, energyKWh: c.energyKWh, powerKW: c.powerKW, expectedCost: c.expectedCost }));
    return logQuery(prices, requests, query);
  };
  let bids: readonly RentalBid[] | undefined;
  let bundles: readonly RentalBid[] | undefined;
  const followers = roundFollowers(world, views, state.strategyStates, respond);
  const clearing = followers.during(() => world.rentalMechanism.clear(
    {
      period: rentalPeriodOf(world.calendar, t),
      offer: world.offer,
      tenants,
      respond,
      bids: () => (bids ??= revealedBids(tenants, world.offer.reserve, bidCeiling(views), BID_LADDER_POINTS, respond)),
      bundles: () => (bundles ??= revealedBundles(tenants, world.offer, world.offer.reserve, bidCeiling(views), BUNDLE_GRID_POINTS, ask)),
      coalition: (members) => coalitionOutcome(world, views, members),
      followerLps: followers.lps,
      respondWarm: followers.respondWarm,
    },
    { rng: runtime.rentalStream },
  ));
  const opened = openPartitions(
    world.storage,
    state.storage,
    clearing.contracts.map((c) => ({ tenant: c.tenant, rentedEnergyKWh: c.energyKWh, rentedPowerKW: c.powerKW })),
  );
  const equilibrium = trackEquilibrium(state.equilibrium, clearing, world.convergence);
  const planned = runtime.planBus.ask({ views, capacities: heldCapacities(world, clearing.contracts), states: state.strategyStates });
  const strategyStates = Object.fromEntries(tenants.map((id, i) => [id, planned[i]]));
  // The unrented pool is kept within its SOC band: shortfall bought from, excess sold to the grid.
  const topUpCost = opened.floorTopUpKWh * world.buyPrice[t]!;
  const releaseRevenue = opened.excessReleaseKWh * world.sellPrice[t]!;
  const payments: Payment[] = [...clearing.payments];
  if (topUpCost > 0) payments.push({ from: world.providerId, to: GRID_ACCOUNT, amount: topUpCost, reason: PaymentReason.floorTopUp });
  if (releaseRevenue > 0) payments.push({ from: GRID_ACCOUNT, to: world.providerId, amount: releaseRevenue, reason: PaymentReason.poolRelease });
  return {
    record: {
      period: rentalPeriodOf(world.calendar, t),
      mechanism: clearing.mechanism,
      prices: clearing.prices,
      iterations,
      contracts: clearing.contracts,
      floorTopUpKWh: opened.floorTopUpKWh,
      poolReleaseKWh: opened.excessReleaseKWh,
      equilibrium,
      meta: clearing.meta,
    },
    contracts: clearing.contracts,
    storage: opened.state,
    strategyStates,
    payments,
  };
}

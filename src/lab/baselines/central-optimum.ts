import { batteryFixedCost, solveJointPeriodLp, statelessPeriodLp, statelessPeriodLpBuilder, buildJointPeriodLp, type BatterySize, type PeriodView } from "../../agents/index.js";
import { periodViews, type ViewOptions } from "../../sim/views.js";
import type { World } from "../../sim/world.js";
import { realisedCostAdjustment, summedForecastError } from "./realised-cost.js";
import { sizeBattery, type SizingBasis } from "./sizing.js";

/**
 * The central optimum (MODEL.md §7, §8): one planner runs one battery and every agent's
 * flexibility together, netting every position behind one meter (the joint LP of
 * agents/strategies/flexible/joint-lp.ts; a lone agent is planned with its own LP, which also
 * keeps its grid tie or interconnect), each period on the agents' forecasts, settled on the
 * realised profiles. It pays the same fixed cost per kWh and per kW as every other option.
 *
 * Two sizes are reported:
 * - at the shared storage's ratings: the most any mechanism can make of this storage, so its
 *   system cost bounds every run's from below (under perfect foresight — a planner on noisy
 *   forecasts can lose to agents who react to what happens);
 * - optimally sized: the joint LP over the horizon (or representative periods) with E and P
 *   shared — the welfare-optimal size, and, under perfect foresight over the whole horizon, a
 *   lower bound on the system cost of every option (no storage, own batteries, neighbour
 *   groups, the shared storage under any mechanism): one battery of ΣE_i, ΣP_i behind one
 *   meter can do whatever separate batteries do, and one meter never pays more than several.
 *
 * A microgrid's generator is costed at its LP cost (running cost relaxed, so at most its true
 * fuel), which keeps the bound.
 */

/** The central optimum at one size. */
export interface CentralOption extends BatterySize {
  /** operatingCost + fixedCost: what the community pays the outside world, currency. */
  readonly systemCost: number;
  /** Grid, demand charges, wear and the agents' fuel and gas, settled on the realised profiles, currency. */
  readonly operatingCost: number;
  /** (φ_E·E + φ_P·P)·yearShare, currency. */
  readonly fixedCost: number;
}

/** The central optimum at the shared storage's size and optimally sized. */
export interface CentralOptimumBaseline {
  readonly atSharedSize: CentralOption;
  readonly optimal: CentralOption;
  /** Whether `atSharedSize.systemCost` bounds every run of this storage from below (perfect foresight). */
  readonly boundsTheRun: boolean;
  /** Whether `optimal.systemCost` bounds every option from below (perfect foresight, sized over the whole horizon). */
  readonly boundsEveryOption: boolean;
}

/**
 * One period's operating cost of the central planner with a battery of `size`: the joint LP
 * (or a lone agent's own LP), planned on `views`, settled on the realised profiles.
 */
export function centralPeriodCost(views: readonly PeriodView[], size: BatterySize): number {
  const only = views.length === 1 ? views[0]! : undefined;
  const tariff = views[0]!;
  if (only) {
    const plan = statelessPeriodLp(only.flexibility?.kind)(only, { capacity: size });
    const positionKW = plan.gridImportKW.map((x, t) => x - plan.gridExportKW[t]!);
    return plan.objective + realisedCostAdjustment(tariff, { positionKW, ...errorOf(only.forecastErrorKW) });
  }
  const joint = solveJointPeriodLp(views, size);
  const positionKW = joint.storage.gridImportKW.map((x, t) => x - joint.storage.gridExportKW[t]!);
  const error = summedForecastError(views.map((v) => v.forecastErrorKW), tariff.steps);
  return joint.objective + realisedCostAdjustment(tariff, { positionKW, ...errorOf(error) });
}

const errorOf = (error: ArrayLike<number> | undefined) => (error ? { forecastErrorKW: error } : {});

/** The central planner's operating cost over whole periods of the first `steps` steps, with a battery of `size`. */
export function centralOperatingCost(world: World, steps: number, size: BatterySize, options: ViewOptions = {}): number {
  let cost = 0;
  for (let first = 0; first < steps; first += world.calendar.rentalPeriodSteps) {
    const views = periodViews(world, first, options);
    cost += centralPeriodCost(world.agents.map(({ model }) => views.get(model.id)!), size);
  }
  return cost;
}

/** The central optimum's optimal size over `basis` (module comment). `loadLpSolver()` must have run. */
export function centralOptimalSize(world: World, basis: SizingBasis, yearShare: number, options: ViewOptions = {}): BatterySize {
  const unlimited = (view: PeriodView): PeriodView => ({ ...view, maxEnergyKWh: Infinity, maxPowerKW: Infinity });
  const free = { prices: { cE: 0, cP: 0 } };
  const sized = sizeBattery(
    basis,
    (first) => {
      const views = periodViews(world, first, options);
      const members = world.agents.map(({ model }) => unlimited(views.get(model.id)!));
      return members.length === 1 ? statelessPeriodLpBuilder(members[0]!.flexibility?.kind)(members[0]!, free) : buildJointPeriodLp(members, free);
    },
    world.providerEconomics.unitFixedCost,
    yearShare,
  );
  return { energyKWh: sized.energyKWh, powerKW: sized.powerKW };
}

/**
 * The central optimum at the shared storage's size and optimally sized over the first `steps`
 * steps; `optimalSize`, when given, is the size the sizing LP found already (a lone agent's
 * own-battery sizing LP is this same LP).
 */
export function centralOptimumBaseline(
  world: World,
  steps: number,
  basis: SizingBasis,
  yearShare: number,
  options: ViewOptions & { readonly perfectForecasts: boolean },
  optimalSize?: BatterySize,
): CentralOptimumBaseline {
  const at = (size: BatterySize): CentralOption => {
    const operatingCost = centralOperatingCost(world, steps, size, options);
    const fixedCost = batteryFixedCost(world.providerEconomics.unitFixedCost, size, yearShare);
    return { ...size, systemCost: operatingCost + fixedCost, operatingCost, fixedCost };
  };
  return {
    atSharedSize: at({ energyKWh: world.storage.energyKWh, powerKW: world.storage.powerKW }),
    optimal: at(optimalSize ?? centralOptimalSize(world, basis, yearShare, options)),
    boundsTheRun: options.perfectForecasts,
    boundsEveryOption: options.perfectForecasts && !basis.representative,
  };
}

import { yearShareOf } from "../../core/calendar.js";
import { batteryFixedCost, type BatterySize } from "../../agents/storage-provider.js";
import type { World } from "../../sim/world.js";
import { centralOptimalSize, centralOperatingCost, DEFAULT_SIZING_PERIODS, noStorageCosts, perfectForecasts, sizingBasis, type SizingBasis } from "../baselines.js";
import type { Scenario } from "../scenario-schema.js";

/**
 * The welfare objective (docs/planning.md): the size that minimises what the whole community
 * pays the outside world is the central optimum's optimal size — one planner, one battery,
 * every agent behind one meter, E and P chosen once for the horizon by the sizing LP at the
 * unit fixed cost φ_E, φ_P (baselines/central-optimum.ts, `centralOptimalSize`). No search is
 * needed: the sizing LP is exact. Its system cost is the welfare bound the plan reports with
 * it; what a market makes of that size is a separate simulated evaluation (plan-storage.ts).
 */

/** The welfare-optimal size and the central optimum's costs at it, over the horizon. */
export interface WelfareOptimum extends BatterySize {
  /** operatingCost + fixedCost, currency. */
  readonly systemCost: number;
  /** Grid, demand charges, wear, fuel and gas of the central planner, settled on the realised profiles, currency. */
  readonly operatingCost: number;
  /** (φ_E·E + φ_P·P)·yearShare, currency. */
  readonly fixedCost: number;
  /** Σ agents' no-storage costs (each with its own flexibility), currency. */
  readonly noStorageCost: number;
  /** noStorageCost − systemCost: the most any storage can gain this community, currency. */
  readonly welfareGain: number;
  /** The rental periods the sizing LP saw: all of them, or `periods` representative ones of `of`. */
  readonly sizingPeriods: { readonly periods: number; readonly of: number; readonly representative: boolean };
  /** Whether systemCost bounds every option from below (perfect forecasts, sized over every period). */
  readonly boundsEveryOption: boolean;
}

/** The sizing basis of a plan over the first `steps` steps: the scenario's `baselines.sizingPeriods`, as every baseline uses it. */
export function planSizingBasis(world: World, steps: number): SizingBasis {
  const scenario = world.scenario as Partial<Pick<Scenario, "baselines">> | null | undefined;
  return sizingBasis(world.calendar, steps, scenario?.baselines?.sizingPeriods ?? DEFAULT_SIZING_PERIODS);
}

/** The central optimum sized over `basis` and costed over the first `steps` steps. `loadLpSolver()` must have run. */
export function centralOptimumOf(world: World, steps: number, basis: SizingBasis): Omit<WelfareOptimum, "noStorageCost" | "welfareGain"> {
  const yearShare = yearShareOf(world.calendar, steps);
  const size = centralOptimalSize(world, basis, yearShare);
  const operatingCost = centralOperatingCost(world, steps, size);
  const fixedCost = batteryFixedCost(world.providerEconomics.unitFixedCost, size, yearShare);
  return {
    ...size,
    systemCost: operatingCost + fixedCost,
    operatingCost,
    fixedCost,
    sizingPeriods: { periods: basis.periods.length, of: basis.of, representative: basis.representative },
    boundsEveryOption: perfectForecasts(world) && !basis.representative,
  };
}

/**
 * The welfare-optimal size of `world` over its first `steps` steps (module comment), against
 * `noStorageCost` (Σ agents' no-storage costs over those steps; computed when not given).
 * `loadLpSolver()` must have run.
 */
export function welfareOptimalSize(world: World, steps: number, noStorageCost: number = noStorageCosts(world, steps).total): WelfareOptimum {
  const central = centralOptimumOf(world, steps, planSizingBasis(world, steps));
  return { ...central, noStorageCost, welfareGain: noStorageCost - central.systemCost };
}

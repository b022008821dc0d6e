import { yearShareOf } from "../core/calendar.js";
import type { UnitFixedCost } from "../agents/index.js";
import type { World } from "../sim/world.js";
import { centralOptimumBaseline, type CentralOptimumBaseline } from "./baselines/central-optimum.js";
import { neighbourSharedBaseline, type NeighbourSharedBaseline } from "./baselines/neighbour-shared.js";
import { noStorageCosts, type NoStorageCosts } from "./baselines/no-storage.js";
import { ownBatteryBaseline, type OwnBatteryBaseline, type OwnBatterySizing } from "./baselines/own-battery.js";
import { DEFAULT_SIZING_PERIODS, sizingBasis, type SizingBasis } from "./baselines/sizing.js";
import type { Scenario } from "./scenario-schema.js";

export type { CentralOptimumBaseline, CentralOption } from "./baselines/central-optimum.js";
export { centralOptimalSize, centralOperatingCost, centralOptimumBaseline } from "./baselines/central-optimum.js";
export { ownBatterySize, ownBatteryBaseline } from "./baselines/own-battery.js";
export type { NeighbourSharedBaseline, NeighbourGroup } from "./baselines/neighbour-shared.js";
export { neighbourGroups, splitGroupCost } from "./baselines/neighbour-shared.js";
export type { NoStorageCosts } from "./baselines/no-storage.js";
export { noStorageCosts, profileCostOf } from "./baselines/no-storage.js";
export type { OwnBatteryBaseline, OwnBatteryOfAgent } from "./baselines/own-battery.js";
export { sizingBasis, sizeBattery, DEFAULT_SIZING_PERIODS, type SizingBasis, type SizedBattery } from "./baselines/sizing.js";
export { operateAlone, type AloneOperation } from "./baselines/operate-alone.js";

/**
 * The options every run is compared with (MODEL.md §7, §8), all on one footing:
 * - **no storage**: every agent with its own flexibility and no storage (baselines/no-storage.ts);
 * - **own battery**: every agent owns a battery, sized once for the horizon (baselines/own-battery.ts);
 * - **neighbour-shared** (when the scenario asks): groups of neighbours own one battery each
 *   (baselines/neighbour-shared.ts);
 * - **central optimum**: one planner, one battery, every agent behind one meter, at the shared
 *   storage's size and optimally sized (baselines/central-optimum.ts).
 *
 * The footing, stated in {@link BaselineFooting} and printed with every comparison: every
 * battery is sized once for the horizon (never per period) and pays the same capex annuity
 * plus O&M per kWh and per kW, pro rata to the horizon; every planner plans on the agents'
 * forecasts and is settled on their realised profiles; per-agent options are run by each
 * agent's own strategy; every option covers the same steps and draws from the same seed.
 */
export interface Baselines {
  /** Steps the baselines cover (whole rental periods). */
  readonly steps: number;
  readonly footing: BaselineFooting;
  readonly noStorage: NoStorageCosts;
  readonly ownBattery: OwnBatteryBaseline;
  readonly centralOptimum: CentralOptimumBaseline;
  /** Present only when the scenario's `baselines.neighbourShared` asks for it. */
  readonly neighbourShared?: NeighbourSharedBaseline;
  /** The central optimum and no storage again under perfect foresight; only when `baselines.perfectForesight` asks for it. */
  readonly perfectForesight?: { readonly noStorage: NoStorageCosts; readonly centralOptimum: CentralOptimumBaseline };
}

/** What every option of a comparison is costed by (MODEL.md §8). */
export interface BaselineFooting {
  /** φ_E, φ_P: capex annuity + O&M per kWh and per kW a year, paid by every battery. */
  readonly unitFixedCost: UnitFixedCost;
  /** The horizon's share of a year: what a yearly fixed cost is multiplied by. */
  readonly yearShare: number;
  /** `perfect`: every agent forecasts perfectly; `agents`: planners plan on the agents' (noisy) forecasts and are settled on the realised profiles. */
  readonly forecast: "perfect" | "agents";
  /** The rental periods the optimal-sizing LPs saw: all of them, or `periods` representative ones of `of`. */
  readonly sizingPeriods: { readonly periods: number; readonly of: number; readonly representative: boolean };
  /** Agents whose strategy is not lp-optimal: the per-agent options run them by that strategy, the joint options by LP. */
  readonly notLpPlanned: readonly string[];
}

/** The scenario's `baselines` block, if any (worlds built by hand may carry any scenario). */
function scenarioBaselines(world: World): Scenario["baselines"] {
  const scenario = world.scenario as Partial<Pick<Scenario, "baselines">> | null | undefined;
  return scenario?.baselines;
}

/** Whether every agent plans on a perfect forecast. */
export function perfectForecasts(world: World): boolean {
  return world.agents.every((a) => (a.forecast?.kind ?? "perfect") === "perfect");
}

/** The steps the baselines of a run that completed `completedSteps` cover: whole rental periods (all, for a complete run). */
export function baselineSteps(world: World, completedSteps: number): number {
  return completedSteps >= world.calendar.steps ? completedSteps : completedSteps - (completedSteps % world.calendar.rentalPeriodSteps);
}

/**
 * Computes every option over the first `completedSteps` steps of `world` (whole rental
 * periods: a run that stopped mid-period is compared up to its last complete period), reusing
 * `noStorage` when it was already computed over the same steps. `loadLpSolver()` must have run.
 */
export function computeBaselines(world: World, completedSteps: number, noStorage?: NoStorageCosts): Baselines {
  const steps = baselineSteps(world, completedSteps);
  const settings = scenarioBaselines(world);
  const basis = sizingBasis(world.calendar, steps, settings?.sizingPeriods ?? DEFAULT_SIZING_PERIODS);
  const yearShare = yearShareOf(world.calendar, steps);
  const perfect = perfectForecasts(world);
  const reference = noStorage && steps === completedSteps ? noStorage : noStorageCosts(world, steps);
  const ownSizing: OwnBatterySizing = settings?.ownBattery?.sizing === "given" ? { rule: "given", energyKWh: settings.ownBattery.energyKWh!, powerKW: settings.ownBattery.powerKW! } : { rule: "optimal" };
  const neighbour = settings?.neighbourShared;
  const ownBattery = ownBatteryBaseline(world, steps, ownSizing, basis, yearShare);
  // A lone agent's own-battery sizing LP is the central planner's: solve it once.
  const lone = world.agents.length === 1 && ownSizing.rule === "optimal" ? ownBattery.perAgent[world.agents[0]!.model.id] : undefined;
  return {
    steps,
    footing: footingOf(world, basis, yearShare, perfect),
    noStorage: reference,
    ownBattery,
    centralOptimum: centralOptimumBaseline(world, steps, basis, yearShare, { perfectForecasts: perfect }, lone ? { energyKWh: lone.energyKWh, powerKW: lone.powerKW } : undefined),
    // Added only when asked, so summaries of scenarios without them keep their shape.
    ...(neighbour
      ? { neighbourShared: neighbourSharedBaseline(world, steps, { groupSize: neighbour.groupSize, sizing: neighbour.sizing ?? "given" }, reference.perAgent, basis, yearShare) }
      : {}),
    ...(settings?.perfectForesight && !perfect
      ? {
          perfectForesight: {
            noStorage: noStorageCosts(world, steps, { perfectForesight: true }),
            centralOptimum: centralOptimumBaseline(world, steps, basis, yearShare, { perfectForesight: true, perfectForecasts: true }),
          },
        }
      : {}),
  };
}

function footingOf(world: World, basis: SizingBasis, yearShare: number, perfect: boolean): BaselineFooting {
  return {
    unitFixedCost: world.providerEconomics.unitFixedCost,
    yearShare,
    forecast: perfect ? "perfect" : "agents",
    sizingPeriods: { periods: basis.periods.length, of: basis.of, representative: basis.representative },
    notLpPlanned: world.agents.filter((a) => a.strategy.name !== "lp-optimal").map((a) => a.model.id),
  };
}

import { rentalPeriodSpan } from "../core/calendar.js";
import { solvePeriodLp } from "../agents/index.js";
import type { PeriodView } from "../agents/types.js";
import { periodViews } from "../sim/views.js";
import type { World } from "../sim/world.js";
import { noStorageCostOf } from "./metrics.js";

/**
 * The baselines every mechanism is compared with (MODEL.md §7), over the steps a run
 * completed, each solved with perfect foresight period by period:
 * - no storage: every agent trades its net load with the grid at the tariff;
 * - individual storage: every agent sizes and runs its own battery by its period LP, paying
 *   the annualised capex per period (the provider's floor prices) with no capacity limit;
 * - central optimum: one planner runs the whole shared storage for all agents together,
 *   netting their positions behind one meter — the welfare upper bound.
 */
export interface Baselines {
  /** Steps the baselines cover (whole rental periods). */
  readonly steps: number;
  readonly noStorage: { readonly perAgent: Readonly<Record<string, number>>; readonly total: number };
  readonly individualStorage: {
    readonly perAgent: Readonly<Record<string, { readonly cost: number; readonly meanEnergyKWh: number; readonly meanPowerKW: number }>>;
    readonly total: number;
  };
  readonly centralOptimum: {
    /** Grid cost and storage wear of the joint optimum, plus the storage's capex share. */
    readonly systemCost: number;
    readonly gridAndWearCost: number;
    readonly capexShare: number;
  };
}

/** An unlimited battery for the individual-storage baseline, kWh or kW. */
const UNLIMITED = 1e9;

/**
 * Computes the baselines over the first `steps` steps of `world` (whole rental periods: a run
 * that stopped mid-period is compared up to its last complete period). `loadLpSolver()` must
 * have run.
 */
export function computeBaselines(world: World, completedSteps: number): Baselines {
  const steps = completedSteps >= world.calendar.steps ? completedSteps : completedSteps - (completedSteps % world.calendar.rentalPeriodSteps);
  const noStorage: Record<string, number> = {};
  const individual: Record<string, { cost: number; meanEnergyKWh: number; meanPowerKW: number }> = {};
  for (const { model } of world.agents) {
    noStorage[model.id] = noStorageCostOf(world, model.netLoadKW, steps);
    individual[model.id] = { cost: 0, meanEnergyKWh: 0, meanPowerKW: 0 };
  }
  let centralGridAndWear = 0;
  for (let first = 0; first < steps; first += world.calendar.rentalPeriodSteps) {
    // Baselines are what perfect planning achieves, whatever the agents forecast.
    const views = periodViews(world, first, { perfectForesight: true });
    const { length } = rentalPeriodSpan(world.calendar, first);
    for (const { model } of world.agents) {
      const view = views.get(model.id)!;
      const plan = solvePeriodLp({ ...view, maxEnergyKWh: UNLIMITED, maxPowerKW: UNLIMITED }, { prices: world.providerEconomics.floor });
      const entry = individual[model.id]!;
      entry.cost += plan.objective;
      entry.meanEnergyKWh += (plan.energyKWh * length) / steps;
      entry.meanPowerKW += (plan.powerKW * length) / steps;
    }
    const central = solvePeriodLp(aggregateView([...views.values()]), { capacity: { energyKWh: world.storage.energyKWh, powerKW: world.storage.powerKW } });
    centralGridAndWear += central.objective;
  }
  const capexShare = world.providerEconomics.annualisedCapex * ((steps * world.calendar.stepHours) / 8760);
  const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);
  return {
    steps,
    noStorage: { perAgent: noStorage, total: sum(Object.values(noStorage)) },
    individualStorage: { perAgent: individual, total: sum(Object.values(individual).map((x) => x.cost)) },
    centralOptimum: { systemCost: centralGridAndWear + capexShare, gridAndWearCost: centralGridAndWear, capexShare },
  };
}

/** All agents behind one meter: net loads summed, everything else shared. */
function aggregateView(views: readonly PeriodView[]): PeriodView {
  const first = views[0]!;
  const netLoadKW = new Float64Array(first.steps);
  for (const view of views) for (let t = 0; t < first.steps; t++) netLoadKW[t]! += view.netLoadKW[t]!;
  return { ...first, netLoadKW };
}

import { rentalPeriodSpan } from "../core/calendar.js";
import { flexiblePeriodLp, solvePeriodLp } from "../agents/index.js";
import type { PeriodLpCapacity, PeriodPlan } from "../agents/strategies/period-lp.js";
import type { PeriodView } from "../agents/types.js";
import { periodViews } from "../sim/views.js";
import type { World } from "../sim/world.js";
import { noStorageCostOf } from "./metrics.js";

/**
 * The baselines every mechanism is compared with (MODEL.md §7), over the steps a run
 * completed, each solved with perfect foresight period by period:
 * - no storage: every agent trades its net load with the grid at the tariff — after using its
 *   own flexibility (deferring batch work …) where it has a flexible LP, since it has that
 *   flexibility with or without storage;
 * - individual storage: every agent sizes and runs its own battery by its period LP (its
 *   flexible LP where it has one), paying the annualised capex per period (the provider's floor
 *   prices) with no capacity limit;
 * - central optimum: one planner runs the whole shared storage for all agents together,
 *   netting their positions behind one meter — the welfare upper bound. It is a true bound
 *   when no agent has flexibility, or when there is a single agent (planned with its flexible
 *   LP); with several agents of which some are flexible the joint LP is not built yet, and
 *   `isUpperBound` is false.
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
    /** Whether this optimum bounds every mechanism (see the module comment). */
    readonly isUpperBound: boolean;
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
  const flexible = new Set(world.agents.filter(({ model }) => planner(model.flexibility?.kind) !== solvePeriodLp).map(({ model }) => model.id));
  for (const { model } of world.agents) {
    noStorage[model.id] = flexible.has(model.id) ? 0 : noStorageCostOf(world, model.netLoadKW, steps);
    individual[model.id] = { cost: 0, meanEnergyKWh: 0, meanPowerKW: 0 };
  }
  const anyFlexibility = world.agents.some(({ model }) => model.flexibility !== undefined && model.flexibility.kind !== "none");
  let centralGridAndWear = 0;
  for (let first = 0; first < steps; first += world.calendar.rentalPeriodSteps) {
    // Baselines are what perfect planning achieves, whatever the agents forecast.
    const views = periodViews(world, first, { perfectForesight: true });
    const { length } = rentalPeriodSpan(world.calendar, first);
    for (const { model } of world.agents) {
      const view = views.get(model.id)!;
      const plan = planner(view.flexibility?.kind)({ ...view, maxEnergyKWh: UNLIMITED, maxPowerKW: UNLIMITED }, { prices: world.providerEconomics.floor });
      if (flexible.has(model.id)) noStorage[model.id]! += planner(view.flexibility?.kind)(view, { capacity: { energyKWh: 0, powerKW: 0 } }).objective;
      const entry = individual[model.id]!;
      entry.cost += plan.objective;
      entry.meanEnergyKWh += (plan.energyKWh * length) / steps;
      entry.meanPowerKW += (plan.powerKW * length) / steps;
    }
    const whole = { capacity: { energyKWh: world.storage.energyKWh, powerKW: world.storage.powerKW } };
    const only = world.agents.length === 1 ? views.get(world.agents[0]!.model.id)! : undefined;
    const central = only ? planner(only.flexibility?.kind)(only, whole) : solvePeriodLp(aggregateView([...views.values()]), whole);
    centralGridAndWear += central.objective;
  }
  const capexShare = world.providerEconomics.annualisedCapex * ((steps * world.calendar.stepHours) / 8760);
  const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);
  return {
    steps,
    noStorage: { perAgent: noStorage, total: sum(Object.values(noStorage)) },
    individualStorage: { perAgent: individual, total: sum(Object.values(individual).map((x) => x.cost)) },
    centralOptimum: {
      systemCost: centralGridAndWear + capexShare,
      isUpperBound: !anyFlexibility || world.agents.length === 1,
      gridAndWearCost: centralGridAndWear,
      capexShare,
    },
  };
}

/** The period LP that knows an agent's flexibility, or the plain one. */
function planner(kind: string | undefined): (view: PeriodView, choice: PeriodLpCapacity) => PeriodPlan {
  const flexibleLp = kind === undefined ? undefined : flexiblePeriodLp(kind as Parameters<typeof flexiblePeriodLp>[0]);
  return flexibleLp ?? solvePeriodLp;
}

/** All agents behind one meter: net loads summed, everything else shared. */
function aggregateView(views: readonly PeriodView[]): PeriodView {
  const first = views[0]!;
  const netLoadKW = new Float64Array(first.steps);
  for (const view of views) for (let t = 0; t < first.steps; t++) netLoadKW[t]! += view.netLoadKW[t]!;
  return { ...first, netLoadKW };
}

import { rentalPeriodSpan } from "../core/calendar.js";
import { flexiblePeriodLp, solveCoalitionLp, solvePeriodLp } from "../agents/index.js";
import type { PeriodLpCapacity, PeriodPlan } from "../agents/strategies/period-lp.js";
import type { PeriodView } from "../agents/types.js";
import { periodViews } from "../sim/views.js";
import type { World } from "../sim/world.js";
import { noStorageCostOf } from "./metrics.js";
import type { Scenario } from "./scenario-schema.js";

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
 *   `isUpperBound` is false;
 * - neighbour-shared storage (only when the scenario asks for it, `baselines.neighbourShared`):
 *   agents in id order form consecutive groups, each owning a slice of the shared storage and
 *   planning it jointly (see {@link NeighbourSharedBaseline}).
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
  /** Present only when the scenario's `baselines.neighbourShared` asks for it. */
  readonly neighbourShared?: NeighbourSharedBaseline;
}

/** One neighbour group: its members, its battery and what it pays over the baseline's steps. */
export interface NeighbourGroup {
  /** Member ids, in id order. */
  readonly members: readonly string[];
  /** E_g = E^max·|g|/N, kWh. */
  readonly energyKWh: number;
  /** P_g = P^max·|g|/N, kW. */
  readonly powerKW: number;
  /** Grid cost, storage wear and demand charges of the group's joint plans. */
  readonly gridAndWearCost: number;
  /** Annualised capex·|g|/N over the baseline's share of a year. */
  readonly capexShare: number;
  /** gridAndWearCost + capexShare. */
  readonly cost: number;
}

/**
 * Neighbour-shared storage: the N agents, in id order, are split into consecutive groups of
 * `groupSize` (the last may be smaller). Group g owns one battery with the shared storage's
 * physics and mode, sized to its share of it, E_g = E^max·|g|/N and P_g = P^max·|g|/N, so
 * that individual, neighbour-shared and communal storage are compared at the same total
 * capacity (the individual baseline sizes freely; the other two split E^max, P^max).
 *
 * Each period the group runs its battery by the coalition LP (agents/strategies/coalition-lp.ts)
 * with perfect foresight: every member keeps its own meter (its own grid position and
 * demand-charge peak; no netting between members' meters), the battery is split into member
 * partitions co-optimised each period (Σ E_i ≤ E_g) and, in pooled mode, only the net flow is
 * limited by P_g. No rent is charged inside the LP: the group pays instead its capex share,
 * annualisedCapex·|g|/N prorated to the steps, as the central optimum does.
 *
 * A single-member group with its own flexibility is planned with its flexible LP (as the
 * central optimum does for a lone agent); in a group of several the coalition LP cannot plan
 * flexibility, which is then ignored and its agents listed in `flexibilityIgnored` (their
 * figures then overstate this option's cost).
 *
 * Per-agent costs are a reporting convention: each member pays its no-storage cost minus a
 * share of the group's saving, the share pro rata to the members' no-storage costs — i.e. the
 * group's cost split in proportion to no-storage costs — when all of these are positive, and
 * equal shares otherwise (a proportion of mixed-sign costs means nothing). Per-agent costs
 * sum to the group's cost.
 */
export interface NeighbourSharedBaseline {
  readonly groupSize: number;
  readonly groups: readonly NeighbourGroup[];
  /** Σ group costs: grid, wear and capex, all paid outside the community (a system cost). */
  readonly total: number;
  /** No-storage total − total. */
  readonly savingVsNoStorage: number;
  readonly perAgent: Readonly<Record<string, { readonly group: number; readonly cost: number; readonly savingVsNoStorage: number }>>;
  /** Agents with own flexibility that their group's joint LP could not plan (see above). */
  readonly flexibilityIgnored: readonly string[];
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
  const neighbourShared = neighbourSharedRequest(world);
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
    // Added only when asked, so summaries of scenarios without it keep their bytes.
    ...(neighbourShared ? { neighbourShared: computeNeighbourShared(world, steps, neighbourShared.groupSize, noStorage) } : {}),
  };
}

const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);

/** The scenario's `baselines.neighbourShared`, if any (worlds built by hand may carry any scenario). */
function neighbourSharedRequest(world: World): { readonly groupSize: number } | undefined {
  const scenario = world.scenario as Partial<Pick<Scenario, "baselines">> | null | undefined;
  return scenario?.baselines?.neighbourShared;
}

/** Agent ids in id order, split into consecutive groups of `groupSize` (the last may be smaller). */
export function neighbourGroups(ids: readonly string[], groupSize: number): string[][] {
  if (!(Number.isInteger(groupSize) && groupSize >= 1)) throw new Error(`neighbourGroups: group size must be a whole number ≥ 1, got ${groupSize}`);
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const groups: string[][] = [];
  for (let i = 0; i < sorted.length; i += groupSize) groups.push(sorted.slice(i, i + groupSize));
  return groups;
}

/**
 * The neighbour-shared baseline over the first `steps` steps (whole rental periods), given
 * each agent's no-storage cost over the same steps (MODEL.md §7; semantics in
 * {@link NeighbourSharedBaseline}). `groupSize` ≥ N makes one group owning the whole storage.
 */
export function computeNeighbourShared(world: World, steps: number, groupSize: number, noStorage: Readonly<Record<string, number>>): NeighbourSharedBaseline {
  const n = world.agents.length;
  const members = neighbourGroups(world.agents.map(({ model }) => model.id), groupSize);
  const flexible = new Set(world.agents.filter(({ model }) => planner(model.flexibility?.kind) !== solvePeriodLp).map(({ model }) => model.id));
  const batteries = members.map((group) => ({ energyKWh: (world.storage.energyKWh * group.length) / n, powerKW: (world.storage.powerKW * group.length) / n }));
  const gridAndWear = members.map(() => 0);
  for (let first = 0; first < steps; first += world.calendar.rentalPeriodSteps) {
    const views = periodViews(world, first, { perfectForesight: true });
    members.forEach((group, g) => (gridAndWear[g]! += groupPeriodCost(world, views, group, batteries[g]!)));
  }
  const yearShare = (steps * world.calendar.stepHours) / 8760;
  const perAgent: Record<string, NeighbourSharedBaseline["perAgent"][string]> = {};
  const groups = members.map((group, g): NeighbourGroup => {
    const capexShare = (world.providerEconomics.annualisedCapex * yearShare * group.length) / n;
    const cost = gridAndWear[g]! + capexShare;
    const costs = splitGroupCost(cost, group.map((id) => noStorage[id] ?? 0));
    group.forEach((id, i) => (perAgent[id] = { group: g, cost: costs[i]!, savingVsNoStorage: (noStorage[id] ?? 0) - costs[i]! }));
    return { members: group, ...batteries[g]!, gridAndWearCost: gridAndWear[g]!, capexShare, cost };
  });
  const total = sum(groups.map((group) => group.cost));
  return {
    groupSize,
    groups,
    total,
    savingVsNoStorage: sum(members.flat().map((id) => noStorage[id] ?? 0)) - total,
    perAgent,
    flexibilityIgnored: members.filter((group) => group.length > 1).flatMap((group) => group.filter((id) => flexible.has(id))),
  };
}

/**
 * One group's grid, wear and demand-charge cost for one period, its battery fixed: the joint
 * coalition LP (own meters, shared battery, no rent), or a lone member's own (flexible) LP.
 */
function groupPeriodCost(world: World, views: ReadonlyMap<string, PeriodView>, group: readonly string[], battery: { readonly energyKWh: number; readonly powerKW: number }): number {
  const memberViews = group.map((id) => ({ id, view: { ...views.get(id)!, maxEnergyKWh: battery.energyKWh, maxPowerKW: battery.powerKW } }));
  const lone = memberViews.length === 1 ? memberViews[0]!.view : undefined;
  if (lone && planner(lone.flexibility?.kind) !== solvePeriodLp) return planner(lone.flexibility?.kind)(lone, { capacity: battery }).objective;
  return solveCoalitionLp(memberViews, {
    // The group owns its battery: no rent inside the LP, its capex is added per group instead.
    reserve: { cE: 0, cP: 0 },
    maxEnergyKWh: battery.energyKWh,
    physicalPowerKW: battery.powerKW,
    // Members' own power never binds in sum: each P_i ≤ P_g, so only the physical limit does.
    maxRentablePowerKW: battery.powerKW * group.length,
    pooled: world.storage.mode === "pooled",
  }).cost;
}

/**
 * Splits a group's cost among its members (a reporting convention): each pays its no-storage
 * cost minus a share of the group's saving, pro rata to no-storage costs when all are
 * positive (so each pays groupCost·c_i/Σc), equal shares otherwise. The parts sum to
 * `groupCost`.
 */
export function splitGroupCost(groupCost: number, noStorageCosts: readonly number[]): number[] {
  const total = sum(noStorageCosts);
  const saving = total - groupCost;
  const proportional = noStorageCosts.every((c) => c > 0);
  return noStorageCosts.map((c) => c - saving * (proportional ? c / total : 1 / noStorageCosts.length));
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

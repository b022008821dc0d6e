import { rentalPeriodSpan } from "../core/calendar.js";
import { solveCoalitionLp, solveJointPeriodLp, statelessPeriodLp } from "../agents/index.js";
import type { PeriodView } from "../agents/types.js";
import { periodViews } from "../sim/views.js";
import type { World } from "../sim/world.js";
import { noStorageCostOf } from "./metrics.js";
import type { Scenario } from "./scenario-schema.js";

/**
 * The baselines every mechanism is compared with (MODEL.md §7), over the steps a run
 * completed, each solved with perfect foresight period by period:
 * - no storage: every agent trades its net load with the grid at the tariff — after using its
 *   own flexibility, which it has with or without storage: a DCC defers and migrates batch
 *   work and runs its cooling plant, a microgrid runs its generator, a VPP shifts its
 *   deferrable loads and runs its own batteries, a household runs its own battery — each by its
 *   kind's period LP planned statelessly (agents/strategies/flexible/joint-lp.ts: own
 *   batteries start every period at their initial SOC and end it at least as full, a
 *   generator's first step in a period is not ramp-limited);
 * - individual storage: every agent sizes and runs its own battery by the same LP, paying the
 *   annualised capex per period (the provider's floor prices) with no capacity limit;
 * - central optimum: one planner runs the whole shared storage and every agent's flexibility
 *   together, netting their positions behind one meter (the joint LP of joint-lp.ts; a lone
 *   agent is planned with its own LP, which also keeps its grid tie or interconnect) — the
 *   welfare upper bound, so `isUpperBound` is always true. A microgrid's generator is costed at
 *   its LP cost (running cost relaxed, so at most its true fuel), which keeps the bound;
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
    /** Grid cost, storage wear and the agents' fuel and gas of the joint optimum, plus the storage's capex share. */
    readonly systemCost: number;
    /** Whether this optimum bounds every mechanism: always true now that the joint LP plans every agent's flexibility (kept for summaries that carry it). */
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
  const flexible = flexibleAgents(world);
  for (const { model } of world.agents) {
    noStorage[model.id] = flexible.has(model.id) ? 0 : noStorageCostOf(world, model.netLoadKW, steps);
    individual[model.id] = { cost: 0, meanEnergyKWh: 0, meanPowerKW: 0 };
  }
  let centralGridAndWear = 0;
  for (let first = 0; first < steps; first += world.calendar.rentalPeriodSteps) {
    // Baselines are what perfect planning achieves, whatever the agents forecast.
    const views = periodViews(world, first, { perfectForesight: true });
    const { length } = rentalPeriodSpan(world.calendar, first);
    for (const { model } of world.agents) {
      const view = views.get(model.id)!;
      const planner = statelessPeriodLp(view.flexibility?.kind);
      const plan = planner({ ...view, maxEnergyKWh: UNLIMITED, maxPowerKW: UNLIMITED }, { prices: world.providerEconomics.floor });
      if (flexible.has(model.id)) noStorage[model.id]! += planner(view, { capacity: { energyKWh: 0, powerKW: 0 } }).objective;
      const entry = individual[model.id]!;
      entry.cost += plan.objective;
      entry.meanEnergyKWh += (plan.energyKWh * length) / steps;
      entry.meanPowerKW += (plan.powerKW * length) / steps;
    }
    centralGridAndWear += centralPeriodCost(world, views);
  }
  const capexShare = world.providerEconomics.annualisedCapex * ((steps * world.calendar.stepHours) / 8760);
  const neighbourShared = neighbourSharedRequest(world);
  return {
    steps,
    noStorage: { perAgent: noStorage, total: sum(Object.values(noStorage)) },
    individualStorage: { perAgent: individual, total: sum(Object.values(individual).map((x) => x.cost)) },
    centralOptimum: {
      systemCost: centralGridAndWear + capexShare,
      isUpperBound: true,
      gridAndWearCost: centralGridAndWear,
      capexShare,
    },
    // Added only when asked, so summaries of scenarios without it keep their bytes.
    ...(neighbourShared ? { neighbourShared: computeNeighbourShared(world, steps, neighbourShared.groupSize, noStorage) } : {}),
  };
}

const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);

/** Agents whose own LP plans some flexibility (every kind but none). */
function flexibleAgents(world: World): Set<string> {
  return new Set(world.agents.filter(({ model }) => (model.flexibility?.kind ?? "none") !== "none").map(({ model }) => model.id));
}

/**
 * The central optimum's grid, wear, demand-charge, fuel and gas cost for one period: the whole
 * storage run with every agent's flexibility behind one meter (the joint LP), or a lone
 * agent's own LP at that capacity (the same optimum, plus the limits of its own connection).
 */
function centralPeriodCost(world: World, views: ReadonlyMap<string, PeriodView>): number {
  const whole = { energyKWh: world.storage.energyKWh, powerKW: world.storage.powerKW };
  const members = world.agents.map(({ model }) => views.get(model.id)!);
  const only = members.length === 1 ? members[0]! : undefined;
  if (only) return statelessPeriodLp(only.flexibility?.kind)(only, { capacity: whole }).objective;
  return solveJointPeriodLp(members, whole).objective;
}

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
  const flexible = flexibleAgents(world);
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
  if (lone && (lone.flexibility?.kind ?? "none") !== "none") return statelessPeriodLp(lone.flexibility?.kind)(lone, { capacity: battery }).objective;
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

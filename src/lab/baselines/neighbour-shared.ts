import { compareIds } from "../../core/ids.js";
import { batteryFixedCost, buildCoalitionLp, solveCoalitionLp, statelessPeriodLp, statelessPeriodLpBuilder, type BatterySize, type PeriodView } from "../../agents/index.js";
import { periodViews, type ViewOptions } from "../../sim/views.js";
import type { World } from "../../sim/world.js";
import { isFlexible } from "./no-storage.js";
import { realisedCostAdjustment } from "./realised-cost.js";
import { sizeBattery, type SizingBasis } from "./sizing.js";

/**
 * Neighbour-shared storage (MODEL.md §7, §8): the N agents, in id order, are split into
 * consecutive groups of `groupSize` (the last may be smaller). Group g owns one battery with the
 * shared storage's physics and mode, sized once for the horizon:
 * - `given` (default): its share of the shared storage, E_g = E^max·|g|/N and P_g = P^max·|g|/N,
 *   so that individual, neighbour-shared and communal storage are compared at the same total
 *   capacity;
 * - `optimal`: by the group's sizing LP (its joint period LP over the horizon, or over
 *   representative periods, E_g and P_g shared; sizing.ts).
 * It pays the same unit fixed cost (capex annuity + O&M) as every option.
 *
 * Each period the group runs its battery by the coalition LP (agents/strategies/coalition-lp.ts)
 * on the members' forecasts, settled on their realised profiles: every member keeps its own
 * meter (its own grid position and demand-charge peak; no netting between members' meters),
 * the battery is split into member partitions co-optimised each period (Σ E_i ≤ E_g) and, in
 * pooled mode, only the net flow is limited by P_g. Like the central optimum, a group is a
 * joint option and is planned by LP whatever its members' strategies: a single-member group with
 * its own flexibility by its own (stateless) LP; in a group of several the coalition LP cannot
 * plan flexibility, which is then ignored and its agents listed in `flexibilityIgnored` (their
 * figures then overstate this option's cost).
 *
 * Per-agent costs are a reporting convention: each member pays its no-storage cost minus a
 * share of the group's saving, the share pro rata to the members' no-storage costs — i.e. the
 * group's cost split in proportion to no-storage costs — when all of these are positive, and
 * equal shares otherwise (a proportion of mixed-sign costs means nothing). Per-agent costs
 * sum to the group's cost.
 */

/** One neighbour group: its members, its battery and what it pays over the baseline's steps. */
export interface NeighbourGroup extends BatterySize {
  /** Member ids, in id order. */
  readonly members: readonly string[];
  /** Grid cost, storage wear, demand charges (and a lone member's fuel and gas at its LP cost) of the group's plans, settled on the realised profiles. */
  readonly operatingCost: number;
  /** (φ_E·E_g + φ_P·P_g)·yearShare. */
  readonly fixedCost: number;
  /** operatingCost + fixedCost. */
  readonly cost: number;
}

/** The neighbour-shared option (module comment). */
export interface NeighbourSharedBaseline {
  readonly groupSize: number;
  /** `given`: each group its share of the shared storage; `optimal`: each group's sizing LP. */
  readonly sizing: "given" | "optimal";
  readonly groups: readonly NeighbourGroup[];
  /** Σ group costs: grid, wear and fixed costs, all paid outside the community (a system cost). */
  readonly total: number;
  /** No-storage total − total. */
  readonly savingVsNoStorage: number;
  readonly perAgent: Readonly<Record<string, { readonly group: number; readonly cost: number; readonly savingVsNoStorage: number }>>;
  /** Agents with own flexibility that their group's joint LP could not plan (see above). */
  readonly flexibilityIgnored: readonly string[];
}

/** What the neighbour-shared option is asked for. */
export interface NeighbourSharedRequest {
  readonly groupSize: number;
  readonly sizing: "given" | "optimal";
}

/** Agent ids in id order, split into consecutive groups of `groupSize` (the last may be smaller). */
export function neighbourGroups(ids: readonly string[], groupSize: number): string[][] {
  if (!(Number.isInteger(groupSize) && groupSize >= 1)) throw new Error(`neighbourGroups: group size must be a whole number ≥ 1, got ${groupSize}`);
  const sorted = [...ids].sort(compareIds);
  const groups: string[][] = [];
  for (let i = 0; i < sorted.length; i += groupSize) groups.push(sorted.slice(i, i + groupSize));
  return groups;
}

/**
 * The neighbour-shared option over the first `steps` steps (whole rental periods), given each
 * agent's no-storage cost over the same steps (module comment). `groupSize` ≥ N makes one
 * group owning the whole storage. `loadLpSolver()` must have run.
 */
export function neighbourSharedBaseline(
  world: World,
  steps: number,
  request: NeighbourSharedRequest,
  noStorage: Readonly<Record<string, number>>,
  basis: SizingBasis,
  yearShare: number,
  options: ViewOptions = {},
): NeighbourSharedBaseline {
  const n = world.agents.length;
  const members = neighbourGroups(world.agents.map(({ model }) => model.id), request.groupSize);
  const perAgent: Record<string, NeighbourSharedBaseline["perAgent"][string]> = {};
  const groups = members.map((group, g): NeighbourGroup => {
    const battery =
      request.sizing === "given"
        ? { energyKWh: (world.storage.energyKWh * group.length) / n, powerKW: (world.storage.powerKW * group.length) / n }
        : groupOptimalSize(world, group, basis, yearShare, options);
    const operatingCost = groupOperatingCost(world, steps, group, battery, options);
    const fixedCost = batteryFixedCost(world.providerEconomics.unitFixedCost, battery, yearShare);
    const cost = operatingCost + fixedCost;
    const costs = splitGroupCost(cost, group.map((id) => noStorage[id] ?? 0));
    group.forEach((id, i) => (perAgent[id] = { group: g, cost: costs[i]!, savingVsNoStorage: (noStorage[id] ?? 0) - costs[i]! }));
    return { members: group, ...battery, operatingCost, fixedCost, cost };
  });
  const total = groups.reduce((s, group) => s + group.cost, 0);
  const flexible = new Set(world.agents.filter(isFlexible).map(({ model }) => model.id));
  return {
    groupSize: request.groupSize,
    sizing: request.sizing,
    groups,
    total,
    savingVsNoStorage: members.flat().reduce((s, id) => s + (noStorage[id] ?? 0), 0) - total,
    perAgent,
    flexibilityIgnored: members.filter((group) => group.length > 1).flatMap((group) => group.filter((id) => flexible.has(id))),
  };
}

/** The coalition LP's storage options for a group owning `battery`: no rent inside (its fixed cost is added per group). */
function groupStorage(world: World, group: readonly string[], battery: BatterySize) {
  return {
    reserve: { cE: 0, cP: 0 },
    maxEnergyKWh: battery.energyKWh,
    physicalPowerKW: battery.powerKW,
    // Members' own power never binds in sum: each P_i ≤ P_g, so only the physical limit does.
    maxRentablePowerKW: battery.powerKW * group.length,
    pooled: world.storage.mode === "pooled",
  };
}

/** The members' period views, their rentable capacity set to the group's battery. */
function memberViews(views: ReadonlyMap<string, PeriodView>, group: readonly string[], battery: BatterySize) {
  return group.map((id) => ({ id, view: { ...views.get(id)!, maxEnergyKWh: battery.energyKWh, maxPowerKW: battery.powerKW } }));
}

/**
 * The group's operating cost over whole periods of the first `steps` steps: each period planned
 * by LP on the members' forecasts (a lone flexible member by its own LP, otherwise the
 * coalition LP), each member's own meter settled on its realised profile.
 */
function groupOperatingCost(world: World, steps: number, group: readonly string[], battery: BatterySize, options: ViewOptions): number {
  let cost = 0;
  for (let first = 0; first < steps; first += world.calendar.rentalPeriodSteps) {
    const members = memberViews(periodViews(world, first, options), group, battery);
    const lone = members.length === 1 ? members[0]!.view : undefined;
    if (lone && (lone.flexibility?.kind ?? "none") !== "none") {
      const plan = statelessPeriodLp(lone.flexibility?.kind)(lone, { capacity: battery });
      cost += plan.objective + realisedCostAdjustment(lone, { positionKW: plan.gridImportKW.map((x, t) => x - plan.gridExportKW[t]!), ...errorOf(lone) });
      continue;
    }
    const outcome = solveCoalitionLp(members, groupStorage(world, group, battery));
    cost += outcome.cost;
    for (const { id, view } of members) cost += realisedCostAdjustment(view, { positionKW: outcome.memberPositionsKW[id]!, ...errorOf(view) });
  }
  return cost;
}

const errorOf = (view: PeriodView) => (view.forecastErrorKW ? { forecastErrorKW: view.forecastErrorKW } : {});

/** The group's optimal battery: its sizing LP over `basis` (the coalition LP with E_g, P_g shared, or a lone member's own LP). */
function groupOptimalSize(world: World, group: readonly string[], basis: SizingBasis, yearShare: number, options: ViewOptions): BatterySize {
  const unlimited = { energyKWh: Infinity, powerKW: Infinity };
  const sized = sizeBattery(
    basis,
    (first) => {
      const members = memberViews(periodViews(world, first, options), group, unlimited);
      const lone = members.length === 1 ? members[0]!.view : undefined;
      if (lone && (lone.flexibility?.kind ?? "none") !== "none") return statelessPeriodLpBuilder(lone.flexibility?.kind)(lone, { prices: { cE: 0, cP: 0 } });
      return buildCoalitionLp(members, groupStorage(world, group, unlimited), true).lp;
    },
    world.providerEconomics.unitFixedCost,
    yearShare,
  );
  return { energyKWh: sized.energyKWh, powerKW: sized.powerKW };
}

/**
 * Splits a group's cost among its members (a reporting convention): each pays its no-storage
 * cost minus a share of the group's saving, pro rata to no-storage costs when all are
 * positive (so each pays groupCost·c_i/Σc), equal shares otherwise. The parts sum to
 * `groupCost`.
 */
export function splitGroupCost(groupCost: number, noStorageCosts: readonly number[]): number[] {
  const total = noStorageCosts.reduce((s, c) => s + c, 0);
  const saving = total - groupCost;
  const proportional = noStorageCosts.every((c) => c > 0);
  return noStorageCosts.map((c) => c - saving * (proportional ? c / total : 1 / noStorageCosts.length));
}

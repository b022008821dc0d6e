import type { LinearProgram, LinearTerm, LpConstraint } from "../../core/lp.js";
import { solveLp } from "../../core/lp.js";
import type { CoalitionOutcome, RentalPrices, RentalRequest } from "../../market/types.js";
import type { PeriodView } from "../types.js";
import { addPartitionLp, periodLpNames, readPartition, type LpParts, type PeriodLpNames } from "./period-lp.js";
import { compareIds } from "../../core/ids.js";

/**
 * The joint period LP of a coalition of tenants that pool the shared storage (MODEL.md §2–§4,
 * the `cooperative` rental rule). Each member i keeps its own partition — E_i, P_i, c_{i,t},
 * d_{i,t}, e_{i,t} with the dynamics and bounds of the single-agent period LP (period-lp.ts,
 * whose pieces this reuses) — its own grid position g⁺_{i,t}, g⁻_{i,t} and its own
 * demand-charge peak. Shared:
 *
 *     Σ_i E_i ≤ maxEnergyKWh
 *     pooled:      −P_S ≤ Σ_i (c_{i,t} − d_{i,t}) ≤ P_S  ∀t,   P_S ≤ physicalPowerKW,
 *                  Σ_i P_i ≤ maxRentablePowerKW,            power rent c_P·P_S
 *     partitioned: Σ_i P_i ≤ min(physicalPowerKW, maxRentablePowerKW),  power rent c_P·Σ_i P_i
 *
 *     min Σ_i [grid_i + degradation_i + demandCharge_i + c_E·E_i] + power rent
 *
 * at the reserve prices. In pooled mode opposite flows of members cancel, so the coalition
 * pays power rent only on its net flow: that is the benefit of pooling.
 *
 * What is reported, recomputed from the optimal dispatch (so every figure is exactly
 * consistent with the others; each equals the LP's value up to solver tolerance):
 * - E_i as solved; P_i = max_t max(c_{i,t}, d_{i,t}), the power the member actually uses (in
 *   pooled mode P_i carries no price, so the solver's value is arbitrary above that; in
 *   partitioned mode with c_P > 0 they coincide);
 * - P_S = max_t |Σ_i (c_{i,t} − d_{i,t})|;
 * - member i's cost: its grid cost Σ_t (λ^b·max(x,0) − λ^s·max(−x,0))Δt on its position
 *   x = netLoad + c − d, degradation c_deg·Σ_t (c + d)Δt, demand charge ·max_t max(x,0),
 *   c_E·E_i, and its power rent: partitioned c_P·P_i; pooled c_P·P_S·P_i/Σ_k P_k (pro rata to
 *   the power it uses; equal shares when Σ_k P_k = 0);
 * - cost = Σ_i memberCosts_i, so the split adds up exactly.
 */

/** One coalition member: its id and its view of the period. */
export interface CoalitionMember {
  readonly id: string;
  readonly view: PeriodView;
}

/** The storage and prices the coalition shares. */
export interface CoalitionLpOptions {
  /** Rental prices the coalition pays (the provider's reserve). */
  readonly reserve: RentalPrices;
  /** E^max, kWh: Σ E_i is at most this. */
  readonly maxEnergyKWh: number;
  /** P^max, kW: the physical power rating. */
  readonly physicalPowerKW: number;
  /** Power the provider rents out, kW (pooled mode may oversell above P^max). */
  readonly maxRentablePowerKW: number;
  /** Pooled (net flows limited and priced) or partitioned (Σ P_i limited and priced). */
  readonly pooled: boolean;
}

/** A coalition's optimum with the rent part of each member's cost. */
export interface CoalitionLpOutcome extends CoalitionOutcome {
  /** Rent at the reserve prices included in each member's cost: c_E·E_i + its power rent share. */
  readonly memberRents: Readonly<Record<string, number>>;
  /** Power rented by the coalition: P_S in pooled mode, Σ P_i in partitioned mode, kW. */
  readonly rentedPowerKW: number;
  /** Each member's planned position netLoad + c − d per step, kW (> 0 imports), by agent id. */
  readonly memberPositionsKW: Readonly<Record<string, readonly number[]>>;
}

const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });
const POOL_POWER = "pool_power";

/**
 * The coalition's joint period LP as data (module comment), its members sorted by id and their
 * partitions' names. With `sized`, the battery's ratings are not numbers but the shared
 * variables `cap_energy` (kWh) and `cap_power` (kW) of periodLpNames() — Σ E_i ≤ cap_energy,
 * and the pool's net flow (pooled) or Σ P_i (partitioned) ≤ cap_power — for a sizing LP that
 * joins periods (lab/baselines/sizing.ts); `maxEnergyKWh`, `physicalPowerKW` and
 * `maxRentablePowerKW` are then not used.
 */
export function buildCoalitionLp(
  members: readonly CoalitionMember[],
  options: CoalitionLpOptions,
  sized = false,
): { readonly lp: LinearProgram; readonly sorted: readonly CoalitionMember[]; readonly names: readonly PeriodLpNames[] } {
  const sorted = [...members].sort((a, b) => compareIds(a.id, b.id));
  const first = sorted[0]?.view;
  if (!first) throw new Error("buildCoalitionLp: no members");
  sorted.forEach((m, i) => {
    if (i > 0 && m.id === sorted[i - 1]!.id) throw new Error(`solveCoalitionLp: member ${m.id} appears twice`);
    if (m.view.steps !== first.steps || m.view.dtHours !== first.dtHours) {
      throw new Error(`solveCoalitionLp: member ${m.id} sees ${m.view.steps} steps of ${m.view.dtHours} h, ${sorted[0]!.id} ${first.steps} of ${first.dtHours} h`);
    }
  });
  const H = first.steps;
  const { reserve, pooled } = options;
  const names: PeriodLpNames[] = sorted.map((_, i) => periodLpNames(`m${i}_`));
  const ratings = periodLpNames();

  const parts: LpParts = { variables: [], objective: [], constraints: [] };
  sorted.forEach((m, i) => {
    addPartitionLp(
      parts,
      m.view,
      names[i]!,
      { energy: { lower: 0, upper: m.view.maxEnergyKWh }, power: { lower: 0, upper: m.view.maxPowerKW } },
      { cE: reserve.cE, cP: pooled ? 0 : reserve.cP },
    );
  });
  if (sized) parts.variables.push({ name: ratings.energy, lower: 0, upper: Infinity }, { name: ratings.power, lower: 0, upper: Infinity });
  const energyTerms = names.map((n) => term(n.energy, 1));
  const shared: LpConstraint[] = [
    sized
      ? { name: "pool_energy", terms: [...energyTerms, term(ratings.energy, -1)], sense: "<=", rhs: 0 }
      : { name: "pool_energy", terms: energyTerms, sense: "<=", rhs: options.maxEnergyKWh },
  ];
  if (pooled) {
    parts.variables.push({ name: POOL_POWER, lower: 0, upper: sized ? Infinity : options.physicalPowerKW });
    parts.objective.push(term(POOL_POWER, reserve.cP));
    if (sized) shared.push({ name: "pool_rating", terms: [term(POOL_POWER, 1), term(ratings.power, -1)], sense: "<=", rhs: 0 });
    else shared.push({ name: "pool_rentable", terms: names.map((n) => term(n.power, 1)), sense: "<=", rhs: options.maxRentablePowerKW });
    for (let t = 0; t < H; t++) {
      const net = names.flatMap((n) => [term(n.charge(t), 1), term(n.discharge(t), -1)]);
      shared.push(
        { name: `pool_up_${t}`, terms: [...net, term(POOL_POWER, -1)], sense: "<=", rhs: 0 },
        { name: `pool_dn_${t}`, terms: [...net, term(POOL_POWER, 1)], sense: ">=", rhs: 0 },
      );
    }
  } else {
    const powerTerms = names.map((n) => term(n.power, 1));
    shared.push(
      sized
        ? { name: "pool_power_sum", terms: [...powerTerms, term(ratings.power, -1)], sense: "<=", rhs: 0 }
        : { name: "pool_power_sum", terms: powerTerms, sense: "<=", rhs: Math.min(options.physicalPowerKW, options.maxRentablePowerKW) },
    );
  }
  parts.constraints.push(...shared);
  return { lp: { sense: "minimize", ...parts }, sorted, names };
}

/**
 * Solves the coalition's joint period LP (module comment). Members are sorted by id; every
 * view must cover the same steps. The empty coalition costs 0. `loadLpSolver()` must have
 * run; an infeasible or failed solve throws `LpNotSolvedError`.
 */
export function solveCoalitionLp(members: readonly CoalitionMember[], options: CoalitionLpOptions): CoalitionLpOutcome {
  if (members.length === 0) return { cost: 0, allocation: [], memberCosts: {}, memberRents: {}, rentedPowerKW: 0, memberPositionsKW: {} };
  const { lp, sorted, names } = buildCoalitionLp(members, options);
  const H = sorted[0]!.view.steps;
  const { reserve, pooled } = options;
  const solution = solveLp(lp);
  const solved = sorted.map((m, i) => readPartition(solution.values, m.view, names[i]!));

  const usedPowerKW = solved.map((p) => Math.max(0, ...p.chargeKW, ...p.dischargeKW));
  const energyKWh = solved.map((p, i) => Math.min(p.energyKWh, sorted[i]!.view.maxEnergyKWh));
  let poolPowerKW = 0;
  for (let t = 0; t < H; t++) poolPowerKW = Math.max(poolPowerKW, Math.abs(solved.reduce((s, p) => s + p.chargeKW[t]! - p.dischargeKW[t]!, 0)));
  const sumUsedKW = usedPowerKW.reduce((s, x) => s + x, 0);
  const powerRent = (i: number) => {
    if (!pooled) return reserve.cP * usedPowerKW[i]!;
    const rent = reserve.cP * poolPowerKW;
    return sumUsedKW > 0 ? (rent * usedPowerKW[i]!) / sumUsedKW : rent / sorted.length;
  };

  const memberCosts: Record<string, number> = {};
  const memberRents: Record<string, number> = {};
  const allocation: RentalRequest[] = [];
  let cost = 0;
  sorted.forEach((m, i) => {
    const view = m.view;
    const p = solved[i]!;
    const dt = view.dtHours;
    let energyCost = 0;
    let peak = 0;
    for (let t = 0; t < H; t++) {
      const x = p.positionKW[t]!;
      energyCost += (x > 0 ? view.buyPrice[t]! * x : view.sellPrice[t]! * x) * dt;
      energyCost += view.storage.degradationCostPerKWh * (p.chargeKW[t]! + p.dischargeKW[t]!) * dt;
      peak = Math.max(peak, x);
    }
    const rent = reserve.cE * energyKWh[i]! + powerRent(i);
    const total = energyCost + view.demandChargePerKW * peak + rent;
    memberCosts[m.id] = total;
    memberRents[m.id] = rent;
    allocation.push({ agent: m.id, energyKWh: energyKWh[i]!, powerKW: usedPowerKW[i]! });
    cost += total;
  });
  const memberPositionsKW = Object.fromEntries(sorted.map((m, i) => [m.id, solved[i]!.positionKW]));
  return { cost, allocation, memberCosts, memberRents, rentedPowerKW: pooled ? poolPowerKW : sumUsedKW, memberPositionsKW };
}

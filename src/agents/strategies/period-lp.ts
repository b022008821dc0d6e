import type { LinearProgram, LinearTerm, LpConstraint, LpVariable } from "../../core/lp.js";
import { solveLp } from "../../core/lp.js";
import type { RentalPrices } from "../../market/types.js";
import type { HeldCapacity, PeriodView } from "../types.js";

/**
 * A consumer's linear programme over one rental period (MODEL.md §3), with its rented
 * partition as a private battery:
 *
 *     min Σ_t (λ^b_t·g⁺_t − λ^s_t·g⁻_t)Δt + c_deg·Σ_t (c_t + d_t)Δt + c_E·E + c_P·P + demandCharge·peak
 *     s.t. netLoad_t + c_t − d_t = g⁺_t − g⁻_t
 *          e_{t+1} = (1−σ)e_t + η_c·c_t·Δt − d_t·Δt/η_d
 *          (1−σ)^t·s_min·E ≤ e_t ≤ s_max·E,  c_t ≤ P,  d_t ≤ P,
 *          e_0 = s_min·E,  e_H ≥ (1−σ)^H·e_0,  peak ≥ g⁺_t
 *
 * E and P are either free in [0, maxEnergyKWh]×[0, maxPowerKW] (best response at given rental
 * prices) or fixed (the plan for capacity already held, with no rent term). Starting the
 * period at the SOC floor and ending at least as full keeps periods independent: no period
 * borrows energy it does not pay for.
 *
 * Why the floor drifts by (1−σ)^t: the storage engine lets self-discharge take a partition
 * below s_min·E (it only refuses discharge there, it never forces a charge). A rigid floor
 * s_min·E with σ > 0 would make the LP infeasible whenever P is too small to top the floor
 * up, e.g. held energy with no power. With σ = 0 this is exactly s_min·E ≤ e_t and e_H ≥ e_0;
 * with σ > 0 the LP may plan to use the drifted floor energy, at most σ·H·s_min·E, which
 * the step rule then clamps to what the partition allows.
 */

/** What the LP may choose: (E, P) at rental prices, or a fixed partition. */
export type PeriodLpCapacity = { readonly prices: RentalPrices } | { readonly capacity: HeldCapacity };

/** The LP's optimum: capacity, the per-step plan and its cost. */
export interface PeriodPlan {
  /** E, kWh. */
  readonly energyKWh: number;
  /** P, kW. */
  readonly powerKW: number;
  /** c_t, kW, one per step. */
  readonly chargeKW: readonly number[];
  /** d_t, kW, one per step. */
  readonly dischargeKW: readonly number[];
  /** e_t, kWh, t = 0 … H. */
  readonly storedKWh: readonly number[];
  /** Expected grid import max(netLoad + c − d, 0), kW, one per step. */
  readonly gridImportKW: readonly number[];
  /** Expected grid export max(−(netLoad + c − d), 0), kW, one per step. */
  readonly gridExportKW: readonly number[];
  /** c_E·E + c_P·P; 0 for a fixed partition. */
  readonly rentCost: number;
  /** The LP's objective: energy, degradation, demand charge and rent, currency. */
  readonly objective: number;
}

/** The names one partition's variables take in an LP (see {@link periodLpNames}). */
export interface PeriodLpNames {
  /** Prefix of every variable and constraint name of the partition. */
  readonly prefix: string;
  gridIn(t: number): string;
  gridOut(t: number): string;
  charge(t: number): string;
  discharge(t: number): string;
  stored(t: number): string;
  readonly energy: string;
  readonly power: string;
  readonly peak: string;
}

/**
 * LP-safe names (letters, digits, `_`; none starting with `e`, which LP text could read as an
 * exponent) for one partition; `prefix` (itself LP-safe, not starting with `e`) keeps several
 * partitions apart in one LP. The single-agent LP uses the empty prefix.
 */
export function periodLpNames(prefix = ""): PeriodLpNames {
  return {
    prefix,
    gridIn: (t: number) => `${prefix}gin_${t}`,
    gridOut: (t: number) => `${prefix}gout_${t}`,
    charge: (t: number) => `${prefix}ch_${t}`,
    discharge: (t: number) => `${prefix}dis_${t}`,
    stored: (t: number) => `${prefix}soc_${t}`,
    energy: `${prefix}cap_energy`,
    power: `${prefix}cap_power`,
    peak: `${prefix}peak_import`,
  };
}

const v = periodLpNames();

const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });

/** An LP under construction: lists that {@link addPartitionLp} appends to. */
export interface LpParts {
  readonly variables: LpVariable[];
  readonly objective: LinearTerm[];
  readonly constraints: LpConstraint[];
}

/** Bounds of a partition's E (kWh) and P (kW) in an LP. */
export interface PartitionBounds {
  readonly energy: { readonly lower: number; readonly upper: number };
  readonly power: { readonly lower: number; readonly upper: number };
}

/**
 * Appends one partition's part of the period LP (module comment) to `parts`: E and P within
 * `bounds` priced at `rent` (c_E·E + c_P·P; pass 0 for a price paid elsewhere), its own grid
 * position, storage dynamics and bounds, and its own demand-charge peak. Shared by the
 * single-agent LP and the coalition LP (coalition-lp.ts).
 */
export function addPartitionLp(parts: LpParts, period: PeriodView, names: PeriodLpNames, bounds: PartitionBounds, rent: RentalPrices): void {
  const { variables, objective, constraints } = parts;
  const H = period.steps;
  const dt = period.dtHours;
  const s = period.storage;
  const withPeak = period.demandChargePerKW > 0;
  const p = names.prefix;

  variables.push({ name: names.energy, ...bounds.energy }, { name: names.power, ...bounds.power });
  objective.push(term(names.energy, rent.cE), term(names.power, rent.cP));
  if (withPeak) {
    variables.push({ name: names.peak, lower: 0, upper: Infinity });
    objective.push(term(names.peak, period.demandChargePerKW));
  }
  for (let t = 0; t <= H; t++) variables.push({ name: names.stored(t), lower: 0, upper: Infinity });

  for (let t = 0; t < H; t++) {
    for (const name of [names.gridIn(t), names.gridOut(t), names.charge(t), names.discharge(t)]) variables.push({ name, lower: 0, upper: Infinity });
    objective.push(
      term(names.gridIn(t), period.buyPrice[t]! * dt),
      term(names.gridOut(t), -period.sellPrice[t]! * dt),
      term(names.charge(t), s.degradationCostPerKWh * dt),
      term(names.discharge(t), s.degradationCostPerKWh * dt),
    );
    constraints.push(
      {
        name: `${p}bal_${t}`,
        terms: [term(names.charge(t), 1), term(names.discharge(t), -1), term(names.gridIn(t), -1), term(names.gridOut(t), 1)],
        sense: "=",
        rhs: -period.netLoadKW[t]!,
      },
      {
        name: `${p}dyn_${t}`,
        terms: [
          term(names.stored(t + 1), 1),
          term(names.stored(t), -(1 - s.selfDischargePerStep)),
          term(names.charge(t), -s.etaCharge * dt),
          term(names.discharge(t), dt / s.etaDischarge),
        ],
        sense: "=",
        rhs: 0,
      },
      { name: `${p}pch_${t}`, terms: [term(names.charge(t), 1), term(names.power, -1)], sense: "<=", rhs: 0 },
      { name: `${p}pdis_${t}`, terms: [term(names.discharge(t), 1), term(names.power, -1)], sense: "<=", rhs: 0 },
    );
    if (withPeak) constraints.push({ name: `${p}pk_${t}`, terms: [term(names.peak, 1), term(names.gridIn(t), -1)], sense: ">=", rhs: 0 });
  }
  const keep = 1 - s.selfDischargePerStep;
  for (let t = 0; t <= H; t++) {
    constraints.push(
      { name: `${p}slo_${t}`, terms: [term(names.stored(t), 1), term(names.energy, -s.socMin * Math.pow(keep, t))], sense: ">=", rhs: 0 },
      { name: `${p}shi_${t}`, terms: [term(names.stored(t), 1), term(names.energy, -s.socMax)], sense: "<=", rhs: 0 },
    );
  }
  constraints.push(
    { name: `${p}soc_start`, terms: [term(names.stored(0), 1), term(names.energy, -s.socMin)], sense: "=", rhs: 0 },
    { name: `${p}soc_close`, terms: [term(names.stored(H), 1), term(names.stored(0), -Math.pow(keep, H))], sense: ">=", rhs: 0 },
  );
}

/**
 * Adds the rented partition to `parts` as `choice` asks: (E, P) free up to what is on offer and
 * priced (a best response), or fixed at the capacity held (a plan, rent already sunk).
 */
export function addRentedPartition(parts: LpParts, period: PeriodView, names: PeriodLpNames, choice: PeriodLpCapacity): void {
  const fixed = "capacity" in choice ? choice.capacity : null;
  addPartitionLp(
    parts,
    period,
    names,
    fixed
      ? { energy: { lower: fixed.energyKWh, upper: fixed.energyKWh }, power: { lower: fixed.powerKW, upper: fixed.powerKW } }
      : { energy: { lower: 0, upper: period.maxEnergyKWh }, power: { lower: 0, upper: period.maxPowerKW } },
    "prices" in choice ? choice.prices : { cE: 0, cP: 0 },
  );
}

/** The LP of {@link solvePeriodLp}, as data (for inspection and tests). */
export function buildPeriodLp(period: PeriodView, choice: PeriodLpCapacity): LinearProgram {
  const parts: LpParts = { variables: [], objective: [], constraints: [] };
  addRentedPartition(parts, period, v, choice);
  return { sense: "minimize", ...parts };
}

/** One partition's values in an LP solution, cleaned of solver noise (tiny negatives become 0). */
export interface PartitionValues {
  /** E as solved, kWh. */
  readonly energyKWh: number;
  /** P as solved, kW. */
  readonly powerKW: number;
  readonly chargeKW: readonly number[];
  readonly dischargeKW: readonly number[];
  /** e_t, t = 0 … H. */
  readonly storedKWh: readonly number[];
  /** netLoad + c − d per step, kW (> 0 imports). */
  readonly positionKW: readonly number[];
}

/** Reads one partition (named by `names`) from a solution of an LP built with {@link addPartitionLp}. */
export function readPartition(values: ReadonlyMap<string, number>, period: PeriodView, names: PeriodLpNames): PartitionValues {
  const value = (name: string) => Math.max(0, values.get(name) ?? 0);
  const H = period.steps;
  const chargeKW = Array.from({ length: H }, (_, t) => value(names.charge(t)));
  const dischargeKW = Array.from({ length: H }, (_, t) => value(names.discharge(t)));
  return {
    energyKWh: value(names.energy),
    powerKW: value(names.power),
    chargeKW,
    dischargeKW,
    storedKWh: Array.from({ length: H + 1 }, (_, t) => value(names.stored(t))),
    positionKW: chargeKW.map((c, t) => period.netLoadKW[t]! + c - dischargeKW[t]!),
  };
}

/**
 * Solves the period LP (see the module comment). With `{ prices }` E and P are chosen (the
 * best response); with `{ capacity }` they are fixed and the result is the plan for the
 * period. Values are cleaned of solver noise (tiny negatives become 0). `loadLpSolver()`
 * must have run; an infeasible or failed solve throws `LpNotSolvedError`.
 */
export function solvePeriodLp(period: PeriodView, choice: PeriodLpCapacity): PeriodPlan {
  const solution = solveLp(buildPeriodLp(period, choice));
  const part = readPartition(solution.values, period, v);
  return periodPlanOf(period, choice, part, part.positionKW, solution.objective);
}

/**
 * A period plan from a solved partition: the capacity (fixed, or the best response capped at
 * the offer), the storage plan, the grid flows of `positionKW` (the agent's position after
 * storage and any load it moved) and the rent the choice implies.
 */
export function periodPlanOf(period: PeriodView, choice: PeriodLpCapacity, part: PartitionValues, positionKW: readonly number[], objective: number): PeriodPlan {
  const fixed = "capacity" in choice ? choice.capacity : null;
  const energyKWh = fixed ? fixed.energyKWh : Math.min(part.energyKWh, period.maxEnergyKWh);
  const powerKW = fixed ? fixed.powerKW : Math.min(part.powerKW, period.maxPowerKW);
  return {
    energyKWh,
    powerKW,
    chargeKW: part.chargeKW,
    dischargeKW: part.dischargeKW,
    storedKWh: part.storedKWh,
    gridImportKW: positionKW.map((x) => Math.max(0, x)),
    gridExportKW: positionKW.map((x) => Math.max(0, -x)),
    rentCost: "prices" in choice ? choice.prices.cE * energyKWh + choice.prices.cP * powerKW : 0,
    objective,
  };
}

/** Adds terms (and an rhs change) to the partition's balance constraint of step t (`<prefix>bal_<t>`). */
export function extendBalance(parts: LpParts, prefix: string, t: number, terms: readonly LinearTerm[], rhsDelta = 0): void {
  const name = `${prefix}bal_${t}`;
  const i = parts.constraints.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`period LP has no constraint ${name}`);
  const c = parts.constraints[i]!;
  const extended: LpConstraint = { ...c, terms: [...c.terms, ...terms], rhs: c.rhs + rhsDelta };
  parts.constraints[i] = extended;
}

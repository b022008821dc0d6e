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

/** LP-safe variable names (letters, digits, `_`; none starting with `e`, which LP text could read as an exponent). */
const v = {
  gridIn: (t: number) => `gin_${t}`,
  gridOut: (t: number) => `gout_${t}`,
  charge: (t: number) => `ch_${t}`,
  discharge: (t: number) => `dis_${t}`,
  stored: (t: number) => `soc_${t}`,
  energy: "cap_energy",
  power: "cap_power",
  peak: "peak_import",
};

const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });

/** The LP of {@link solvePeriodLp}, as data (for inspection and tests). */
export function buildPeriodLp(period: PeriodView, choice: PeriodLpCapacity): LinearProgram {
  const H = period.steps;
  const dt = period.dtHours;
  const s = period.storage;
  const withPeak = period.demandChargePerKW > 0;
  const fixed = "capacity" in choice ? choice.capacity : null;
  const prices = "prices" in choice ? choice.prices : { cE: 0, cP: 0 };

  const variables: LpVariable[] = [];
  const objective: LinearTerm[] = [];
  const constraints: LpConstraint[] = [];

  variables.push(
    fixed
      ? { name: v.energy, lower: fixed.energyKWh, upper: fixed.energyKWh }
      : { name: v.energy, lower: 0, upper: period.maxEnergyKWh },
    fixed ? { name: v.power, lower: fixed.powerKW, upper: fixed.powerKW } : { name: v.power, lower: 0, upper: period.maxPowerKW },
  );
  objective.push(term(v.energy, prices.cE), term(v.power, prices.cP));
  if (withPeak) {
    variables.push({ name: v.peak, lower: 0, upper: Infinity });
    objective.push(term(v.peak, period.demandChargePerKW));
  }
  for (let t = 0; t <= H; t++) variables.push({ name: v.stored(t), lower: 0, upper: Infinity });

  for (let t = 0; t < H; t++) {
    for (const name of [v.gridIn(t), v.gridOut(t), v.charge(t), v.discharge(t)]) variables.push({ name, lower: 0, upper: Infinity });
    objective.push(
      term(v.gridIn(t), period.buyPrice[t]! * dt),
      term(v.gridOut(t), -period.sellPrice[t]! * dt),
      term(v.charge(t), s.degradationCostPerKWh * dt),
      term(v.discharge(t), s.degradationCostPerKWh * dt),
    );
    constraints.push(
      {
        name: `bal_${t}`,
        terms: [term(v.charge(t), 1), term(v.discharge(t), -1), term(v.gridIn(t), -1), term(v.gridOut(t), 1)],
        sense: "=",
        rhs: -period.netLoadKW[t]!,
      },
      {
        name: `dyn_${t}`,
        terms: [
          term(v.stored(t + 1), 1),
          term(v.stored(t), -(1 - s.selfDischargePerStep)),
          term(v.charge(t), -s.etaCharge * dt),
          term(v.discharge(t), dt / s.etaDischarge),
        ],
        sense: "=",
        rhs: 0,
      },
      { name: `pch_${t}`, terms: [term(v.charge(t), 1), term(v.power, -1)], sense: "<=", rhs: 0 },
      { name: `pdis_${t}`, terms: [term(v.discharge(t), 1), term(v.power, -1)], sense: "<=", rhs: 0 },
    );
    if (withPeak) constraints.push({ name: `pk_${t}`, terms: [term(v.peak, 1), term(v.gridIn(t), -1)], sense: ">=", rhs: 0 });
  }
  const keep = 1 - s.selfDischargePerStep;
  for (let t = 0; t <= H; t++) {
    constraints.push(
      { name: `slo_${t}`, terms: [term(v.stored(t), 1), term(v.energy, -s.socMin * Math.pow(keep, t))], sense: ">=", rhs: 0 },
      { name: `shi_${t}`, terms: [term(v.stored(t), 1), term(v.energy, -s.socMax)], sense: "<=", rhs: 0 },
    );
  }
  constraints.push(
    { name: "soc_start", terms: [term(v.stored(0), 1), term(v.energy, -s.socMin)], sense: "=", rhs: 0 },
    { name: "soc_close", terms: [term(v.stored(H), 1), term(v.stored(0), -Math.pow(keep, H))], sense: ">=", rhs: 0 },
  );
  return { sense: "minimize", objective, constraints, variables };
}

/**
 * Solves the period LP (see the module comment). With `{ prices }` E and P are chosen (the
 * best response); with `{ capacity }` they are fixed and the result is the plan for the
 * period. Values are cleaned of solver noise (tiny negatives become 0). `loadLpSolver()`
 * must have run; an infeasible or failed solve throws `LpNotSolvedError`.
 */
export function solvePeriodLp(period: PeriodView, choice: PeriodLpCapacity): PeriodPlan {
  const solution = solveLp(buildPeriodLp(period, choice));
  const value = (name: string) => Math.max(0, solution.values.get(name) ?? 0);
  const H = period.steps;
  const chargeKW = Array.from({ length: H }, (_, t) => value(v.charge(t)));
  const dischargeKW = Array.from({ length: H }, (_, t) => value(v.discharge(t)));
  const position = chargeKW.map((c, t) => period.netLoadKW[t]! + c - dischargeKW[t]!);
  const fixed = "capacity" in choice ? choice.capacity : null;
  const energyKWh = fixed ? fixed.energyKWh : Math.min(value(v.energy), period.maxEnergyKWh);
  const powerKW = fixed ? fixed.powerKW : Math.min(value(v.power), period.maxPowerKW);
  const rentCost = "prices" in choice ? choice.prices.cE * energyKWh + choice.prices.cP * powerKW : 0;
  return {
    energyKWh,
    powerKW,
    chargeKW,
    dischargeKW,
    storedKWh: Array.from({ length: H + 1 }, (_, t) => value(v.stored(t))),
    gridImportKW: position.map((x) => Math.max(0, x)),
    gridExportKW: position.map((x) => Math.max(0, -x)),
    rentCost,
    objective: solution.objective,
  };
}

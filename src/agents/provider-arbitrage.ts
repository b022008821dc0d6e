import type { LinearTerm, LpConstraint, LpVariable } from "../core/lp.js";
import { solveLp } from "../core/lp.js";
import type { StoragePhysics } from "./types.js";

/**
 * The storage provider's arbitrage of its unrented capacity against the grid (MODEL.md §3,
 * storage provider): once a rental period's contracts are known, the provider plans the slice
 * nobody rented — E_u = E^max − ΣE_i, and power P_u that the engine sets (sim/provider-pool.ts:
 * partitioned P^max − ΣP_i; pooled the rating, cut at dispatch to the tenants' headroom) — with
 * perfect foresight of the tariff over the period:
 *
 *     max  Σ_t (λ^s_t·d_t − λ^b_t·c_t)·Δt − c_deg·(c_t + d_t)·Δt
 *     s.t. e_{t+1} = (1 − σ)·e_t + η_c·c_t·Δt − d_t·Δt/η_d,   e_0 = the pool's energy now
 *          min(s_min·E_u, e_0)·(1 − σ)^t ≤ e_t ≤ s_max·E_u,     0 ≤ c_t, d_t ≤ P_u
 *
 * The lower bound follows the pool's own drift, so a pool at its floor stays feasible. Energy
 * left at the period's end is not valued: the next period's contracts resize the pool anyway
 * (and top it up or release it at the tariff). The wear term is the provider's own cost: it
 * owns the battery, so nobody pays it a fee.
 */

/** What the provider plans its unrented slice with. */
export interface ArbitragePeriod {
  readonly dtHours: number;
  /** λ^b per step of the period. */
  readonly buyPrice: ArrayLike<number>;
  /** λ^s per step of the period. */
  readonly sellPrice: ArrayLike<number>;
  readonly storage: StoragePhysics;
  /** E_u, unrented energy capacity, kWh. */
  readonly energyKWh: number;
  /** P_u, unrented power, kW. */
  readonly powerKW: number;
  /** e_0, the unrented pool's energy at the period's start, kWh. */
  readonly startKWh: number;
}

/** The provider's arbitrage plan for one period (plain arrays: it is kept in the logged state). */
export interface ArbitragePlan {
  /** First step of the period the plan is for. */
  readonly firstStep: number;
  /** P_u, the power the pool may use this period, kW. */
  readonly powerKW: number;
  /** Planned charge from the grid per step, kW. */
  readonly chargeKW: readonly number[];
  /** Planned discharge to the grid per step, kW. */
  readonly dischargeKW: readonly number[];
  /** The plan's expected profit over the period, currency (0 when idle). */
  readonly expectedProfit: number;
}

const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });

/**
 * Plans the unrented slice over the period starting at `firstStep` (module comment); an idle
 * plan without a solve when there is no capacity or power to trade. `loadLpSolver()` must have run.
 */
export function planProviderArbitrage(firstStep: number, period: ArbitragePeriod): ArbitragePlan {
  const H = period.buyPrice.length;
  if (period.energyKWh <= 0 || period.powerKW <= 0 || H === 0) {
    const zeros = new Array<number>(H).fill(0);
    return { firstStep, powerKW: Math.max(0, period.powerKW), chargeKW: zeros, dischargeKW: zeros, expectedProfit: 0 };
  }
  const { dtHours: dt, storage: s } = period;
  const keep = 1 - s.selfDischargePerStep;
  const floor = Math.min(s.socMin * period.energyKWh, period.startKWh);
  const ceiling = Math.max(s.socMax * period.energyKWh, period.startKWh);
  const variables: LpVariable[] = [{ name: "e_0", lower: period.startKWh, upper: period.startKWh }];
  const objective: LinearTerm[] = [];
  const constraints: LpConstraint[] = [];
  for (let t = 0; t < H; t++) {
    variables.push(
      { name: `c_${t}`, lower: 0, upper: period.powerKW },
      { name: `d_${t}`, lower: 0, upper: period.powerKW },
      { name: `e_${t + 1}`, lower: floor * Math.pow(keep, t + 1), upper: ceiling },
    );
    objective.push(term(`d_${t}`, (period.sellPrice[t]! - s.degradationCostPerKWh) * dt), term(`c_${t}`, -(period.buyPrice[t]! + s.degradationCostPerKWh) * dt));
    constraints.push({
      name: `dyn_${t}`,
      terms: [term(`e_${t + 1}`, 1), term(`e_${t}`, -keep), term(`c_${t}`, -s.etaCharge * dt), term(`d_${t}`, dt / s.etaDischarge)],
      sense: "=",
      rhs: 0,
    });
  }
  const solution = solveLp({ sense: "maximize", objective, constraints, variables });
  const value = (name: string) => Math.max(0, solution.values.get(name) ?? 0);
  // A step that both charges and discharges only burns energy; the LP never wants it, but
  // solver noise can leave both tiny: keep the net.
  const chargeKW: number[] = [];
  const dischargeKW: number[] = [];
  for (let t = 0; t < H; t++) {
    const net = value(`c_${t}`) - value(`d_${t}`);
    chargeKW.push(net > 1e-9 ? net : 0);
    dischargeKW.push(net < -1e-9 ? -net : 0);
  }
  return { firstStep, powerKW: period.powerKW, chargeKW, dischargeKW, expectedProfit: Math.max(0, solution.objective) };
}

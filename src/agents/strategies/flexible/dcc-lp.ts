import type { LinearProgram, LinearTerm, LpConstraint } from "../../../core/lp.js";
import { solveLp } from "../../../core/lp.js";
import type { DccFlexibility } from "../../dcc-operator.js";
import type { PeriodView } from "../../types.js";
import { addRentedPartition, periodLpNames, periodPlanOf, readPartition, type LpParts, type PeriodLpCapacity } from "../period-lp.js";
import type { FlexiblePeriodPlan } from "./index.js";

/**
 * The period LP of a data-center cluster (MODEL.md §3, docs/agents/dcc-operator.md). On top
 * of the rented partition of period-lp.ts (E, P, c_t, d_t, e_t, cluster grid g⁺_t, g⁻_t,
 * peak), per DC k and step t (period-local, H steps, a_{k,t} batch arrivals, i_{k,t}
 * interactive load, K_k = ⌊D_k/Δt⌋):
 *
 *     s_{k,t} ≥ 0                        batch work of k's queue done at t, kW
 *     m_{j→k,t} ≥ 0, Σ_k m_{j→k,t} ≤ s_{j,t},  Σ_{j,k} m_{j→k,t} ≤ B      migration
 *     IT_{k,t} = i_{k,t} + s_{k,t} − Σ_j m_{k→j,t} + Σ_j m_{j→k,t} ≤ max(itCap_k, i_{k,t} + a_{k,t})
 *     Σ_{u≤t} s_{k,u} ≤ Σ_{u≤t} a_{k,u}                        no work before it arrives
 *     Σ_{u≤t} s_{k,u} ≥ Σ_{u≤t−K_k+1} a_{k,u},  Σ_{u<H} s_{k,u} = Σ_{u<H} a_{k,u}
 *
 * Deadline rule: work arriving in step τ is done within steps τ … min(τ + K_k − 1, H − 1),
 * i.e. by min(arrival + D_k, period end); the cumulative form is exact for one queue
 * (earliest-deadline-first). Facility power is PUE_{k,t}·IT_{k,t}.
 *
 * Unlimited interconnect: the DCs net freely,
 *     Σ_k (PUE_{k,t}·IT_{k,t} − wind_{k,t}) + c_t − d_t = g⁺_t − g⁻_t.
 * Finite interconnect X: each DC exchanges y_{k,t} ∈ [−X, X] with the cluster's bus (where the
 * cluster's grid connection and the rented storage sit) and has its own grid position
 * priced at λ^b / λ^s:
 *     PUE_{k,t}·IT_{k,t} − wind_{k,t} = y_{k,t} + g⁺_{k,t} − g⁻_{k,t},   Σ_k y_{k,t} + c_t − d_t = g⁺_t − g⁻_t,
 * and the demand-charge peak covers the cluster's whole import g⁺_t + Σ_k g⁺_{k,t}.
 *
 * The capacity bound never cuts below what the profile itself runs, so serving batch work on
 * arrival at its own DC (the profile) is always feasible.
 */

/** A DCC period plan: the flexible plan plus what each DC runs. */
export interface DccPeriodPlan extends FlexiblePeriodPlan {
  /** IT power per DC (in the flexibility's order) and step, kW. */
  readonly itKW: readonly (readonly number[])[];
  /** Batch work done per DC and step out of its own queue, kW. */
  readonly batchServedKW: readonly (readonly number[])[];
  /** Total batch IT power migrated per step, kW. */
  readonly migratedKW: readonly number[];
}

/** LP names of the DCC's own variables (LP-safe, none starting with `e`). */
export const dccLpNames = {
  it: (k: number, t: number) => `it_${k}_${t}`,
  served: (k: number, t: number) => `bs_${k}_${t}`,
  migrate: (j: number, k: number, t: number) => `mg_${j}_${k}_${t}`,
  bus: (k: number, t: number) => `bus_${k}_${t}`,
  dcIn: (k: number, t: number) => `dgi_${k}_${t}`,
  dcOut: (k: number, t: number) => `dgo_${k}_${t}`,
};

const partition = periodLpNames();
const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });

function dccFlexibilityOf(period: PeriodView): DccFlexibility {
  const flex = period.flexibility;
  if (!flex || flex.kind !== "dcc") throw new Error(`DCC period LP: the period carries no DCC flexibility (kind ${flex?.kind ?? "none"})`);
  return flex;
}

function replaceConstraint(constraints: LpConstraint[], replacement: LpConstraint): void {
  const i = constraints.findIndex((c) => c.name === replacement.name);
  if (i < 0) throw new Error(`DCC period LP: no constraint ${replacement.name} to replace`);
  constraints[i] = replacement;
}

/** The DCC period LP as data (see the module comment). */
export function buildDccPeriodLp(period: PeriodView, choice: PeriodLpCapacity): LinearProgram {
  const flex = dccFlexibilityOf(period);
  const H = period.steps;
  const dt = period.dtHours;
  const first = period.firstStep;
  const dcs = flex.dataCenters;
  const n = dcs.length;
  const migrates = flex.migrationBandwidthKW > 0 && n > 1;
  const linked = Number.isFinite(flex.interconnectKW);
  const parts: LpParts = { variables: [], objective: [], constraints: [] };
  // The partition's balance and peak rows are rebuilt below; its net-load rhs is not used.
  const zeroLoad: PeriodView = { ...period, netLoadKW: new Float64Array(H) };
  addRentedPartition(parts, zeroLoad, partition, choice);
  const { variables, objective, constraints } = parts;
  const v = dccLpNames;

  for (let k = 0; k < n; k++) {
    const dc = dcs[k]!;
    let arrived = 0;
    const cumulative: number[] = [];
    const servedSoFar: LinearTerm[] = [];
    for (let t = 0; t < H; t++) {
      const a = dc.batchKW[first + t]!;
      const i = dc.interactiveKW[first + t]!;
      arrived += a;
      cumulative.push(arrived);
      variables.push({ name: v.served(k, t), lower: 0, upper: Infinity }, { name: v.it(k, t), lower: 0, upper: Math.max(dc.itCapacityKW, i + a) });
      const itTerms = [term(v.it(k, t), 1), term(v.served(k, t), -1)];
      if (migrates) {
        const out: LinearTerm[] = [];
        for (let j = 0; j < n; j++) {
          if (j === k) continue;
          variables.push({ name: v.migrate(k, j, t), lower: 0, upper: Infinity });
          out.push(term(v.migrate(k, j, t), 1));
          itTerms.push(term(v.migrate(k, j, t), 1), term(v.migrate(j, k, t), -1));
        }
        constraints.push({ name: `mgo_${k}_${t}`, terms: [...out, term(v.served(k, t), -1)], sense: "<=", rhs: 0 });
      }
      constraints.push({ name: `itd_${k}_${t}`, terms: itTerms, sense: "=", rhs: i });
      servedSoFar.push(term(v.served(k, t), 1));
      const due = t - dc.deadlineSteps + 1;
      if (t === H - 1) {
        constraints.push({ name: `bfin_${k}`, terms: [...servedSoFar], sense: "=", rhs: arrived });
      } else {
        constraints.push({ name: `bcu_${k}_${t}`, terms: [...servedSoFar], sense: "<=", rhs: arrived });
        if (due >= 0) constraints.push({ name: `bcl_${k}_${t}`, terms: [...servedSoFar], sense: ">=", rhs: cumulative[due]! });
      }
    }
  }

  for (let t = 0; t < H; t++) {
    if (migrates) {
      const all: LinearTerm[] = [];
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) if (j !== k) all.push(term(v.migrate(j, k, t), 1));
      constraints.push({ name: `mgb_${t}`, terms: all, sense: "<=", rhs: flex.migrationBandwidthKW });
    }
    const storageTerms = [term(partition.charge(t), 1), term(partition.discharge(t), -1), term(partition.gridIn(t), -1), term(partition.gridOut(t), 1)];
    if (!linked) {
      let wind = 0;
      const facility: LinearTerm[] = [];
      for (let k = 0; k < n; k++) {
        wind += dcs[k]!.windKW[first + t]!;
        facility.push(term(v.it(k, t), dcs[k]!.pue[first + t]!));
      }
      replaceConstraint(constraints, { name: `bal_${t}`, terms: [...storageTerms, ...facility], sense: "=", rhs: wind });
      continue;
    }
    const bus: LinearTerm[] = [];
    const dcImports: LinearTerm[] = [];
    for (let k = 0; k < n; k++) {
      const dc = dcs[k]!;
      variables.push(
        { name: v.bus(k, t), lower: -flex.interconnectKW, upper: flex.interconnectKW },
        { name: v.dcIn(k, t), lower: 0, upper: Infinity },
        { name: v.dcOut(k, t), lower: 0, upper: Infinity },
      );
      objective.push(term(v.dcIn(k, t), period.buyPrice[t]! * dt), term(v.dcOut(k, t), -period.sellPrice[t]! * dt));
      constraints.push({
        name: `dcb_${k}_${t}`,
        terms: [term(v.it(k, t), dc.pue[first + t]!), term(v.bus(k, t), -1), term(v.dcIn(k, t), -1), term(v.dcOut(k, t), 1)],
        sense: "=",
        rhs: dc.windKW[first + t]!,
      });
      bus.push(term(v.bus(k, t), 1));
      dcImports.push(term(v.dcIn(k, t), -1));
    }
    replaceConstraint(constraints, { name: `bal_${t}`, terms: [...storageTerms, ...bus], sense: "=", rhs: 0 });
    if (period.demandChargePerKW > 0) {
      replaceConstraint(constraints, { name: `pk_${t}`, terms: [term(partition.peak, 1), term(partition.gridIn(t), -1), ...dcImports], sense: ">=", rhs: 0 });
    }
  }
  return { sense: "minimize", variables, objective, constraints };
}

/**
 * Solves the DCC period LP: with `{ prices }` E and P are chosen (best response), with
 * `{ capacity }` they are fixed (the plan). The load shift per step is the planned cluster
 * facility power minus the profile's: Σ_k PUE_{k,t}·(IT_{k,t} − i_{k,t} − a_{k,t}), so the
 * planned position is netLoad + loadShift + c − d. `loadLpSolver()` must have run.
 */
export function solveDccPeriodLp(period: PeriodView, choice: PeriodLpCapacity): DccPeriodPlan {
  const flex = dccFlexibilityOf(period);
  const solution = solveLp(buildDccPeriodLp(period, choice));
  const value = (name: string) => Math.max(0, solution.values.get(name) ?? 0);
  const H = period.steps;
  const first = period.firstStep;
  const n = flex.dataCenters.length;
  const part = readPartition(solution.values, period, partition);
  const itKW = flex.dataCenters.map((_, k) => Array.from({ length: H }, (_, t) => value(dccLpNames.it(k, t))));
  const batchServedKW = flex.dataCenters.map((_, k) => Array.from({ length: H }, (_, t) => value(dccLpNames.served(k, t))));
  const migratedKW = Array.from({ length: H }, (_, t) => {
    let sum = 0;
    if (flex.migrationBandwidthKW > 0) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) if (j !== k) sum += value(dccLpNames.migrate(j, k, t));
    return sum;
  });
  const loadShiftKW = Array.from({ length: H }, (_, t) => {
    let shift = 0;
    flex.dataCenters.forEach((dc, k) => {
      shift += dc.pue[first + t]! * (itKW[k]![t]! - dc.interactiveKW[first + t]! - dc.batchKW[first + t]!);
    });
    return shift;
  });
  const positionKW = part.positionKW.map((p, t) => p + loadShiftKW[t]!);
  return {
    ...periodPlanOf(period, choice, part, positionKW, solution.objective),
    loadShiftKW,
    itKW,
    batchServedKW,
    migratedKW,
  };
}

import type { LinearProgram, LinearTerm, LpConstraint } from "../../../core/lp.js";
import { solveLp } from "../../../core/lp.js";
import { naiveCooling } from "./cooling.js";
import type { DataCenterFlexibility, DccFlexibility } from "./flexibility.js";
import type { PeriodView } from "../../types.js";
import { addRentedPartition, periodLpNames, periodPlanOf, readPartition, type LpParts, type PeriodLpCapacity } from "../../strategies/period-lp.js";
import type { FlexiblePeriodPlan } from "../../strategies/flexible-plan.js";
import type { FlexibilityLpPart } from "../../strategies/lp-part.js";

/**
 * The period LP of a data-center cluster (MODEL.md §3, docs/agents/dcc-operator.md). On top
 * of the rented partition of period-lp.ts (E, P, c_t, d_t, e_t, cluster grid g⁺_t, g⁻_t,
 * peak), per DC k and step t (period-local, H steps, a_{k,t} batch arrivals, i_{k,t}
 * interactive load, K_k = ⌊D_k/Δt⌋):
 *
 *     s_{k,t} ≥ 0                        batch work of k's queue done at t, kW
 *     m_{j→k,t} ≥ 0, Σ_k m_{j→k,t} ≤ s_{j,t},  Σ_{j,k} m_{j→k,t} ≤ B      migration
 *     IT_{k,t} = i_{k,t} + s_{k,t} − Σ_j m_{k→j,t} + (1 + ℓ)·Σ_j m_{j→k,t} ≤ max(itCap_k, i_{k,t} + a_{k,t})
 *     Σ_{u≤t} s_{k,u} ≤ Σ_{u≤t} a_{k,u}                        no work before it arrives
 *     Σ_{u≤t} s_{k,u} ≥ Σ_{u≤t−K_k+1} a_{k,u},  Σ_{u<H} s_{k,u} = Σ_{u<H} a_{k,u}
 *
 * Deadline rule: work arriving in step τ is done within steps τ … min(τ + K_k − 1, H − 1),
 * i.e. by min(arrival + D_k, period end); the cumulative form is exact for one queue
 * (earliest-deadline-first). ℓ is the migration loss (`migrationLossFraction`, 0 when absent):
 * a migrated kW costs (1 + ℓ) kW of IT power at the receiving DC (transfer, warm-up), which
 * then also pays that DC's PUE and cooling.
 *
 * Facility power F_{k,t} is PUE_{k,t}·IT_{k,t} without a cooling plant. With one (load factor
 * L, chiller COP κ; absorption COP α, most cooling Q̄^a, waste-heat share r; boiler efficiency
 * η, gas price p_g, most heat H̄):
 *
 *     q^e_{k,t} + q^a_{k,t} = L·IT_{k,t}            electric chiller + absorption cover the cooling load, kW_th
 *     q^a_{k,t} = α·(w_{k,t} + b_{k,t}),  0 ≤ q^a ≤ Q̄^a,  0 ≤ w_{k,t} ≤ r·IT_{k,t},  0 ≤ b_{k,t} ≤ H̄
 *     F_{k,t} = PUE_{k,t}·IT_{k,t} + q^e_{k,t}/κ,   objective += Σ p_g·b_{k,t}/η·Δt   (gas)
 *
 * Waste heat w is free and may be left unused; boiler heat b costs gas. Without an absorption
 * chiller F = (PUE + L/κ)·IT. The gas cost per step is the plan's external cost (paid outside
 * the market, reason `gas`).
 *
 * Unlimited interconnect: the DCs net freely,
 *     Σ_k (F_{k,t} − wind_{k,t}) + c_t − d_t = g⁺_t − g⁻_t.
 * Finite interconnect X: each DC exchanges y_{k,t} ∈ [−X, X] with the cluster's bus (where the
 * cluster's grid connection and the rented storage sit) and has its own grid position
 * priced at λ^b / λ^s:
 *     F_{k,t} − wind_{k,t} = y_{k,t} + g⁺_{k,t} − g⁻_{k,t},   Σ_k y_{k,t} + c_t − d_t = g⁺_t − g⁻_t,
 * and the demand-charge peak covers the cluster's whole import g⁺_t + Σ_k g⁺_{k,t}.
 *
 * Unnetted exchange: the sites (the bus's own connection and each DC's) import
 * I_t = g⁺_t + Σ_k g⁺_{k,t} and export X_t = g⁻_t + Σ_k g⁻_{k,t}; the engine settles the
 * cluster's net position N_t = I_t − X_t, plus the unnetted U_t = min(I_t, X_t) bought at λ^b
 * and sold at λ^s. Since λ^b·I − λ^s·X = λ^b·max(N, 0) − λ^s·max(−N, 0) + U·(λ^b − λ^s), the
 * objective above, which prices every site at λ^b / λ^s, is exactly what the engine charges;
 * the plan reports U_t (from each site's net g⁺ − g⁻) as `unnettedKW`.
 *
 * The capacity bound never cuts below what the profile itself runs, so serving batch work on
 * arrival at its own DC (the profile) is always feasible.
 */

/** A DCC period plan: the flexible plan plus what each DC runs. */
export interface DccPeriodPlan extends FlexiblePeriodPlan {
  /** Electric chiller power per step, cluster sum, kW_e (0 without cooling plants). */
  readonly chillerKW: readonly number[];
  /** Absorption cooling per step, cluster sum, kW_th. */
  readonly absorptionCoolingKW: readonly number[];
  /** Boiler gas per step, cluster sum, kW of gas. */
  readonly boilerGasKW: readonly number[];
  /** IT power per DC (in the flexibility's order) and step, kW. */
  readonly itKW: readonly (readonly number[])[];
  /** Batch work done per DC and step out of its own queue, kW. */
  readonly batchServedKW: readonly (readonly number[])[];
  /** Total batch IT power migrated per step, kW. */
  readonly migratedKW: readonly number[];
}

/** LP names of the DCC's own variables under `prefix` (LP-safe, none starting with `e`); `prefix` also starts its constraint names. */
export function dccLpNamesFor(prefix: string) {
  return {
    prefix,
    it: (k: number, t: number) => `${prefix}it_${k}_${t}`,
    served: (k: number, t: number) => `${prefix}bs_${k}_${t}`,
    migrate: (j: number, k: number, t: number) => `${prefix}mg_${j}_${k}_${t}`,
    bus: (k: number, t: number) => `${prefix}bus_${k}_${t}`,
    dcIn: (k: number, t: number) => `${prefix}dgi_${k}_${t}`,
    dcOut: (k: number, t: number) => `${prefix}dgo_${k}_${t}`,
    chillerCooling: (k: number, t: number) => `${prefix}qch_${k}_${t}`,
    absorptionCooling: (k: number, t: number) => `${prefix}qab_${k}_${t}`,
    wasteHeat: (k: number, t: number) => `${prefix}hw_${k}_${t}`,
    boilerHeat: (k: number, t: number) => `${prefix}hb_${k}_${t}`,
  };
}

/** The names of a DCC's variables in some LP (see {@link dccLpNamesFor}). */
export type DccLpNames = ReturnType<typeof dccLpNamesFor>;

/** LP names of the DCC's own variables in its own period LP (no prefix). */
export const dccLpNames: DccLpNames = dccLpNamesFor("");

const partition = periodLpNames();
const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });

/**
 * The forecast's error at period step t, kW (0 under a perfect forecast): the DCC's LP builds
 * its position from its data centers' own series, so it adds the error that the period's
 * forecast net load carries, and plans on the forecast like every other planner.
 */
function forecastErrorAt(period: PeriodView, t: number): number {
  return period.forecastErrorKW ? period.forecastErrorKW[t]! : 0;
}

function dccFlexibilityOf(period: PeriodView): DccFlexibility {
  const flex = period.flexibility;
  if (!flex || flex.kind !== "dcc") throw new Error(`DCC period LP: the period carries no DCC flexibility (kind ${flex?.kind ?? "none"})`);
  return flex;
}

/**
 * Facility power of DC k at step t as LP terms: PUE·IT, plus the chiller's electricity
 * (q^e/κ with an absorption chiller, L·IT/κ without one).
 */
function facilityTerms(v: DccLpNames, dc: DataCenterFlexibility, k: number, t: number, first: number): LinearTerm[] {
  const pue = dc.pue[first + t]!;
  const cooling = dc.cooling;
  if (!cooling) return [term(v.it(k, t), pue)];
  if (!cooling.absorption) return [term(v.it(k, t), pue + cooling.loadFactor / cooling.chillerCop)];
  return [term(v.it(k, t), pue), term(v.chillerCooling(k, t), 1 / cooling.chillerCop)];
}

/** Appends DC k's cooling split at step t (module comment) when it has an absorption chiller. */
function addCoolingSplit(parts: LpParts, v: DccLpNames, dc: DataCenterFlexibility, k: number, t: number, dtHours: number): void {
  const abs = dc.cooling?.absorption;
  if (!dc.cooling || !abs) return;
  const it = v.it(k, t);
  parts.variables.push(
    { name: v.chillerCooling(k, t), lower: 0, upper: Infinity },
    { name: v.absorptionCooling(k, t), lower: 0, upper: abs.maxCoolingKW },
    { name: v.wasteHeat(k, t), lower: 0, upper: Infinity },
  );
  const drivingHeat = [term(v.absorptionCooling(k, t), 1), term(v.wasteHeat(k, t), -abs.cop)];
  if (abs.boiler) {
    parts.variables.push({ name: v.boilerHeat(k, t), lower: 0, upper: abs.boiler.maxHeatKW });
    parts.objective.push(term(v.boilerHeat(k, t), (abs.boiler.gasPricePerKWh / abs.boiler.efficiency) * dtHours));
    drivingHeat.push(term(v.boilerHeat(k, t), -abs.cop));
  }
  parts.constraints.push(
    { name: `${v.prefix}cl_${k}_${t}`, terms: [term(v.chillerCooling(k, t), 1), term(v.absorptionCooling(k, t), 1), term(it, -dc.cooling.loadFactor)], sense: "=", rhs: 0 },
    { name: `${v.prefix}wh_${k}_${t}`, terms: [term(v.wasteHeat(k, t), 1), term(it, -abs.wasteHeatRecovery)], sense: "<=", rhs: 0 },
    { name: `${v.prefix}ah_${k}_${t}`, terms: drivingHeat, sense: "=", rhs: 0 },
  );
}

function replaceConstraint(constraints: LpConstraint[], replacement: LpConstraint): void {
  const i = constraints.findIndex((c) => c.name === replacement.name);
  if (i < 0) throw new Error(`DCC period LP: no constraint ${replacement.name} to replace`);
  constraints[i] = replacement;
}

/** Whether the cluster migrates batch work at all (bandwidth and a second DC). */
const migratesWork = (flex: DccFlexibility) => flex.migrationBandwidthKW > 0 && flex.dataCenters.length > 1;

/**
 * Appends each DC's work over the period (module comment) to `parts` under names `v`: IT
 * power, batch queues and deadlines, migration out of each queue, the cooling split. The
 * migration bandwidth per step ({@link addMigrationBandwidth}) and the balance are the caller's.
 */
function addDataCenterWork(parts: LpParts, period: PeriodView, flex: DccFlexibility, v: DccLpNames): void {
  const H = period.steps;
  const first = period.firstStep;
  const dcs = flex.dataCenters;
  const n = dcs.length;
  const migrates = migratesWork(flex);
  const received = -(1 + (flex.migrationLossFraction ?? 0));
  const { variables, constraints } = parts;
  const p = v.prefix;
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
          itTerms.push(term(v.migrate(k, j, t), 1), term(v.migrate(j, k, t), received));
        }
        constraints.push({ name: `${p}mgo_${k}_${t}`, terms: [...out, term(v.served(k, t), -1)], sense: "<=", rhs: 0 });
      }
      constraints.push({ name: `${p}itd_${k}_${t}`, terms: itTerms, sense: "=", rhs: i });
      addCoolingSplit(parts, v, dc, k, t, period.dtHours);
      servedSoFar.push(term(v.served(k, t), 1));
      const due = t - dc.deadlineSteps + 1;
      if (t === H - 1) {
        constraints.push({ name: `${p}bfin_${k}`, terms: [...servedSoFar], sense: "=", rhs: arrived });
      } else {
        constraints.push({ name: `${p}bcu_${k}_${t}`, terms: [...servedSoFar], sense: "<=", rhs: arrived });
        if (due >= 0) constraints.push({ name: `${p}bcl_${k}_${t}`, terms: [...servedSoFar], sense: ">=", rhs: cumulative[due]! });
      }
    }
  }
}

/** Appends step t's migration bandwidth, Σ_{j≠k} m_{j→k,t} ≤ B, when the cluster migrates. */
function addMigrationBandwidth(parts: LpParts, flex: DccFlexibility, v: DccLpNames, t: number): void {
  if (!migratesWork(flex)) return;
  const n = flex.dataCenters.length;
  const all: LinearTerm[] = [];
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) if (j !== k) all.push(term(v.migrate(j, k, t), 1));
  parts.constraints.push({ name: `${v.prefix}mgb_${t}`, terms: all, sense: "<=", rhs: flex.migrationBandwidthKW });
}

/**
 * Appends a DCC's flexibility to an LP that is not its own (the joint LP), its names under
 * `prefix`: its position is the cluster's facility power minus its wind, Σ_k (F_{k,t} −
 * wind_{k,t}), netted across its DCs. A finite interconnect is not modelled here: with every
 * site behind one meter each DC's own connection nets with the rest anyway, so the
 * interconnect only ever adds unnetted exchange cost (dropping it can only lower the joint
 * optimum's cost).
 */
export function addDccFlexibility(parts: LpParts, period: PeriodView, prefix: string): FlexibilityLpPart {
  const flex = dccFlexibilityOf(period);
  const v = dccLpNamesFor(prefix);
  const first = period.firstStep;
  addDataCenterWork(parts, period, flex, v);
  const positionTerms: LinearTerm[][] = [];
  const positionConstantKW: number[] = [];
  for (let t = 0; t < period.steps; t++) {
    addMigrationBandwidth(parts, flex, v, t);
    positionTerms.push(flex.dataCenters.flatMap((dc, k) => facilityTerms(v, dc, k, t, first)));
    positionConstantKW.push(-flex.dataCenters.reduce((wind, dc) => wind + dc.windKW[first + t]!, 0) + forecastErrorAt(period, t));
  }
  return { positionTerms, positionConstantKW };
}

/** The DCC period LP as data (see the module comment). */
export function buildDccPeriodLp(period: PeriodView, choice: PeriodLpCapacity): LinearProgram {
  const flex = dccFlexibilityOf(period);
  const H = period.steps;
  const dt = period.dtHours;
  const first = period.firstStep;
  const dcs = flex.dataCenters;
  const n = dcs.length;
  const linked = Number.isFinite(flex.interconnectKW);
  const parts: LpParts = { variables: [], objective: [], constraints: [] };
  // The partition's balance and peak rows are rebuilt below; its net-load rhs is not used.
  const zeroLoad: PeriodView = { ...period, netLoadKW: new Float64Array(H) };
  addRentedPartition(parts, zeroLoad, partition, choice);
  const { variables, objective, constraints } = parts;
  const v = dccLpNames;
  addDataCenterWork(parts, period, flex, v);

  for (let t = 0; t < H; t++) {
    addMigrationBandwidth(parts, flex, v, t);
    const storageTerms = [term(partition.charge(t), 1), term(partition.discharge(t), -1), term(partition.gridIn(t), -1), term(partition.gridOut(t), 1)];
    if (!linked) {
      let wind = 0;
      const facility: LinearTerm[] = [];
      for (let k = 0; k < n; k++) {
        wind += dcs[k]!.windKW[first + t]!;
        facility.push(...facilityTerms(v, dcs[k]!, k, t, first));
      }
      replaceConstraint(constraints, { name: `bal_${t}`, terms: [...storageTerms, ...facility], sense: "=", rhs: wind - forecastErrorAt(period, t) });
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
        terms: [...facilityTerms(v, dc, k, t, first), term(v.bus(k, t), -1), term(v.dcIn(k, t), -1), term(v.dcOut(k, t), 1)],
        sense: "=",
        rhs: dc.windKW[first + t]!,
      });
      bus.push(term(v.bus(k, t), 1));
      dcImports.push(term(v.dcIn(k, t), -1));
    }
    // The forecast's error is the cluster's as a whole: it lands on the bus, where storage and the grid meet it.
    replaceConstraint(constraints, { name: `bal_${t}`, terms: [...storageTerms, ...bus], sense: "=", rhs: -forecastErrorAt(period, t) });
    if (period.demandChargePerKW > 0) {
      replaceConstraint(constraints, { name: `pk_${t}`, terms: [term(partition.peak, 1), term(partition.gridIn(t), -1), ...dcImports], sense: ">=", rhs: 0 });
    }
  }
  return { sense: "minimize", variables, objective, constraints };
}

/** What one DC's cooling plant does in a solved plan at step t, kW (all zero without one). */
function plannedCooling(dc: DataCenterFlexibility, k: number, t: number, itKW: number, value: (name: string) => number): { chillerKW: number; absorptionCoolingKW: number; boilerHeatKW: number } {
  const cooling = dc.cooling;
  if (!cooling) return { chillerKW: 0, absorptionCoolingKW: 0, boilerHeatKW: 0 };
  if (!cooling.absorption) return { chillerKW: (cooling.loadFactor * itKW) / cooling.chillerCop, absorptionCoolingKW: 0, boilerHeatKW: 0 };
  return {
    chillerKW: value(dccLpNames.chillerCooling(k, t)) / cooling.chillerCop,
    absorptionCoolingKW: value(dccLpNames.absorptionCooling(k, t)),
    boilerHeatKW: cooling.absorption.boiler ? value(dccLpNames.boilerHeat(k, t)) : 0,
  };
}

/**
 * Planned minus profile facility power of a DC at horizon step `step`, kW. Without a cooling plant this is
 * PUE·(IT − i − a) as it always was; with one, the chiller's planned electricity minus the
 * naive policy's at the profile's IT power i + a is added.
 */
function facilityShift(dc: DataCenterFlexibility, step: number, itKW: number, chillerKW: number): number {
  const it = dc.pue[step]! * (itKW - dc.interactiveKW[step]! - dc.batchKW[step]!);
  if (!dc.cooling) return it;
  const profileIt = dc.interactiveKW[step]! + dc.batchKW[step]!;
  return it + chillerKW - naiveCooling(dc.cooling, profileIt).chillerKW;
}

/**
 * Power imported at some sites while others export, per step, kW: min(Σ imports, Σ exports)
 * over the bus's own connection and each DC's (module comment). Each site's net g⁺ − g⁻ is
 * used, so a degenerate solution importing and exporting at one site counts once.
 */
function unnettedOf(values: (name: string) => number, n: number, H: number): number[] {
  return Array.from({ length: H }, (_, t) => {
    const nets = [values(partition.gridIn(t)) - values(partition.gridOut(t))];
    for (let k = 0; k < n; k++) nets.push(values(dccLpNames.dcIn(k, t)) - values(dccLpNames.dcOut(k, t)));
    let imports = 0;
    let exports = 0;
    for (const net of nets) {
      if (net > 0) imports += net;
      else exports -= net;
    }
    return Math.min(imports, exports);
  });
}

/**
 * Solves the DCC period LP: with `{ prices }` E and P are chosen (best response), with
 * `{ capacity }` they are fixed (the plan). The load shift per step is the planned cluster
 * facility power minus the profile's: Σ_k PUE_{k,t}·(IT_{k,t} − i_{k,t} − a_{k,t}) plus, for
 * DCs with a cooling plant, the planned chiller electricity minus the naive policy's, so the
 * planned position is netLoad + loadShift + c − d. With a boiler the plan carries the gas cost
 * per step (`externalCostPerStep`); with a finite interconnect the unnetted exchange
 * (`unnettedKW`). `loadLpSolver()` must have run.
 */
export function solveDccPeriodLp(period: PeriodView, choice: PeriodLpCapacity): DccPeriodPlan {
  const flex = dccFlexibilityOf(period);
  const solution = solveLp(buildDccPeriodLp(period, choice));
  const value = (name: string) => Math.max(0, solution.values.get(name) ?? 0);
  const H = period.steps;
  const first = period.firstStep;
  const dcs = flex.dataCenters;
  const n = dcs.length;
  const part = readPartition(solution.values, period, partition);
  const itKW = dcs.map((_, k) => Array.from({ length: H }, (_, t) => value(dccLpNames.it(k, t))));
  const batchServedKW = dcs.map((_, k) => Array.from({ length: H }, (_, t) => value(dccLpNames.served(k, t))));
  const migratedKW = Array.from({ length: H }, (_, t) => {
    let sum = 0;
    if (flex.migrationBandwidthKW > 0) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) if (j !== k) sum += value(dccLpNames.migrate(j, k, t));
    return sum;
  });
  const cooling = dcs.map((dc, k) => Array.from({ length: H }, (_, t) => plannedCooling(dc, k, t, itKW[k]![t]!, value)));
  const loadShiftKW = Array.from({ length: H }, (_, t) => {
    let shift = 0;
    dcs.forEach((dc, k) => {
      shift += facilityShift(dc, first + t, itKW[k]![t]!, cooling[k]![t]!.chillerKW);
    });
    return shift;
  });
  const clusterSum = (f: (dc: DataCenterFlexibility, k: number, t: number) => number) =>
    Array.from({ length: H }, (_, t) => dcs.reduce((s, dc, k) => s + f(dc, k, t), 0));
  const gasKWOf = (dc: DataCenterFlexibility, k: number, t: number) => {
    const boiler = dc.cooling?.absorption?.boiler;
    return boiler ? cooling[k]![t]!.boilerHeatKW / boiler.efficiency : 0;
  };
  const boilerGasKW = clusterSum(gasKWOf);
  const hasBoiler = dcs.some((dc) => dc.cooling?.absorption?.boiler);
  const externalCostPerStep = clusterSum((dc, k, t) => gasKWOf(dc, k, t) * (dc.cooling?.absorption?.boiler?.gasPricePerKWh ?? 0) * period.dtHours);
  const positionKW = part.positionKW.map((p, t) => p + loadShiftKW[t]!);
  return {
    ...periodPlanOf(period, choice, part, positionKW, solution.objective),
    loadShiftKW,
    // Present only when they can be non-zero, so plans without boilers or links log as before.
    ...(hasBoiler ? { externalCostPerStep } : {}),
    ...(Number.isFinite(flex.interconnectKW) ? { unnettedKW: unnettedOf(value, n, H) } : {}),
    itKW,
    batchServedKW,
    migratedKW,
    chillerKW: clusterSum((_, k, t) => cooling[k]![t]!.chillerKW),
    absorptionCoolingKW: clusterSum((_, k, t) => cooling[k]![t]!.absorptionCoolingKW),
    boilerGasKW,
  };
}

import type { LinearProgram, LinearTerm } from "../../core/lp.js";
import { solveLp } from "../../core/lp.js";
import type { RandomStream } from "../../core/rng.js";
import { ownBatteriesOf, type VppFlexibility } from "../flexibility.js";
import { decisionFor } from "../order.js";
import type { HeldCapacity, PeriodView, StepView, Strategy } from "../types.js";
import { plannedStorage } from "./lp-optimal.js";
import type { StrategyOptions } from "./options.js";
import { addRentedPartition, extendBalance, periodLpNames, periodPlanOf, readPartition, type LpParts, type PeriodLpCapacity } from "./period-lp.js";
import type { FlexiblePeriodPlan } from "./flexible-plan.js";
import type { FlexibilityLpPart } from "./lp-part.js";
import type { FlexibilityPlanner } from "../flexibility-planner.js";
import { initialBatteryKWh, stepBatteries } from "../own-battery.js";
import { lpStrategy, planOfPeriod, usableCapacity } from "./lp-strategy.js";
import { defineStrategy } from "../strategy-entry.js";
import { z } from "zod";

/**
 * A VPP's period LP: the period LP of period-lp.ts (its rented partition) plus its own
 * batteries k and deferrable loads j (shiftable loads, EVs):
 *
 *     min  (period-lp objective) + ε·Σ_{j,t} (t/H)·x_{j,t}·Δt
 *     s.t. netLoad_t + Σ_j (x_{j,t} − naive_{j,t}) + Σ_k (c_{k,t} − d_{k,t}) + c_t − d_t = g⁺_t − g⁻_t
 *          0 ≤ x_{j,t} ≤ maxKW_j on the steps of j's windows (0 elsewhere)
 *          Σ_{t ∈ w ∩ period} x_{j,t}·Δt = Σ_{t ∈ w ∩ period} naive_{j,t}·Δt   for each window instance w
 *          s_{k,t+1} = s_{k,t} + √η_k·c_{k,t}·Δt − d_{k,t}·Δt/√η_k,  0 ≤ s_{k,t} ≤ E_k,  c, d ≤ P_k
 *          s_{k,0} = the battery's energy now,  s_{k,H} ≥ s_{k,0}
 *
 * A window that crosses the period's end is split there: each part delivers what the naive
 * schedule delivers in it, so periods stay independent (as the partition's SOC rule does) at
 * the price of less freedom for windows across the boundary. The ε term (ε = 1e-6) only
 * breaks ties between equally priced steps in favour of the earliest.
 *
 * The same LP and strategies plan a household's own battery (flexibility kind `own-battery`):
 * a VPP with one battery and no deferrable loads, so there is one own-battery model, not two.
 */

/** The VPP's plan: the flexible plan plus each deferrable load's and battery's schedule. */
export interface VppPeriodPlan extends FlexiblePeriodPlan {
  /** x_{j,t}, kW: power drawn by deferrable load j at each step of the period. */
  readonly deferrableKW: readonly (readonly number[])[];
  /** c_{k,t} − d_{k,t}, kW: battery k's net charge at each step. */
  readonly batteryNetKW: readonly (readonly number[])[];
  /** s_{k,t}, kWh, t = 0 … H. */
  readonly batteryStoredKWh: readonly (readonly number[])[];
}

const TIE_BREAK = 1e-6;
const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });

/** What the VPP LP plans: own batteries and deferrable loads. */
export type VppPortfolio = Pick<VppFlexibility, "batteries" | "deferrable">;

/**
 * The portfolio of a period view: a VPP's flexibility, or own batteries alone (no deferrable
 * loads); an error naming what was there otherwise.
 */
export function vppOf(period: PeriodView): VppPortfolio {
  const f = period.flexibility;
  if (f?.kind === "vpp") return f;
  if (f?.kind === "own-battery") return { batteries: f.batteries, deferrable: [] };
  throw new Error(`VPP LP: the period view carries ${f ? `"${f.kind}"` : "no"} flexibility`);
}

/** LP names of a portfolio's variables under `prefix` (LP-safe, none starting with `e`). */
export function vppLpNames(prefix = "") {
  return {
    deferrable: (j: number, t: number) => `${prefix}vx_${j}_${t}`,
    charge: (k: number, t: number) => `${prefix}vbc_${k}_${t}`,
    discharge: (k: number, t: number) => `${prefix}vbd_${k}_${t}`,
    stored: (k: number, t: number) => `${prefix}vbs_${k}_${t}`,
    /** Prefix of the portfolio's constraint names. */
    prefix,
  };
}

/** A portfolio's part of an LP: the flexibility part plus the naive schedule it moves away from. */
export interface PortfolioLpPart extends FlexibilityLpPart {
  /** Σ_j naive_{j,t}, kW per step: the deferrable loads' profile draw, part of the net load. */
  readonly naiveKW: readonly number[];
}

/**
 * Appends a portfolio's deferrable loads and own batteries (module comment) to `parts`, its
 * names under `prefix`; `batteryKWh` is each battery's energy at the period's start (null:
 * its initial SOC). The position is netLoad − Σ naive + Σ_j x_j + Σ_k (c_k − d_k).
 */
export function addPortfolioFlexibility(parts: LpParts, period: PeriodView, prefix: string, batteryKWh: readonly number[] | null = null): PortfolioLpPart {
  const flex = vppOf(period);
  const H = period.steps;
  const dt = period.dtHours;
  const first = period.firstStep;
  const start = batteryKWh ?? initialBatteryKWh(flex);
  const n = vppLpNames(prefix);
  const balance: LinearTerm[][] = Array.from({ length: H }, () => []);
  const naiveSum = new Array<number>(H).fill(0);

  flex.deferrable.forEach((load, j) => {
    const instances = new Map<number, { terms: LinearTerm[]; energy: number }>();
    for (let t = 0; t < H; t++) {
      const w = load.windowOfStep[first + t]!;
      const naive = load.naiveKW[first + t]!;
      naiveSum[t] = naiveSum[t]! + naive;
      if (w < 0) continue;
      parts.variables.push({ name: n.deferrable(j, t), lower: 0, upper: load.maxKW });
      parts.objective.push(term(n.deferrable(j, t), (TIE_BREAK * t * dt) / H));
      balance[t]!.push(term(n.deferrable(j, t), 1));
      const inst = instances.get(w) ?? { terms: [], energy: 0 };
      inst.terms.push(term(n.deferrable(j, t), dt));
      inst.energy += naive * dt;
      instances.set(w, inst);
    }
    [...instances.values()].forEach((inst, i) => parts.constraints.push({ name: `${prefix}vxe_${j}_${i}`, terms: inst.terms, sense: "=", rhs: inst.energy }));
  });

  flex.batteries.forEach((b, k) => {
    const eta = Math.sqrt(b.efficiency);
    const s0 = Math.min(b.energyKWh, Math.max(0, start[k] ?? b.initialSoc * b.energyKWh));
    for (let t = 0; t <= H; t++) parts.variables.push({ name: n.stored(k, t), lower: t === 0 ? s0 : 0, upper: t === 0 ? s0 : b.energyKWh });
    for (let t = 0; t < H; t++) {
      parts.variables.push({ name: n.charge(k, t), lower: 0, upper: b.powerKW }, { name: n.discharge(k, t), lower: 0, upper: b.powerKW });
      balance[t]!.push(term(n.charge(k, t), 1), term(n.discharge(k, t), -1));
      parts.constraints.push({
        name: `${prefix}vbdyn_${k}_${t}`,
        terms: [term(n.stored(k, t + 1), 1), term(n.stored(k, t), -1), term(n.charge(k, t), -eta * dt), term(n.discharge(k, t), dt / eta)],
        sense: "=",
        rhs: 0,
      });
    }
    parts.constraints.push({ name: `${prefix}vbend_${k}`, terms: [term(n.stored(k, H), 1)], sense: ">=", rhs: s0 });
  });
  return { positionTerms: balance, positionConstantKW: naiveSum.map((naive, t) => period.netLoadKW[t]! - naive), naiveKW: naiveSum };
}

/**
 * The VPP's period LP as data (module comment), with the naive schedule it takes out of the
 * balance. `batteryKWh` is each battery's energy at the period's start (default: its initial SOC).
 */
export function buildVppPeriodLp(period: PeriodView, choice: PeriodLpCapacity, batteryKWh: readonly number[] | null = null): LinearProgram & { readonly naiveKW: readonly number[] } {
  const H = period.steps;
  const names = periodLpNames();
  const parts: LpParts = { variables: [], objective: [], constraints: [] };
  addRentedPartition(parts, period, names, choice);
  const portfolio = addPortfolioFlexibility(parts, period, "", batteryKWh);
  const naiveSum = portfolio.naiveKW;
  // The partition's balance already holds the net load; the portfolio adds its terms and takes its naive schedule out.
  for (let t = 0; t < H; t++) {
    const terms = portfolio.positionTerms[t]!;
    if (terms.length > 0 || naiveSum[t] !== 0) extendBalance(parts, names.prefix, t, terms, naiveSum[t]!);
  }
  return { sense: "minimize", ...parts, naiveKW: naiveSum };
}

/**
 * Solves the VPP's period LP (module comment). `batteryKWh` is each battery's energy at the
 * period's start (default: its initial SOC). `loadLpSolver()` must have run.
 */
export function solveVppPeriodLp(period: PeriodView, choice: PeriodLpCapacity, batteryKWh: readonly number[] | null = null): VppPeriodPlan {
  const flex = vppOf(period);
  const H = period.steps;
  const first = period.firstStep;
  const names = periodLpNames();
  const { naiveKW: naiveSum, ...lp } = buildVppPeriodLp(period, choice, batteryKWh);
  const n = vppLpNames();
  const solution = solveLp(lp);
  const value = (name: string) => Math.max(0, solution.values.get(name) ?? 0);
  const part = readPartition(solution.values, period, names);
  const deferrableKW = flex.deferrable.map((load, j) =>
    Array.from({ length: H }, (_, t) => (load.windowOfStep[first + t]! >= 0 ? Math.min(load.maxKW, value(n.deferrable(j, t))) : 0)),
  );
  const batteryNetKW = flex.batteries.map((_, k) => Array.from({ length: H }, (_, t) => value(n.charge(k, t)) - value(n.discharge(k, t))));
  const batteryStoredKWh = flex.batteries.map((_, k) => Array.from({ length: H + 1 }, (_, t) => value(n.stored(k, t))));
  const loadShiftKW = Array.from({ length: H }, (_, t) => {
    let shift = -naiveSum[t]!;
    for (const d of deferrableKW) shift += d[t]!;
    for (const b of batteryNetKW) shift += b[t]!;
    return Math.abs(shift) < 1e-9 ? 0 : shift;
  });
  const positionKW = part.positionKW.map((p, t) => p + loadShiftKW[t]!);
  return {
    ...periodPlanOf(period, choice, part, positionKW, solution.objective),
    loadShiftKW,
    deferrableKW,
    batteryNetKW,
    batteryStoredKWh,
  };
}

// ───────────────────────────── strategies ─────────────────────────────

/** The VPP's period plan as kept in the strategy state (plain arrays: it logs as JSON). */
export interface VppPlanState {
  readonly firstStep: number;
  readonly chargeKW: readonly number[];
  readonly dischargeKW: readonly number[];
  /** Σ_j (x_{j,t} − naive_{j,t}), kW: the deferrable loads' part of the load shift. */
  readonly deferShiftKW: readonly number[];
  /** Per battery, planned net charge per step, kW. */
  readonly batteryNetKW: readonly (readonly number[])[];
}

/** State of the VPP strategy: the period's plan and each own battery's energy now, kWh (null: initial SOC). */
export interface VppState {
  readonly plan: VppPlanState | null;
  readonly batteryKWh: readonly number[] | null;
}

/**
 * The LP strategy of an agent with a portfolio (a VPP; a household with its own battery, kind
 * `own-battery`): best response and plan by {@link solveVppPeriodLp} from the batteries' energy
 * now (kept in the state); each step it moves the deferrable loads as planned and runs each
 * battery at its planned net charge clamped to what the battery can do, the storage plan
 * clamped to the partition. Without a plan for the period: naive schedule, batteries idle.
 */
export function portfolioLpStrategy(options: StrategyOptions): Strategy<VppState> {
  return lpStrategy<VppState, VppPeriodPlan>({
    initialState: () => ({ plan: null, batteryKWh: null }),
    solve: (period, choice, state) => solveVppPeriodLp(period, choice, state.batteryKWh),
    build(period, choice, state) {
      const { naiveKW: _naive, ...lp } = buildVppPeriodLp(period, choice, state.batteryKWh);
      return lp;
    },
    plan(period: PeriodView, capacity: HeldCapacity, state: VppState): VppState {
      const plan = solveVppPeriodLp(period, { capacity: usableCapacity(capacity) }, state.batteryKWh);
      const batteryShift = plan.loadShiftKW.map((_, t) => plan.batteryNetKW.reduce((s, b) => s + b[t]!, 0));
      return {
        batteryKWh: state.batteryKWh ?? initialBatteryKWh(vppOf(period)),
        plan: {
          firstStep: period.firstStep,
          chargeKW: plan.chargeKW,
          dischargeKW: plan.dischargeKW,
          deferShiftKW: plan.loadShiftKW.map((x, t) => x - batteryShift[t]!),
          batteryNetKW: plan.batteryNetKW,
        },
      };
    },
    decide(agentId: string, view: StepView, state: VppState, rng: RandomStream) {
      const current = planOfPeriod(view, state.plan);
      let shift = current?.deferShiftKW[view.stepInPeriod] ?? 0;
      let batteryKWh = state.batteryKWh;
      const batteries = ownBatteriesOf(view.flexibility);
      if (batteries.length > 0) {
        const own = stepBatteries(batteries, state.batteryKWh, (k) => current?.batteryNetKW[k]?.[view.stepInPeriod] ?? 0, view.dtHours, shift);
        shift = own.shiftKW;
        batteryKWh = own.storedKWh;
      }
      if (Math.abs(shift) < 1e-12) shift = 0;
      const decision = decisionFor(agentId, view, plannedStorage(view, current), options.bidJitter, rng, shift);
      return { decision, state: { plan: state.plan, batteryKWh } };
    },
  });
}

/** The LP strategy of any kind whose flexibility is a portfolio (module comment of {@link portfolioLpStrategy}). */
export const portfolioLpEntry = defineStrategy({
  name: "lp-optimal",
  description: "LP over the rented partition, own batteries and deferrable loads (batteries' energy carried across periods), plan followed step by step",
  params: z.strictObject({}),
  create: (options) => portfolioLpStrategy(options) as Strategy,
});

/** The stateless planner of a portfolio (flexibility `vpp` or `own-battery`): every period from the batteries' initial SOC. */
export function portfolioPlanner(kind: "vpp" | "own-battery", description: string): FlexibilityPlanner {
  return {
    kind,
    description,
    addToLp: (parts, period, prefix) => addPortfolioFlexibility(parts, period, prefix, null),
    solve: (period, choice) => solveVppPeriodLp(period, choice, null),
    build: (period, choice) => buildVppPeriodLp(period, choice, null),
  };
}

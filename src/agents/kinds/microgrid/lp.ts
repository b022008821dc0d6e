import type { LinearProgram, LinearTerm } from "../../../core/lp.js";
import { solveLp } from "../../../core/lp.js";
import type { DispatchableGenerator, MicrogridFlexibility } from "../../flexibility.js";
import type { PeriodView } from "../../types.js";
import { addRentedPartition, extendBalance, periodLpNames, periodPlanOf, readPartition, type LpParts, type PeriodLpCapacity } from "../../strategies/period-lp.js";
import type { FlexiblePeriodPlan } from "../../strategies/flexible-plan.js";
import type { FlexibilityLpPart } from "../../strategies/lp-part.js";

/**
 * A microgrid's period LP: the period LP of period-lp.ts (its rented partition) plus its
 * dispatchable generator g_t ∈ [0, maxKW], which removes load (loadShift = −g_t):
 *
 *     min  (period-lp objective) + Σ_t (b + a/maxKW)·g_t·Δt
 *     s.t. netLoad_t − g_t + c_t − d_t = g⁺_t − g⁻_t
 *          |g_t − g_{t−1}| ≤ ramp      (g_{−1}: the output before the period, when known)
 *          g⁺_t ≤ max(tie, netLoad_t),  g⁻_t ≤ max(tie, −netLoad_t + m_t)
 *
 * The fixed running cost a (per hour while g > 0) is not linear: the LP relaxes it to
 * a·g/maxKW, exact at full output and an underestimate below it, so the generator's marginal
 * cost in the LP is b + a/maxKW per kWh. The tie bounds keep |position| ≤ gridTieKW, except
 * where the profile alone already exceeds the tie (the plan then never makes it worse), and m_t
 * = max(0, g_{−1} − ramp·(t+1)) is the output a ramp-down cannot yet avoid; so the LP is
 * always feasible.
 */

/** The microgrid's plan: the flexible plan plus the generator output. */
export interface MicrogridPeriodPlan extends FlexiblePeriodPlan {
  /** g_t, kW, one per step (loadShiftKW = −g_t). */
  readonly generatorKW: readonly number[];
}

const term = (variable: string, coefficient: number): LinearTerm => ({ variable, coefficient });

/** The microgrid flexibility of a period view, or an error naming what was there. */
export function microgridOf(period: PeriodView): MicrogridFlexibility {
  const f = period.flexibility;
  if (!f || f.kind !== "microgrid") throw new Error(`microgrid LP: the period view carries ${f ? `"${f.kind}"` : "no"} flexibility`);
  return f;
}

/** The generator's LP cost per kWh: b + a/maxKW (the running cost relaxed to a·g/maxKW). */
export function generatorLpCostPerKWh(g: { readonly maxKW: number; readonly costPerHourRunning: number; readonly costPerKWh: number }): number {
  return g.costPerKWh + g.costPerHourRunning / g.maxKW;
}

/** LP name of the generator's output at step t under `prefix`. */
export const generatorLpName = (prefix: string, t: number) => `${prefix}gen_${t}`;

/**
 * Appends the generator's step t to `parts` (module comment): g_t in [0, maxKW] at its LP
 * cost, its ramp from g_{t−1} (from `initialGeneratorKW` at t = 0 when known); returns the
 * terms g_t adds to the microgrid's position (−g_t) and the output a ramp-down cannot yet
 * avoid, m_t. Step by step so that a caller can interleave its own rows (the tie) as the
 * single-agent LP always has.
 */
export function addGeneratorStep(parts: LpParts, gen: DispatchableGenerator, dtHours: number, prefix: string, t: number, initialGeneratorKW: number | null): { positionTerms: LinearTerm[]; forcedKW: number } {
  const genName = (u: number) => generatorLpName(prefix, u);
  parts.variables.push({ name: genName(t), lower: 0, upper: gen.maxKW });
  parts.objective.push(term(genName(t), generatorLpCostPerKWh(gen) * dtHours));
  const ramp = gen.rampKWPerStep;
  if (t > 0) {
    parts.constraints.push(
      { name: `${prefix}rup_${t}`, terms: [term(genName(t), 1), term(genName(t - 1), -1)], sense: "<=", rhs: ramp },
      { name: `${prefix}rdn_${t}`, terms: [term(genName(t), 1), term(genName(t - 1), -1)], sense: ">=", rhs: -ramp },
    );
  } else if (initialGeneratorKW !== null) {
    parts.constraints.push(
      { name: `${prefix}rup_0`, terms: [term(genName(0), 1)], sense: "<=", rhs: initialGeneratorKW + ramp },
      { name: `${prefix}rdn_0`, terms: [term(genName(0), 1)], sense: ">=", rhs: initialGeneratorKW - ramp },
    );
  }
  return { positionTerms: [term(genName(t), -1)], forcedKW: initialGeneratorKW !== null ? Math.max(0, initialGeneratorKW - ramp * (t + 1)) : 0 };
}

/**
 * Appends a microgrid's generator over the whole period to `parts`, its names under `prefix`,
 * for an LP that is not the microgrid's own (the joint LP): the position is netLoad − g_t.
 * The grid tie is not part of it: it limits the microgrid's own connection, which a joint LP
 * behind one meter does not model (dropping it can only lower the joint optimum's cost).
 */
export function addMicrogridFlexibility(parts: LpParts, period: PeriodView, prefix: string, initialGeneratorKW: number | null = null): FlexibilityLpPart {
  const gen = microgridOf(period).generator;
  const positionTerms = Array.from({ length: period.steps }, (_, t) => (gen ? addGeneratorStep(parts, gen, period.dtHours, prefix, t, initialGeneratorKW).positionTerms : []));
  return { positionTerms, positionConstantKW: Array.from(period.netLoadKW) };
}

/**
 * The microgrid's period LP as data (module comment). `initialGeneratorKW` is the generator's
 * output in the step before the period (null: unknown, the first step is not ramp-limited).
 */
export function buildMicrogridPeriodLp(period: PeriodView, choice: PeriodLpCapacity, initialGeneratorKW: number | null = null): LinearProgram {
  const flex = microgridOf(period);
  const H = period.steps;
  const names = periodLpNames();
  const parts: LpParts = { variables: [], objective: [], constraints: [] };
  addRentedPartition(parts, period, names, choice);
  const gen = flex.generator;
  for (let t = 0; t < H; t++) {
    let forced = 0;
    if (gen) {
      const step = addGeneratorStep(parts, gen, period.dtHours, names.prefix, t, initialGeneratorKW);
      extendBalance(parts, names.prefix, t, step.positionTerms);
      forced = step.forcedKW;
    }
    if (flex.gridTieKW !== null) {
      const x = period.netLoadKW[t]!;
      parts.constraints.push(
        { name: `tin_${t}`, terms: [term(names.gridIn(t), 1)], sense: "<=", rhs: Math.max(flex.gridTieKW, x) },
        { name: `tout_${t}`, terms: [term(names.gridOut(t), 1)], sense: "<=", rhs: Math.max(flex.gridTieKW, -x + forced) },
      );
    }
  }
  return { sense: "minimize", ...parts };
}

/**
 * Solves the microgrid's period LP (module comment). `initialGeneratorKW` is the generator's
 * output in the step before the period (null: unknown, the first step is not ramp-limited).
 * `loadShiftKW` = −generatorKW. `loadLpSolver()` must have run.
 */
export function solveMicrogridPeriodLp(period: PeriodView, choice: PeriodLpCapacity, initialGeneratorKW: number | null = null): MicrogridPeriodPlan {
  const gen = microgridOf(period).generator;
  const H = period.steps;
  const names = periodLpNames();
  const solution = solveLp(buildMicrogridPeriodLp(period, choice, initialGeneratorKW));
  const part = readPartition(solution.values, period, names);
  const generatorKW = Array.from({ length: H }, (_, t) => (gen ? Math.min(gen.maxKW, Math.max(0, solution.values.get(generatorLpName(names.prefix, t)) ?? 0)) : 0));
  const positionKW = part.positionKW.map((x, t) => x - generatorKW[t]!);
  return {
    ...periodPlanOf(period, choice, part, positionKW, solution.objective),
    loadShiftKW: generatorKW.map((g) => (g === 0 ? 0 : -g)),
    generatorKW,
  };
}

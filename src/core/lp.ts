import { createRequire } from "node:module";
import type { Highs } from "highs";

/**
 * Linear programmes solved by HiGHS (WebAssembly). The module is loaded once per process
 * (≈ 100 ms) by `loadLpSolver()`; after that `solveLp` is synchronous, so the simulation's
 * hot path stays synchronous and deterministic.
 */

/** `coefficient × variable`. */
export interface LinearTerm {
  readonly variable: string;
  readonly coefficient: number;
}

/** A bounded variable; `upper` may be `Infinity`. Names: letters, digits, `_`. */
export interface LpVariable {
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
  /** Whole numbers only (a mixed-integer programme); a binary is an integer in [0, 1]. Absent: continuous. */
  readonly integer?: boolean;
}

/** `Σ terms (sense) rhs`. */
export interface LpConstraint {
  readonly name: string;
  readonly terms: readonly LinearTerm[];
  readonly sense: "<=" | ">=" | "=";
  readonly rhs: number;
}

/** A minimisation or maximisation over continuous (and, where marked, integer) variables. */
export interface LinearProgram {
  readonly sense: "minimize" | "maximize";
  readonly objective: readonly LinearTerm[];
  readonly constraints: readonly LpConstraint[];
  readonly variables: readonly LpVariable[];
}

/** An optimal solution: objective value and every variable's value. */
export interface LpSolution {
  readonly objective: number;
  readonly values: ReadonlyMap<string, number>;
  /** Each constraint's dual value (shadow price) by name; continuous programmes only (absent for a MIP). */
  readonly duals?: ReadonlyMap<string, number>;
}

/** How hard the solver works on a mixed-integer programme. */
export interface SolveOptions {
  /** Relative gap between the best solution and the bound at which a MIP counts as solved; HiGHS's default 1e-4 when absent. 0: proved optimal. */
  readonly mipRelativeGap?: number;
  /** Absolute gap (in objective units) at which a MIP counts as solved; HiGHS's default 1e-6 when absent. 0 with a relative gap of 0: proved optimal to the solver's tolerances. */
  readonly mipAbsoluteGap?: number;
  /** Wall-clock limit, seconds; absent: none. A limit reached is `LpNotSolvedError` ("Time limit reached"). */
  readonly timeLimitSeconds?: number;
  /** Also return every constraint's dual (continuous programmes only). */
  readonly duals?: boolean;
}

/** The solver ended without an optimum (infeasible, unbounded, …). */
export class LpNotSolvedError extends Error {
  readonly status: string;
  constructor(status: string) {
    super(`LP solver status: ${status}`);
    this.name = "LpNotSolvedError";
    this.status = status;
  }
}

let highs: Highs | undefined;

/** Loads HiGHS once; later calls return at once. */
export async function loadLpSolver(): Promise<void> {
  if (highs) return;
  const load = createRequire(import.meta.url)("highs") as () => Promise<Highs>;
  highs = await load();
}

/**
 * The HiGHS instance `loadLpSolver()` loaded, for modules that keep models in memory
 * (persistent-lp.ts); one instance per process, so every model shares one WebAssembly heap.
 */
export function loadedHighs(): Highs {
  if (!highs) throw new Error("HiGHS is not loaded: call loadLpSolver() first");
  return highs;
}

/**
 * Solves `lp` to optimality (a MIP: to `options.mipRelativeGap`) or throws `LpNotSolvedError`.
 * `loadLpSolver()` must have run.
 */
export function solveLp(lp: LinearProgram, options: SolveOptions = {}): LpSolution {
  if (!highs) throw new Error("solveLp: call loadLpSolver() first");
  const settings: Record<string, number> = {};
  if (options.mipRelativeGap !== undefined) settings["mip_rel_gap"] = options.mipRelativeGap;
  if (options.mipAbsoluteGap !== undefined) settings["mip_abs_gap"] = options.mipAbsoluteGap;
  if (options.timeLimitSeconds !== undefined) settings["time_limit"] = options.timeLimitSeconds;
  const result = highs.solve(toLpFormat(lp), settings);
  if (result.Status !== "Optimal") throw new LpNotSolvedError(String(result.Status));
  const values = new Map<string, number>();
  for (const v of lp.variables) {
    const column = (result.Columns as Record<string, { Primal: number }>)[v.name];
    values.set(v.name, column ? column.Primal : 0);
  }
  if (!options.duals || lp.variables.some((v) => v.integer)) return { objective: result.ObjectiveValue, values };
  const duals = new Map<string, number>();
  for (const row of result.Rows as readonly { Name?: string; Dual?: number }[]) if (row.Name !== undefined && row.Dual !== undefined) duals.set(row.Name, row.Dual);
  return { objective: result.ObjectiveValue, values, duals };
}

/** The CPLEX LP text HiGHS reads. */
export function toLpFormat(lp: LinearProgram): string {
  const lines = [lp.sense === "minimize" ? "Minimize" : "Maximize", ` obj: ${expression(lp.objective)}`, "Subject To"];
  for (const c of lp.constraints) lines.push(` ${c.name}: ${expression(c.terms)} ${c.sense} ${num(c.rhs)}`);
  lines.push("Bounds");
  for (const v of lp.variables) {
    const upper = v.upper === Infinity ? "+inf" : num(v.upper);
    const lower = v.lower === -Infinity ? "-inf" : num(v.lower);
    lines.push(` ${lower} <= ${v.name} <= ${upper}`);
  }
  const integers = lp.variables.filter((v) => v.integer).map((v) => v.name);
  if (integers.length > 0) lines.push("General", ...integers.map((name) => ` ${name}`));
  lines.push("End");
  return lines.join("\n");
}

function expression(terms: readonly LinearTerm[]): string {
  const kept = terms.filter((t) => t.coefficient !== 0);
  // An empty expression is not valid LP text; a zero-weighted first variable keeps it well formed.
  if (kept.length === 0) return terms.length > 0 ? `0 ${terms[0]!.variable}` : "0 zero_";
  return kept.map((t, i) => `${t.coefficient < 0 ? "-" : i === 0 ? "" : "+"} ${num(Math.abs(t.coefficient))} ${t.variable}`).join(" ");
}

function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`LP coefficient is not finite: ${x}`);
  return String(x);
}

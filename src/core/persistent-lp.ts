import type { Model } from "highs";
import { loadedHighs, LpNotSolvedError, type LinearProgram } from "./lp.js";

/**
 * Linear (and mixed-integer) programmes kept in memory by HiGHS between solves. A model is
 * loaded once from a `LinearProgram` (no LP text is written or parsed); later solves change
 * only what the caller changes (objective coefficients, bounds) and start from the previous
 * optimal basis — a warm start, typically a handful of simplex iterations instead of a solve
 * from scratch.
 *
 * Each model owns memory in the WebAssembly heap that garbage collection never frees, so every
 * model must be disposed: use `withPersistentLps` (disposes in `finally`) or call `dispose()`
 * yourself. `loadLpSolver()` (lp.ts) must have run: all models share its one HiGHS instance.
 *
 * Determinism: HiGHS is single-threaded here and seeded with a fixed `random_seed`, so the same
 * sequence of changes and solves gives the same bytes. A warm start may end at another optimal
 * vertex than a cold solve when the optimum is not unique (that is, where the LP is
 * indifferent), and equal vertices can differ in the last bits; callers that log values must
 * say which solve they log.
 */

/** Limits for a mixed-integer programme. */
export interface MipLimits {
  /** Relative gap at which a MIP counts as solved; 0: proved optimal. HiGHS's default 1e-4 when absent. */
  readonly relativeGap?: number;
  /** Branch-and-bound nodes before stopping: a limit that does not depend on the machine's speed. */
  readonly maxNodes?: number;
  /** Wall-clock limit, seconds; absent: none. A result cut by it depends on the machine. */
  readonly timeLimitSeconds?: number;
}

/** What one solve of a persistent model ended with. */
export interface PersistentSolveResult {
  /** HiGHS's model status, e.g. "Optimal", "Infeasible", "Time limit reached", "Node limit reached". */
  readonly status: string;
  /** True when `values` hold a feasible solution (an optimum, or a MIP's incumbent at a limit). */
  readonly hasSolution: boolean;
  /** The objective of that solution; NaN without one. */
  readonly objective: number;
  /** Every column's value, in the LP's variable order (zeros without a solution). */
  readonly values: Float64Array;
  /** A MIP's search: relative gap between incumbent and bound, the proved bound, nodes explored. */
  readonly mip?: { readonly gap: number; readonly dualBound: number; readonly nodes: number };
}

/** A programme held by HiGHS: change it and solve it again. */
export interface PersistentLp {
  /** Column names, in the order of the `LinearProgram`'s variables. */
  readonly columns: readonly string[];
  /** The column index of a variable; throws on an unknown name. */
  column(name: string): number;
  /** Sets one objective coefficient (in the programme's own sense). */
  setCost(column: number, cost: number): void;
  /** Replaces the whole objective (one coefficient per column, in column order). */
  setCosts(costs: ArrayLike<number>): void;
  /** Solves from the current basis and returns what HiGHS found (never throws on a solver status). */
  run(): PersistentSolveResult;
  /** Solves and returns the optimum; any other status throws `LpNotSolvedError`. */
  solve(): PersistentSolveResult;
  /** Forgets the basis and solution, so the next solve starts cold (the model itself is kept). */
  forgetBasis(): void;
  /** Frees the model's memory; idempotent. Any later use throws. */
  dispose(): void;
  readonly disposed: boolean;
}

/** HiGHS's numeric model statuses, by name (`highs.constants.modelStatus`), for messages and logs. */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  0: "Not Set",
  1: "Load error",
  2: "Model error",
  3: "Presolve error",
  4: "Solve error",
  5: "Postsolve error",
  6: "Empty",
  7: "Optimal",
  8: "Infeasible",
  9: "Primal infeasible or unbounded",
  10: "Unbounded",
  11: "Bound on objective reached",
  12: "Target for objective reached",
  13: "Time limit reached",
  14: "Iteration limit reached",
  15: "Unknown",
  16: "Solution limit reached",
  17: "Interrupted by user",
};

/** Builds the CSC arrays HiGHS takes from a `LinearProgram` (rows as lower ≤ a·x ≤ upper). */
function modelData(lp: LinearProgram) {
  const highs = loadedHighs();
  const index = new Map<string, number>();
  lp.variables.forEach((v, j) => {
    if (index.has(v.name)) throw new Error(`persistent LP: variable ${v.name} declared twice`);
    index.set(v.name, j);
  });
  const n = lp.variables.length;
  const m = lp.constraints.length;
  const cost = new Float64Array(n);
  for (const t of lp.objective) {
    const j = index.get(t.variable);
    if (j === undefined) throw new Error(`persistent LP: objective names unknown variable ${t.variable}`);
    cost[j]! += t.coefficient;
  }
  // Entries per column, summed where a row names a variable twice (CSC forbids repeats).
  const perColumn: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const rowLower = new Float64Array(m);
  const rowUpper = new Float64Array(m);
  lp.constraints.forEach((c, i) => {
    for (const t of c.terms) {
      const j = index.get(t.variable);
      if (j === undefined) throw new Error(`persistent LP: constraint ${c.name} names unknown variable ${t.variable}`);
      const column = perColumn[j]!;
      column.set(i, (column.get(i) ?? 0) + t.coefficient);
    }
    rowLower[i] = c.sense === "<=" ? -highs.infinity : c.rhs;
    rowUpper[i] = c.sense === ">=" ? highs.infinity : c.rhs;
  });
  const starts = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  perColumn.forEach((column, j) => {
    for (const [i, a] of [...column].sort((x, y) => x[0] - y[0])) {
      if (a === 0) continue;
      indices.push(i);
      values.push(a);
    }
    starts[j + 1] = indices.length;
  });
  const bound = (x: number) => (x === Infinity ? highs.infinity : x === -Infinity ? -highs.infinity : x);
  return {
    index,
    data: {
      numCols: n,
      numRows: m,
      sense: lp.sense === "minimize" ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
      colCost: cost,
      colLower: Float64Array.from(lp.variables, (v) => bound(v.lower)),
      colUpper: Float64Array.from(lp.variables, (v) => bound(v.upper)),
      rowLower,
      rowUpper,
      matrix: { format: "csc" as const, numRows: m, numCols: n, starts, indices: Int32Array.from(indices), values: Float64Array.from(values) },
      ...(lp.variables.some((v) => v.integer) ? { integrality: Int32Array.from(lp.variables, (v) => (v.integer ? 1 : 0)) } : {}),
    },
  };
}

/** Reads a number from HiGHS's info store, or NaN when the item is unavailable. */
function info(model: Model, name: string): number {
  try {
    return Number(model.info.get(name));
  } catch {
    return Number.NaN;
  }
}

/**
 * Loads `lp` into a new HiGHS model (see the module comment); `mip` sets a MIP's limits.
 * The caller owns the model and must `dispose()` it.
 */
export function createPersistentLp(lp: LinearProgram, mip: MipLimits = {}): PersistentLp {
  const { index, data } = modelData(lp);
  const model = loadedHighs().createModel(data);
  try {
    model.options.set({ output_flag: false, random_seed: 0 });
    if (mip.relativeGap !== undefined) model.options.set("mip_rel_gap", mip.relativeGap);
    if (mip.maxNodes !== undefined) model.options.set("mip_max_nodes", mip.maxNodes);
    if (mip.timeLimitSeconds !== undefined) model.options.set("time_limit", mip.timeLimitSeconds);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const columns = lp.variables.map((v) => v.name);
  const isMip = data.integrality !== undefined;
  const run = (): PersistentSolveResult => {
    const { modelStatus } = model.run();
    const status = STATUS_NAMES[modelStatus] ?? `status ${modelStatus}`;
    // A primal solution exists at an optimum, or (MIP) when an incumbent was found before a limit.
    const hasSolution = modelStatus === 7 || (isMip && info(model, "primal_solution_status") === 2);
    const values = hasSolution ? Float64Array.from(model.getSolution().colValue) : new Float64Array(columns.length);
    const objective = hasSolution ? model.getObjectiveValue() : Number.NaN;
    const mipInfo = isMip ? { mip: { gap: info(model, "mip_gap"), dualBound: info(model, "mip_dual_bound"), nodes: info(model, "mip_node_count") } } : {};
    return { status, hasSolution, objective, values, ...mipInfo };
  };
  return {
    columns,
    column(name: string): number {
      const j = index.get(name);
      if (j === undefined) throw new Error(`persistent LP: no variable ${name}`);
      return j;
    },
    setCost(column: number, cost: number): void {
      model.changeColCost(column, cost);
    },
    setCosts(costs: ArrayLike<number>): void {
      model.changeColsCost({ kind: "range", from: 0, to: columns.length - 1 }, Float64Array.from(costs));
    },
    run,
    solve(): PersistentSolveResult {
      const result = run();
      if (result.status !== "Optimal") throw new LpNotSolvedError(result.status);
      return result;
    },
    forgetBasis(): void {
      model.clearSolver();
    },
    dispose(): void {
      model.dispose();
    },
    get disposed(): boolean {
      return model.disposed;
    },
  };
}

/**
 * Loads every programme of `lps`, runs `use` with the models and disposes them all afterwards,
 * whether `use` returns or throws (and if loading one fails, the ones already loaded).
 */
export function withPersistentLps<T>(lps: readonly LinearProgram[], use: (models: readonly PersistentLp[]) => T, mip: MipLimits = {}): T {
  const models: PersistentLp[] = [];
  try {
    for (const lp of lps) models.push(createPersistentLp(lp, mip));
    return use(models);
  } finally {
    for (const m of models) m.dispose();
  }
}

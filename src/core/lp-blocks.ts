import type { LinearProgram, LinearTerm, LpVariable } from "./lp.js";

/**
 * One LP made of several minimisation LPs ("blocks") that share a few variables — the
 * structure of planning over operation: each rental period's operating LP is a block, and the
 * battery's ratings E and P, chosen once for the whole horizon, are shared by all of them.
 *
 * Every variable and constraint of block k that is not shared is renamed `<prefix_k><name>`,
 * so blocks never collide; a shared variable keeps its name and takes the bounds given here,
 * not the block's. Block k's objective is scaled by its weight (a representative period that
 * stands for w periods counts w times).
 */

/** One block: an LP over its own variables and the shared ones, its name prefix and weight. */
export interface LpBlock {
  readonly lp: LinearProgram;
  /** LP-safe, distinct per block, not starting with `e` (LP text would read it as an exponent). */
  readonly prefix: string;
  /** Objective multiplier, ≥ 0. */
  readonly weight: number;
}

/** Joins `blocks` into one minimisation LP over their variables and `shared`, plus `sharedObjective`. */
export function joinLpBlocks(blocks: readonly LpBlock[], shared: readonly LpVariable[], sharedObjective: readonly LinearTerm[] = []): LinearProgram {
  const sharedNames = new Set(shared.map((v) => v.name));
  const variables: LpVariable[] = [...shared];
  const objective: LinearTerm[] = [...sharedObjective];
  const constraints: LinearProgram["constraints"][number][] = [];
  for (const { lp, prefix, weight } of blocks) {
    if (lp.sense !== "minimize") throw new Error("joinLpBlocks: every block must be a minimisation");
    const rename = (name: string) => (sharedNames.has(name) ? name : `${prefix}${name}`);
    for (const v of lp.variables) if (!sharedNames.has(v.name)) variables.push({ ...v, name: rename(v.name) });
    for (const t of lp.objective) objective.push({ variable: rename(t.variable), coefficient: t.coefficient * weight });
    for (const c of lp.constraints) constraints.push({ ...c, name: `${prefix}${c.name}`, terms: c.terms.map((t) => ({ variable: rename(t.variable), coefficient: t.coefficient })) });
  }
  return { sense: "minimize", variables, objective, constraints };
}

import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadLpSolver, solveLp, type LinearProgram } from "../../src/core/lp.js";
import { createPersistentLp, withPersistentLps, type PersistentLp } from "../../src/core/persistent-lp.js";

beforeAll(() => loadLpSolver());

/**
 * A small production LP: max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, x ≤ 3 (written as a
 * minimisation of −3x − 2y): optimum x = 3, y = 1, objective −11.
 */
const PRODUCTION: LinearProgram = {
  sense: "minimize",
  variables: [
    { name: "x", lower: 0, upper: 3 },
    { name: "y", lower: 0, upper: Infinity },
  ],
  objective: [
    { variable: "x", coefficient: -3 },
    { variable: "y", coefficient: -2 },
  ],
  constraints: [
    { name: "a", terms: [{ variable: "x", coefficient: 1 }, { variable: "y", coefficient: 1 }], sense: "<=", rhs: 4 },
    { name: "b", terms: [{ variable: "x", coefficient: 1 }, { variable: "y", coefficient: 3 }], sense: "<=", rhs: 6 },
  ],
};

describe("persistent LP models", () => {
  it("solves a programme loaded as data, as the one-shot solver does (golden)", () => {
    const model = createPersistentLp(PRODUCTION);
    try {
      const result = model.solve();
      expect(result.status).toBe("Optimal");
      expect(result.objective).toBeCloseTo(-11, 9);
      expect(result.values[model.column("x")]).toBeCloseTo(3, 9);
      expect(result.values[model.column("y")]).toBeCloseTo(1, 9);
      expect(model.columns).toEqual(["x", "y"]);
    } finally {
      model.dispose();
    }
  });

  it("re-solved warm after cost changes, agrees with a cold solve of the changed programme (property)", () => {
    const model = createPersistentLp(PRODUCTION);
    try {
      fc.assert(
        fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), (cx, cy) => {
          model.setCost(model.column("x"), cx);
          model.setCost(model.column("y"), cy);
          const warm = model.solve();
          const cold = solveLp({ ...PRODUCTION, objective: [{ variable: "x", coefficient: cx }, { variable: "y", coefficient: cy }] });
          // The optimal value is unique even where the optimum is not; both are optimal to the
          // solver's tolerance (1e-7 on reduced costs, so a cost of 1e-8 may count as 0 in one and not the other).
          expect(Math.abs(warm.objective - cold.objective)).toBeLessThanOrEqual(1e-6);
        }),
        { seed: 7, numRuns: 200 },
      );
    } finally {
      model.dispose();
    }
  });

  it("reports a MIP's gap and nodes, and a status other than optimal without throwing from run()", () => {
    const mip: LinearProgram = { ...PRODUCTION, variables: PRODUCTION.variables.map((v) => ({ ...v, integer: true })) };
    const model = createPersistentLp(mip, { relativeGap: 0 });
    try {
      const result = model.solve();
      expect(result.objective).toBeCloseTo(-11, 9);
      expect(result.mip!.gap).toBeLessThanOrEqual(1e-9);
      expect(result.mip!.nodes).toBeGreaterThanOrEqual(0);
    } finally {
      model.dispose();
    }
    const infeasible = createPersistentLp({ ...PRODUCTION, constraints: [...PRODUCTION.constraints, { name: "c", terms: [{ variable: "x", coefficient: 1 }], sense: ">=", rhs: 5 }] });
    try {
      const result = infeasible.run();
      expect(result.status).toBe("Infeasible");
      expect(result.hasSolution).toBe(false);
      expect(() => infeasible.solve()).toThrow(/LP solver status: Infeasible/);
    } finally {
      infeasible.dispose();
    }
  });

  it("is disposed by withPersistentLps whether the work returns or throws", () => {
    let kept: readonly PersistentLp[] = [];
    const value = withPersistentLps([PRODUCTION, PRODUCTION], (models) => {
      kept = models;
      return models.map((m) => m.solve().objective);
    });
    expect(value[0]).toBeCloseTo(-11, 9);
    expect(kept.every((m) => m.disposed)).toBe(true);
    expect(() =>
      withPersistentLps([PRODUCTION], (models) => {
        kept = models;
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(kept.every((m) => m.disposed)).toBe(true);
    // Disposing twice is harmless; using a disposed model throws.
    kept[0]!.dispose();
    expect(() => kept[0]!.solve()).toThrow();
  });
});

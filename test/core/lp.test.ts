import { beforeAll, describe, expect, it } from "vitest";
import { joinLpBlocks } from "../../src/core/lp-blocks.js";
import { loadLpSolver, solveLp, toLpFormat, type LinearProgram } from "../../src/core/lp.js";

beforeAll(() => loadLpSolver());

/** max 5x + 4y s.t. 6x + 4y ≤ 24, x + 2y ≤ 6: the LP optimum (3, 1.5) is worth 21, the integer one (4, 0) 20. */
const textbook = (integer: boolean): LinearProgram => ({
  sense: "maximize",
  objective: [
    { variable: "x", coefficient: 5 },
    { variable: "y", coefficient: 4 },
  ],
  constraints: [
    { name: "c1", terms: [{ variable: "x", coefficient: 6 }, { variable: "y", coefficient: 4 }], sense: "<=", rhs: 24 },
    { name: "c2", terms: [{ variable: "x", coefficient: 1 }, { variable: "y", coefficient: 2 }], sense: "<=", rhs: 6 },
  ],
  variables: [
    { name: "x", lower: 0, upper: 10, integer },
    { name: "y", lower: 0, upper: 10, integer },
  ],
});

describe("linear and mixed-integer programmes (HiGHS)", () => {
  it("solves the LP relaxation with its duals (shadow prices 3/4 and 1/2, worked by hand)", () => {
    const lp = solveLp(textbook(false), { duals: true });
    expect(lp.objective).toBeCloseTo(21, 9);
    expect(lp.values.get("x")).toBeCloseTo(3, 9);
    expect(lp.values.get("y")).toBeCloseTo(1.5, 9);
    expect(lp.duals!.get("c1")).toBeCloseTo(0.75, 9);
    expect(lp.duals!.get("c2")).toBeCloseTo(0.5, 9);
    expect(solveLp(textbook(false)).duals).toBeUndefined();
  });

  it("solves the integer programme to proven optimality and writes the integers in a General section", () => {
    expect(toLpFormat(textbook(true))).toMatch(/\nGeneral\n x\n y\nEnd$/);
    expect(toLpFormat(textbook(false))).not.toMatch(/General/);
    const mip = solveLp(textbook(true), { mipRelativeGap: 0 });
    expect(mip.objective).toBeCloseTo(20, 9);
    expect(mip.values.get("x")).toBeCloseTo(4, 9);
    expect(mip.values.get("y")).toBeCloseTo(0, 9);
    expect(mip.duals).toBeUndefined();
  });

  it("joins blocks that share variables: each block renamed, shared ones kept once with the bounds given, objectives weighted", () => {
    // Two periods each needing 1 unit from a shared capacity z (cost 1) or from a local buy at 3 and 0.5: z = 1 pays in the first only.
    const block = (price: number): LinearProgram => ({
      sense: "minimize",
      objective: [{ variable: "buy", coefficient: price }],
      constraints: [{ name: "need", terms: [{ variable: "buy", coefficient: 1 }, { variable: "z", coefficient: 1 }], sense: ">=", rhs: 1 }],
      variables: [
        { name: "buy", lower: 0, upper: Infinity },
        { name: "z", lower: 0, upper: 0 },
      ],
    });
    const joined = joinLpBlocks(
      [
        { lp: block(3), prefix: "k0_", weight: 1 },
        { lp: block(0.5), prefix: "k1_", weight: 2 },
      ],
      [{ name: "z", lower: 0, upper: 5 }],
      [{ variable: "z", coefficient: 1 }],
    );
    expect(joined.variables.map((v) => v.name)).toEqual(["z", "k0_buy", "k1_buy"]);
    expect(joined.constraints.map((c) => c.name)).toEqual(["k0_need", "k1_need"]);
    const solution = solveLp(joined);
    // z = 1 covers both needs: cost 1, against 3 + 2·0.5 = 4 buying.
    expect(solution.objective).toBeCloseTo(1, 9);
    expect(solution.values.get("z")).toBeCloseTo(1, 9);
  });
});

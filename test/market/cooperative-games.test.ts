import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadLpSolver } from "../../src/core/lp.js";
import { createStream } from "../../src/core/rng.js";
import { grandMask, hasPlayer, type CostGame } from "../../src/market/cooperative/game.js";
import { shapleyExact } from "../../src/market/cooperative/shapley-exact.js";
import { shapleySampled } from "../../src/market/cooperative/shapley-sampled.js";
import { nucleolus } from "../../src/market/cooperative/nucleolus.js";
import { nashSplit } from "../../src/market/cooperative/nash.js";

beforeAll(async () => {
  await loadLpSolver();
});

const sumOf = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((s, x) => s + x, 0);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

/** x(S) of an allocation given in player order. */
const share = (x: readonly number[], mask: number) => x.reduce((s, xi, i) => (hasPlayer(mask, i) ? s + xi : s), 0);

/** Excesses x(S) − v(S) over proper coalitions, sorted decreasingly. */
function excessVector(x: readonly number[], v: CostGame): number[] {
  const out: number[] = [];
  for (let mask = 1; mask < grandMask(x.length); mask++) out.push(share(x, mask) - v(mask));
  return out.sort((a, b) => b - a);
}

/** A random cost game on n players from a table of 2^n − 1 costs; v(∅) = 0. */
const randomGame = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc
    .array(fc.double({ min: -10, max: 100, noNaN: true }), { minLength: 2 ** n - 1, maxLength: 2 ** n - 1 })
    .map((table) => ({ n, v: ((mask: number) => (mask === 0 ? 0 : table[mask - 1]!)) as CostGame })),
);

/**
 * A random concave (submodular) cost game: v(S) = Σ_j c_j·√(Σ_{i∈S} w_ij), a sum of concave
 * functions of additive measures. Its core is non-empty and contains the Shapley value.
 */
const convexGame = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc
    .record({
      c: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }),
      w: fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 3 * n, maxLength: 3 * n }),
    })
    .map(({ c, w }) => ({
      n,
      v: ((mask: number) => c.reduce((s, cj, j) => s + cj * Math.sqrt(share(w.slice(j * n, j * n + n), mask)), 0)) as CostGame,
    })),
);

describe("airport game (textbook, 3 players)", () => {
  // Runway costs c = (1, 2, 3): v(S) = max_{i∈S} c_i. Players a, b, c are masks 1, 2, 4.
  const c = [1, 2, 3];
  const v: CostGame = (mask) => Math.max(0, ...c.filter((_, i) => hasPlayer(mask, i)));
  const players = ["a", "b", "c"];

  it("Shapley value: every segment's cost split among the players who use it", () => {
    // Segment [0,1] used by all three: 1/3 each; [1,2] by b and c: 1/2 each; [2,3] by c alone.
    // φ = (1/3, 1/3 + 1/2, 1/3 + 1/2 + 1) = (1/3, 5/6, 11/6); Σ = 3 = v(N).
    const phi = shapleyExact(players, v);
    expect(phi["a"]).toBeCloseTo(1 / 3, 12);
    expect(phi["b"]).toBeCloseTo(5 / 6, 12);
    expect(phi["c"]).toBeCloseTo(11 / 6, 12);
  });

  it("nucleolus by hand: (1/2, 3/4, 7/4) in two rounds, max excess −1/2", () => {
    // x_a + x_b + x_c = 3. Excesses: {a} x_a−1, {b} x_b−2, {c} x_c−3, {a,b} x_a+x_b−2 = 1−x_c,
    // {a,c} = −x_b, {b,c} = −x_a.
    // Round 1: max(x_a−1, −x_a) ≥ −1/2 (equality at x_a = 1/2), max(x_b−2, −x_b) ≥ −1,
    //   max(x_c−3, 1−x_c) ≥ −1, so ε₁ = −1/2, reached e.g. at (1/2, 1, 3/2); {a} and {b,c} bind
    //   in every optimum: x_a = 1/2.
    // Round 2: x_b + x_c = 5/2; the free excesses are x_b−2, −x_b, −1/2−x_b, x_b−3/2 (= 1−x_c);
    //   max(x_b−3/2, −x_b) is least at x_b = 3/4: ε₂ = −3/4, so x_c = 7/4.
    const result = nucleolus(players, v);
    expect(result.shares["a"]).toBeCloseTo(1 / 2, 9);
    expect(result.shares["b"]).toBeCloseTo(3 / 4, 9);
    expect(result.shares["c"]).toBeCloseTo(7 / 4, 9);
    expect(result.maxExcess).toBeCloseTo(-1 / 2, 9);
    expect(result.rounds).toBe(2);
  });

  it("nash: the saving Σ C_i^0 − v(N) = 6 − 3 shared equally", () => {
    // C^0 = (1, 2, 3): φ = (1 − 1, 2 − 1, 3 − 1) = (0, 1, 2).
    expect(nashSplit({ a: 1, b: 2, c: 3 }, 3)).toEqual({ a: 0, b: 1, c: 2 });
  });
});

describe("nash split", () => {
  // Stand-alone 10, 20, 30; grand coalition 45: saving 15.
  const standalone = { a: 10, b: 20, c: 30 };

  it("symmetric: each saves 15/3 = 5 (golden)", () => {
    const phi = nashSplit(standalone, 45);
    expect(phi).toEqual({ a: 5, b: 15, c: 25 });
  });

  it("weighted: weights 1, 2, 2 → shares 0.2, 0.4, 0.4 of the saving (golden)", () => {
    // φ = (10 − 3, 20 − 6, 30 − 6) = (7, 14, 24); Σ = 45.
    const phi = nashSplit(standalone, 45, { a: 1, b: 2, c: 2 });
    expect(phi["a"]).toBeCloseTo(7, 12);
    expect(phi["b"]).toBeCloseTo(14, 12);
    expect(phi["c"]).toBeCloseTo(24, 12);
  });

  it("a player the weights do not name weighs 1; names that are not players are ignored", () => {
    // Weights a 1, b 3, c 1 → 0.2, 0.6, 0.2: φ = (10 − 3, 20 − 9, 30 − 3) = (7, 11, 27).
    const phi = nashSplit(standalone, 45, { b: 3, zed: 100 });
    expect(phi["a"]).toBeCloseTo(7, 12);
    expect(phi["b"]).toBeCloseTo(11, 12);
    expect(phi["c"]).toBeCloseTo(27, 12);
  });

  it("refuses negative weights and weights summing to 0", () => {
    expect(() => nashSplit(standalone, 45, { a: -1 })).toThrow(RangeError);
    expect(() => nashSplit(standalone, 45, { a: 0, b: 0, c: 0 })).toThrow(RangeError);
    expect(nashSplit({}, 0)).toEqual({});
  });
});

describe("Shapley value (exact)", () => {
  it("is efficient on random games: Σ φ = v(N) (property)", () => {
    fc.assert(
      fc.property(randomGame, ({ n, v }) => {
        const phi = shapleyExact(ids(n), v);
        expect(sumOf(phi)).toBeCloseTo(v(grandMask(n)), 9);
      }),
      { numRuns: 300 },
    );
  });

  it("treats symmetric players equally (property)", () => {
    fc.assert(
      fc.property(
        randomGame.filter((g) => g.n >= 2),
        fc.nat(),
        fc.nat(),
        ({ n, v }, a, b) => {
          const i = a % n;
          const j = (i + 1 + (b % (n - 1))) % n;
          // v'(S) = v(S) + v(S with i and j swapped) is symmetric in i and j.
          const swap = (mask: number) => {
            const hi = hasPlayer(mask, i);
            const hj = hasPlayer(mask, j);
            return mask - (hi ? 2 ** i : 0) - (hj ? 2 ** j : 0) + (hi ? 2 ** j : 0) + (hj ? 2 ** i : 0);
          };
          const phi = shapleyExact(ids(n), (mask) => v(mask) + v(swap(mask)));
          expect(phi[`p${i}`]).toBeCloseTo(phi[`p${j}`]!, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives a dummy player exactly its constant marginal cost and leaves the others unchanged (property)", () => {
    fc.assert(
      fc.property(
        randomGame.filter((g) => g.n <= 5),
        fc.double({ min: -5, max: 5, noNaN: true }),
        ({ n, v }, c) => {
          const d = 2 ** n; // the new player's bit
          const withDummy: CostGame = (mask) => v(mask % d) + (mask >= d ? c : 0);
          const base = shapleyExact(ids(n), v);
          const phi = shapleyExact(ids(n + 1), withDummy);
          expect(phi[`p${n}`]).toBeCloseTo(c, 9);
          for (let i = 0; i < n; i++) expect(phi[`p${i}`]).toBeCloseTo(base[`p${i}`]!, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("lies in the core of concave games (property)", () => {
    fc.assert(
      fc.property(convexGame, ({ n, v }) => {
        const phi = shapleyExact(ids(n), v);
        const x = ids(n).map((id) => phi[id]!);
        for (let mask = 1; mask < grandMask(n); mask++) expect(share(x, mask)).toBeLessThanOrEqual(v(mask) + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses more than 12 players and duplicate ids", () => {
    expect(() => shapleyExact(ids(13), () => 0)).toThrow(RangeError);
    expect(() => shapleyExact(["a", "a"], () => 0)).toThrow(RangeError);
    expect(shapleyExact([], () => 0)).toEqual({});
  });
});

describe("Shapley value (sampled)", () => {
  const n = 6;
  // A fixed random game with costs in [0, 10] (seeded, so the test is stable).
  const table = (() => {
    const s = createStream("games", "table");
    return Array.from({ length: 2 ** n }, (_, mask) => (mask === 0 ? 0 : 10 * s.next()));
  })();
  const v: CostGame = (mask) => table[mask]!;

  it("converges to the exact value with many samples", () => {
    const exact = shapleyExact(ids(n), v);
    const estimate = shapleySampled(ids(n), v, 40_000, createStream("42", "shapley"));
    expect(estimate.samples).toBe(40_000);
    expect(estimate.coalitionsEvaluated).toBe(2 ** n);
    for (const id of ids(n)) expect(Math.abs(estimate.shares[id]! - exact[id]!)).toBeLessThan(0.1);
    expect(sumOf(estimate.shares)).toBeCloseTo(v(grandMask(n)), 9);
  });

  it("is reproducible from the seed and changes with it", () => {
    const a = shapleySampled(ids(n), v, 50, createStream("7", "shapley"));
    const b = shapleySampled(ids(n), v, 50, createStream("7", "shapley"));
    const c = shapleySampled(ids(n), v, 50, createStream("8", "shapley"));
    expect(a).toEqual(b);
    expect(a.shares).not.toEqual(c.shares);
  });

  it("is efficient for any sample count and handles many players (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20 }), fc.string(), (players, samples, seed) => {
        // v(S) = √|S|·10 + Σ_{i∈S} i: costs from mask arithmetic beyond 32 bits' worth of players is fine too.
        const game: CostGame = (mask) => {
          let k = 0;
          let s = 0;
          for (let i = 0; i < players; i++) if (hasPlayer(mask, i)) (k++, (s += i));
          return 10 * Math.sqrt(k) + s;
        };
        const est = shapleySampled(ids(players), game, samples, createStream(seed, "p"));
        expect(sumOf(est.shares)).toBeCloseTo(game(grandMask(players)), 8);
      }),
      { numRuns: 100 },
    );
  });

  it("refuses a sample count that is not a positive integer", () => {
    expect(() => shapleySampled(ids(2), v, 0, createStream("1", "x"))).toThrow(RangeError);
    expect(() => shapleySampled(ids(2), v, 1.5, createStream("1", "x"))).toThrow(RangeError);
  });
});

describe("nucleolus", () => {
  it("lies in the core of random concave games and is efficient (property)", () => {
    fc.assert(
      fc.property(convexGame, ({ n, v }) => {
        const result = nucleolus(ids(n), v);
        const x = ids(n).map((id) => result.shares[id]!);
        const scale = Math.max(1, v(grandMask(n)));
        expect(share(x, grandMask(n))).toBeCloseTo(v(grandMask(n)), 9);
        for (let mask = 1; mask < grandMask(n); mask++) expect(share(x, mask)).toBeLessThanOrEqual(v(mask) + 1e-6 * scale);
        expect(result.maxExcess!).toBeLessThanOrEqual(1e-6 * scale);
      }),
      { numRuns: 100 },
    );
  });

  it("is lexicographically no worse than the Shapley value on random games (property)", () => {
    fc.assert(
      fc.property(
        randomGame.filter((g) => g.n >= 2 && g.n <= 5),
        ({ n, v }) => {
          const nu = nucleolus(ids(n), v);
          const phi = shapleyExact(ids(n), v);
          // Accuracy is relative to the game's scale (the LPs solve the normalised game).
          let scale = 1;
          for (let mask = 1; mask <= grandMask(n); mask++) scale = Math.max(scale, Math.abs(v(mask)));
          const tol = 1e-6 * scale;
          const a = excessVector(ids(n).map((id) => nu.shares[id]!), v);
          const b = excessVector(ids(n).map((id) => phi[id]!), v);
          expect(Math.abs(sumOf(nu.shares) - v(grandMask(n)))).toBeLessThan(1e-9 * scale);
          expect(Math.abs(a[0]! - nu.maxExcess!)).toBeLessThan(tol);
          // Lexicographic order: never worse by more than the accuracy until strictly better.
          for (let k = 0; k < a.length; k++) {
            expect(a[k]!).toBeLessThanOrEqual(b[k]! + tol);
            if (a[k]! < b[k]! - 1e-9 * scale) return;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is the prenucleolus when the core is empty: symmetric game, excess 1/3", () => {
    // v({i}) = 1, v(pairs) = 1, v(N) = 2: x_i + x_j ≤ 1 for every pair would force Σ x ≤ 3/2 < 2.
    // By symmetry x = (2/3, 2/3, 2/3); the largest excess is that of a pair, 4/3 − 1 = 1/3.
    const v: CostGame = (mask) => (mask === 7 ? 2 : mask === 0 ? 0 : 1);
    const result = nucleolus(["a", "b", "c"], v);
    for (const id of ["a", "b", "c"]) expect(result.shares[id]).toBeCloseTo(2 / 3, 9);
    expect(result.maxExcess).toBeCloseTo(1 / 3, 9);
  });

  it("handles one player and none", () => {
    expect(nucleolus(["solo"], () => 5)).toEqual({ shares: { solo: 5 }, maxExcess: null, rounds: 0, lpSolves: 0, numericalFallbacks: 0 });
    expect(nucleolus([], () => 0).shares).toEqual({});
  });
});

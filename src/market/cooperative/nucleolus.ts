import { LpNotSolvedError, solveLp, type LinearTerm, type LpConstraint, type LpVariable } from "../../core/lp.js";
import { checkPlayers, grandMask, hasPlayer, type CoalitionMask, type CostGame, type CostShares } from "./game.js";

/**
 * The nucleolus of a cost game (Schmeidler 1969), by the sequence of LPs of Maschler, Peleg
 * and Shapley (1979). The excess of coalition S at cost allocation x is
 *
 *     e(S, x) = x(S) − v(S)       (how much more S pays than it would on its own)
 *
 * and the nucleolus is the efficient allocation (x(N) = v(N)) that lexicographically minimises
 * the vector of excesses over proper coalitions ∅ ≠ S ⊊ N, sorted decreasingly:
 *
 *   round k:  ε_k = min ε  s.t.  x(N) = v(N);  x(S) − v(S) = ε_j for S fixed in round j < k;
 *                               x(S) − v(S) ≤ ε for every other (free) S.
 *   Coalitions whose constraint binds in every optimum of round k are fixed at ε_k. To find
 *   them without duals: among the free coalitions tight at the optimum found, solve
 *   max Σ y_S s.t. x(S) − v(S) + y_S ≤ ε_k (0 ≤ y_S ≤ 1, in units of the game's scale), the
 *   round's other constraints kept; any S with y_S > 0 can be slack and stays free; repeat
 *   until the maximum is 0 — the rest are fixed (numerical fallbacks: `numericalFallbacks`). A free coalition whose indicator vector is a
 *   combination of those of N and the fixed coalitions has a determined excess and is dropped.
 *   Stop when those vectors span ℝⁿ; x is then the unique solution of the fixed equalities.
 *
 * No imputation constraints x_i ≤ v({i}) are imposed (singletons are ordinary coalitions), so
 * strictly this is the prenucleolus; it is the nucleolus whenever the core
 * {x : x(N) = v(N), x(S) ≤ v(S) ∀S} is non-empty, and then it lies in the core (ε_1 ≤ 0), so
 * it is individually rational. It always exists and is unique. The game is normalised by
 * max(1, max_S |v(S)|) (and rounded to 1e-12 of that) before solving; tightness is judged at
 * {@link NUCLEOLUS_TOLERANCE} in those units, so shares are exact to about that relative
 * accuracy.
 */

/** Most players `nucleolus` accepts: 2^12 − 2 = 4,094 proper coalitions per LP. */
export const NUCLEOLUS_MAX_PLAYERS = 12;

/** Tightness tolerance in units of the game's scale. */
export const NUCLEOLUS_TOLERANCE = 1e-7;

/** The nucleolus with how it was found. */
export interface NucleolusResult {
  readonly shares: CostShares;
  /** ε_1: the least achievable maximal excess over proper coalitions (≤ 0 iff the core is non-empty); null with fewer than 2 players. */
  readonly maxExcess: number | null;
  /** Rounds of the LP sequence. */
  readonly rounds: number;
  /** LPs solved in all. */
  readonly lpSolves: number;
  /**
   * Rounds where rounding in the solver blurred which coalitions bind (excesses closer than
   * the tolerance), so the tight coalitions at the round's optimum were fixed directly; the
   * result is then exact only to about the tolerance. 0 on well-scaled games.
   */
  readonly numericalFallbacks: number;
}

const X = (i: number) => `x${i}`;
const EPS = "z_eps";
const Y = (mask: CoalitionMask) => `y${mask}`;

/** The nucleolus of `cost` over `players` (masks as in game.ts); `loadLpSolver()` must have run. */
export function nucleolus(players: readonly string[], cost: CostGame): NucleolusResult {
  checkPlayers(players, NUCLEOLUS_MAX_PLAYERS, "nucleolus");
  const n = players.length;
  if (n === 0) return { shares: {}, maxExcess: null, rounds: 0, lpSolves: 0, numericalFallbacks: 0 };
  const full = grandMask(n);
  const raw = new Float64Array(full + 1);
  for (let mask = 1; mask <= full; mask++) {
    raw[mask] = cost(mask);
    if (!Number.isFinite(raw[mask]!)) throw new RangeError(`nucleolus: cost of coalition ${mask} is not finite (${raw[mask]})`);
  }
  const scale = Math.max(1, ...Array.from(raw.subarray(1), Math.abs));
  // Normalised and snapped to 1e-12 (far below the tolerances): denormal-sized costs would
  // otherwise reach the LP text, where the solver reads them unreliably.
  const v = (mask: CoalitionMask) => Math.round((raw[mask]! / scale) * 1e12) / 1e12;
  const vector = (mask: CoalitionMask) => Array.from({ length: n }, (_, i) => (hasPlayer(mask, i) ? 1 : 0));
  const xTerms = (mask: CoalitionMask): LinearTerm[] => {
    const terms: LinearTerm[] = [];
    for (let i = 0; i < n; i++) if (hasPlayer(mask, i)) terms.push({ variable: X(i), coefficient: 1 });
    return terms;
  };

  // Independent equalities x(S) = v(S) + ε_S: efficiency, then coalitions fixed in earlier rounds.
  // A fixed coalition whose vector depends on these is implied by them (up to rounding) and
  // is left out, so the LPs never see a dependent, slightly inconsistent system.
  const basis = new RowSpace(n);
  const equalities: { mask: CoalitionMask; rhs: number }[] = [];
  const fix = (mask: CoalitionMask, rhs: number) => {
    if (basis.add(vector(mask), rhs)) equalities.push({ mask, rhs });
  };
  fix(full, v(full));
  const free = new Set<CoalitionMask>();
  for (let mask = 1; mask < full; mask++) free.add(mask);

  const xVariables: LpVariable[] = Array.from({ length: n }, (_, i) => ({ name: X(i), lower: -Infinity, upper: Infinity }));
  const settled = (): LpConstraint[] => equalities.map(({ mask, rhs }): LpConstraint => ({ name: `f${mask}`, terms: xTerms(mask), sense: "=", rhs }));

  let maxExcess: number | null = null;
  let rounds = 0;
  let lpSolves = 0;
  let numericalFallbacks = 0;
  while (basis.rank < n) {
    rounds++;
    // Round LP: minimise the largest excess of the free coalitions.
    const round = solveLp({
      sense: "minimize",
      objective: [{ variable: EPS, coefficient: 1 }],
      variables: [...xVariables, { name: EPS, lower: -Infinity, upper: Infinity }],
      constraints: [
        ...settled(),
        ...[...free].map((mask): LpConstraint => ({ name: `c${mask}`, terms: [...xTerms(mask), { variable: EPS, coefficient: -1 }], sense: "<=", rhs: v(mask) })),
      ],
    });
    lpSolves++;
    const eps = round.values.get(EPS) ?? round.objective;
    if (maxExcess === null) maxExcess = eps * scale;
    const x = Array.from({ length: n }, (_, i) => round.values.get(X(i)) ?? 0);
    const excess = (mask: CoalitionMask) => x.reduce((s, xi, i) => (hasPlayer(mask, i) ? s + xi : s), 0) - v(mask);
    // The coalition that sets ε_k at x* (largest excess, ties by mask): fixed on its own when
    // rounding leaves nothing else to fix (see below).
    const top = [...free].reduce((best, mask) => (excess(mask) > excess(best) ? mask : best));
    let candidates = [...free].filter((mask) => mask === top || excess(mask) >= eps - NUCLEOLUS_TOLERANCE);

    // Drop candidates that can be slack in some optimum of the round.
    for (;;) {
      const inCandidates = new Set(candidates);
      let slack;
      try {
        slack = solveLp({
          sense: "maximize",
          objective: candidates.map((mask) => ({ variable: Y(mask), coefficient: 1 })),
          variables: [...xVariables, ...candidates.map((mask) => ({ name: Y(mask), lower: 0, upper: 1 }))],
          constraints: [
            ...settled(),
            ...[...free].map(
              (mask): LpConstraint => ({
                name: `c${mask}`,
                terms: inCandidates.has(mask) ? [...xTerms(mask), { variable: Y(mask), coefficient: 1 }] : xTerms(mask),
                sense: "<=",
                rhs: v(mask) + eps,
              }),
            ),
          ],
        });
      } catch (error) {
        // Excesses within the solver's tolerance of each other can make this LP look
        // infeasible; the candidates are then tight at x* to within that tolerance.
        if (!(error instanceof LpNotSolvedError)) throw error;
        lpSolves++;
        numericalFallbacks++;
        break;
      }
      lpSolves++;
      const loose = candidates.filter((mask) => (slack.values.get(Y(mask)) ?? 0) > NUCLEOLUS_TOLERANCE);
      if (loose.length === 0) break;
      if (loose.length === candidates.length) {
        // In exact arithmetic some candidate binds in every optimum; only rounding gets here.
        candidates = [top];
        numericalFallbacks++;
        break;
      }
      candidates = candidates.filter((mask) => !loose.includes(mask));
    }

    for (const mask of candidates) {
      free.delete(mask);
      fix(mask, v(mask) + eps);
    }
    for (const mask of [...free]) if (basis.spans(vector(mask))) free.delete(mask);
  }
  const x = basis.solve();
  // Spread the rounding residual of efficiency evenly, so Σ x = v(N) to the last bits.
  const residual = (raw[full]! - x.reduce((s, xi) => s + xi * scale, 0)) / n;
  return {
    shares: Object.fromEntries(players.map((id, i) => [id, x[i]! * scale + residual])),
    maxExcess,
    rounds,
    lpSolves,
    numericalFallbacks,
  };
}

/**
 * Linearly independent rows a·x = b, kept both as given (to solve once there are n of them)
 * and reduced to echelon form (to test whether a vector is in their span).
 */
class RowSpace {
  private readonly rows: { a: number[]; b: number }[] = [];
  private readonly reduced: { a: number[]; pivot: number }[] = [];
  constructor(private readonly n: number) {}

  get rank(): number {
    return this.rows.length;
  }

  /** Adds a·x = b if a is independent of the rows so far; returns whether it was added. */
  add(a: readonly number[], b: number): boolean {
    const r = this.reduce(a);
    let pivot = -1;
    for (let j = 0; j < this.n; j++) if (Math.abs(r[j]!) > 1e-9 && (pivot < 0 || Math.abs(r[j]!) > Math.abs(r[pivot]!))) pivot = j;
    if (pivot < 0) return false;
    this.reduced.push({ a: r, pivot });
    this.rows.push({ a: [...a], b });
    return true;
  }

  spans(a: readonly number[]): boolean {
    return this.reduce(a).every((x) => Math.abs(x) <= 1e-9);
  }

  private reduce(a: readonly number[]): number[] {
    const r = [...a];
    for (const { a: row, pivot } of this.reduced) {
      const f = r[pivot]! / row[pivot]!;
      if (f !== 0) for (let j = 0; j < this.n; j++) r[j]! -= f * row[j]!;
    }
    return r;
  }

  /** The unique solution once rank = n (Gaussian elimination with partial pivoting). */
  solve(): number[] {
    const n = this.n;
    const m = this.rows.map(({ a, b }) => [...a, b]);
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
      [m[c], m[p]] = [m[p]!, m[c]!];
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        const f = m[r]![c]! / m[c]![c]!;
        if (f !== 0) for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
      }
    }
    return m.map((row, i) => row[n]! / row[i]!);
  }
}

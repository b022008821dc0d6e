import type { RentalPrices } from "../types.js";
import { bestProbe, clampToBox, linspace, sameResponse, strictlyBetter, type Probe, type Prober, type SearchBox } from "./stackelberg-probe.js";

/**
 * The Stackelberg leader's global search over the two-dimensional price plane, for followers
 * known only through their best responses (rule-based, learning, or LP followers too large for
 * the exact method). Every evaluation is a logged query (stackelberg-probe.ts). Three phases:
 *
 *   1. **grid**: `gridPoints` × `gridPoints` price pairs evenly spread over the whole box;
 *   2. **multi-start pattern search**: from each of the `starts` best grid points (revenue > 0),
 *      a compass search in eight directions — the axes *and* the diagonals, since E and P are
 *      complements and the best move often changes both prices — moving to the best neighbour
 *      that earns strictly more, halving the steps (from half the grid spacing) when none does,
 *      until both are below `minStep` × the box's width; then the best point found goes on
 *      alone down to `polishStep` × the width (a fine finish for responses that change
 *      continuously with the prices, such as rule-based ones);
 *   3. **breakpoint push**: inside a region where the tenants' responses do not change the
 *      revenue is linear in the prices, so it keeps rising up to the price where some tenant's
 *      response changes. From the best point found, the search moves along +c_E, +c_P,
 *      radially (both prices scaled up) and along the two diagonals that trade one price for
 *      the other — each only where the revenue rises that way — to the last price at which
 *      every tenant still asks for the same, found by bisection (`PUSH_BISECTIONS` halvings of
 *      the way to the box's edge), and repeats up to `pushRounds` times while that gains.
 * The result is the best query of all (the first among equals): it is a search, and says so —
 * the check (stackelberg-check.ts) then compares it with a grid of its own and every query.
 * When no grid point earns anything, phases 2 and 3 are skipped: no tenant rents in the box.
 */

/** The search's parameters. */
export interface SearchParams {
  readonly gridPoints: number;
  readonly starts: number;
  /** Smallest pattern step of the multi-start, relative to the box's width per resource. */
  readonly minStep: number;
  /** Smallest pattern step of the best point's finish, relative to the box's width. */
  readonly polishStep: number;
  readonly pushRounds: number;
}

/** What the search did. */
export interface SearchResult {
  readonly best: Probe;
  /** Queries per phase (cached repeats not counted). */
  readonly queries: { readonly grid: number; readonly pattern: number; readonly push: number };
  /** Grid points the pattern search started from. */
  readonly starts: number;
}

/** Halvings of a push's bisection: the breakpoint is found to 2^-30 of the distance to the box's edge. */
export const PUSH_BISECTIONS = 30;
/** A pattern search gives up after this many iterations (moves and halvings) from one start. */
const MAX_PATTERN_ITERATIONS = 400;

/** The eight compass directions, in the order they are tried (ties go to the first). */
const DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
];

/** Phase 2 from one start: the compass search of the module comment. */
function patternSearch(prober: Prober, box: SearchBox, start: Probe, initialStep: RentalPrices, minStep: RentalPrices): Probe {
  let at = start;
  let step = { ...initialStep };
  for (let it = 0; it < MAX_PATTERN_ITERATIONS && (step.cE >= minStep.cE || step.cP >= minStep.cP); it++) {
    let best: Probe | null = null;
    for (const [dE, dP] of DIRECTIONS) {
      const prices = clampToBox(box, { cE: at.prices.cE + dE * step.cE, cP: at.prices.cP + dP * step.cP });
      if (prices.cE === at.prices.cE && prices.cP === at.prices.cP) continue;
      const p = prober.probe(prices);
      if (!best || strictlyBetter(p.score, best.score)) best = p;
    }
    if (best && strictlyBetter(best.score, at.score)) at = best;
    else step = { cE: step.cE / 2, cP: step.cP / 2 };
  }
  return at;
}

/** The revenue's rate of change along d while every response stays as at `p` (rationed quantities). */
function rateAlong(p: Probe, d: RentalPrices, capacity: { energyKWh: number; powerKW: number }): number {
  const e = p.requests.reduce((s, r) => s + r.energyKWh, 0);
  const q = p.requests.reduce((s, r) => s + r.powerKW, 0);
  return d.cE * Math.min(capacity.energyKWh, e) + d.cP * Math.min(capacity.powerKW, q);
}

/** The largest t ≥ 0 with at + t·d in the box. */
function reach(box: SearchBox, at: RentalPrices, d: RentalPrices): number {
  let t = Infinity;
  if (d.cE > 0) t = Math.min(t, (box.high.cE - at.cE) / d.cE);
  if (d.cE < 0) t = Math.min(t, (box.low.cE - at.cE) / d.cE);
  if (d.cP > 0) t = Math.min(t, (box.high.cP - at.cP) / d.cP);
  if (d.cP < 0) t = Math.min(t, (box.low.cP - at.cP) / d.cP);
  return Number.isFinite(t) ? Math.max(0, t) : 0;
}

/** One push from `at` along d to the last price with the same responses (module comment, phase 3). */
function push(prober: Prober, box: SearchBox, at: Probe, d: RentalPrices, capacity: { energyKWh: number; powerKW: number }): Probe {
  if (!(rateAlong(at, d, capacity) > 0)) return at;
  const span = reach(box, at.prices, d);
  if (!(span > 0)) return at;
  const point = (t: number) => clampToBox(box, { cE: at.prices.cE + t * d.cE, cP: at.prices.cP + t * d.cP });
  const end = prober.probe(point(span));
  if (sameResponse(end, at)) return end;
  let lo = 0;
  let hi = span;
  let last = at;
  for (let k = 0; k < PUSH_BISECTIONS; k++) {
    const mid = (lo + hi) / 2;
    const p = prober.probe(point(mid));
    if (sameResponse(p, at)) {
      lo = mid;
      last = p;
    } else {
      hi = mid;
    }
  }
  return last;
}

/** Runs the three phases of the module comment on `box`. */
export function globalSearch(prober: Prober, box: SearchBox, capacity: { energyKWh: number; powerKW: number }, params: SearchParams): SearchResult {
  const width = { cE: box.high.cE - box.low.cE, cP: box.high.cP - box.low.cP };
  const counted = () => prober.probes.length;
  // Phase 1: the grid over the whole box.
  const before = counted();
  const grid: Probe[] = [];
  for (const cE of linspace(box.low.cE, box.high.cE, params.gridPoints)) {
    for (const cP of linspace(box.low.cP, box.high.cP, params.gridPoints)) grid.push(prober.probe({ cE, cP }));
  }
  const gridQueries = counted() - before;
  // Phase 2: pattern search from the best grid points (ties: grid order).
  const ranked = grid
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.score > 0)
    .sort((a, b) => b.p.score - a.p.score || a.i - b.i)
    .slice(0, params.starts)
    .map(({ p }) => p);
  const spacing = { cE: width.cE / Math.max(1, params.gridPoints - 1), cP: width.cP / Math.max(1, params.gridPoints - 1) };
  const minStep = { cE: params.minStep * width.cE, cP: params.minStep * width.cP };
  const beforePattern = counted();
  let best = bestProbe(prober.probes)!;
  for (const start of ranked) {
    const found = patternSearch(prober, box, start, { cE: spacing.cE / 2, cP: spacing.cP / 2 }, minStep);
    if (strictlyBetter(found.score, best.score)) best = found;
  }
  best = bestProbe(prober.probes)!;
  if (ranked.length > 0 && params.polishStep < params.minStep) {
    const fine = { cE: params.polishStep * width.cE, cP: params.polishStep * width.cP };
    const found = patternSearch(prober, box, best, minStep, fine);
    if (strictlyBetter(found.score, best.score)) best = found;
  }
  const patternQueries = counted() - beforePattern;
  // Phase 3: push the best point to its breakpoints.
  const beforePush = counted();
  if (ranked.length > 0) {
    for (let round = 0; round < params.pushRounds; round++) {
      const from = best;
      // Up each price, both up together (radially), and along the two trades of one for the other
      // (the edge of a region where a response is about to change often runs that way).
      const { cE, cP } = best.prices;
      for (const d of [{ cE: 1, cP: 0 }, { cE: 0, cP: 1 }, { cE, cP }, { cE: width.cE, cP: -width.cP }, { cE: -width.cE, cP: width.cP }]) {
        const pushed = push(prober, box, best, d, capacity);
        if (strictlyBetter(pushed.score, best.score)) best = pushed;
      }
      if (best === from) break;
    }
  }
  best = bestProbe(prober.probes)!;
  return { best, queries: { grid: gridQueries, pattern: patternQueries, push: counted() - beforePush }, starts: ranked.length };
}

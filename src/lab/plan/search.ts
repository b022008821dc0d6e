import type { BatterySize } from "../../agents/storage-provider.js";
import { gridSizes, refineAxis, stepAround } from "./size-grid.js";

/**
 * The outer search of a plan (docs/planning.md, "The search"): every size on the coarse grid,
 * then `refinements` rounds, each evaluating the cells around the best size so far at half the
 * step (size-grid.ts, `refineAxis`). Sizes already evaluated are never evaluated again. The
 * order is deterministic — rounds in turn, each round's new sizes by E, then P — and so is the
 * choice among equal objectives (the smallest E, then the smallest P: the cheaper battery).
 * What a size is worth is the caller's: `evaluate` runs a batch, `score` reads the objective
 * (null when the size has none, e.g. a failed run, which is then never chosen).
 */

/** One evaluated size and the round that asked for it (0: the coarse grid). */
export interface SearchedSize<T> {
  readonly size: BatterySize;
  readonly round: number;
  readonly result: T;
}

/** One round of the search: the axes it spanned and how many sizes were new. */
export interface SearchRound {
  readonly round: number;
  readonly energyKWh: readonly number[];
  readonly powerKW: readonly number[];
  readonly newSizes: number;
}

/** What the search found. */
export interface SearchOutcome<T> {
  /** Every evaluation, in the order they were asked for. */
  readonly evaluated: readonly SearchedSize<T>[];
  /** Index into `evaluated` of the best size; null when no size has an objective. */
  readonly best: number | null;
  readonly rounds: readonly SearchRound[];
  /** The step between the best size and its neighbours in the last round, kWh and kW: the search's resolution there. */
  readonly resolution: { readonly energyKWh: number; readonly powerKW: number } | null;
}

/** Relative difference below which two objectives count as equal (rounding, not a better size). */
export const OBJECTIVE_TIE_TOLERANCE = 1e-9;

const keyOf = (s: BatterySize) => `${s.energyKWh}|${s.powerKW}`;

/**
 * The index of the best of `points` by `score` (higher is better): among objectives equal up
 * to {@link OBJECTIVE_TIE_TOLERANCE}, the smallest E, then the smallest P. Null when none has a score.
 */
export function bestIndex<T>(points: readonly SearchedSize<T>[], score: (result: T) => number | null): number | null {
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.size.energyKWh - points[b]!.size.energyKWh || points[a]!.size.powerKW - points[b]!.size.powerKW);
  let best: number | null = null;
  let bestScore = -Infinity;
  for (const i of order) {
    const s = score(points[i]!.result);
    if (s === null || !Number.isFinite(s)) continue;
    // Ascending sizes: a larger size must beat the best by more than rounding to replace it.
    if (best === null || s > bestScore + OBJECTIVE_TIE_TOLERANCE * Math.max(1, Math.abs(bestScore))) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}

/** Runs the search (module comment) from the coarse axes (ascending values). */
export async function searchSizes<T>(
  coarse: { readonly energyKWh: readonly number[]; readonly powerKW: readonly number[] },
  refinements: number,
  evaluate: (sizes: readonly BatterySize[], round: number) => Promise<readonly T[]>,
  score: (result: T) => number | null,
): Promise<SearchOutcome<T>> {
  const evaluated: SearchedSize<T>[] = [];
  const seen = new Set<string>();
  const rounds: SearchRound[] = [];
  let window = { energyKWh: [...coarse.energyKWh], powerKW: [...coarse.powerKW] };
  for (let round = 0; round <= refinements; round++) {
    if (round > 0) {
      const best = bestIndex(evaluated, score);
      if (best === null) break;
      const { energyKWh, powerKW } = evaluated[best]!.size;
      window = {
        energyKWh: refineAxis(axisHolding(window.energyKWh, energyKWh, evaluated, "energyKWh"), energyKWh),
        powerKW: refineAxis(axisHolding(window.powerKW, powerKW, evaluated, "powerKW"), powerKW),
      };
    }
    const fresh = gridSizes(window.energyKWh, window.powerKW).filter((s) => !seen.has(keyOf(s)));
    rounds.push({ round, energyKWh: window.energyKWh, powerKW: window.powerKW, newSizes: fresh.length });
    // Nothing new: the window has collapsed onto evaluated sizes (fixed axes), so is the search.
    if (fresh.length === 0) break;
    for (const s of fresh) seen.add(keyOf(s));
    const results = await evaluate(fresh, round);
    if (results.length !== fresh.length) throw new Error(`searchSizes: evaluate returned ${results.length} results for ${fresh.length} sizes`);
    fresh.forEach((size, i) => evaluated.push({ size, round, result: results[i]! }));
  }
  const best = bestIndex(evaluated, score);
  const last = rounds[rounds.length - 1];
  const step = (size: BatterySize, axis: keyof BatterySize) => stepAround(axisHolding(last![axis], size[axis], evaluated, axis), size[axis]);
  const resolution = best === null || !last ? null : { energyKWh: step(evaluated[best]!.size, "energyKWh"), powerKW: step(evaluated[best]!.size, "powerKW") };
  return { evaluated, best, rounds, resolution };
}

/**
 * The axis to refine `x` on: the last window, which holds the best size — unless near-ties
 * (bestIndex) moved the best back to an earlier round's size, then every value evaluated so far.
 */
function axisHolding<T>(window: readonly number[], x: number, evaluated: readonly SearchedSize<T>[], axis: keyof BatterySize): readonly number[] {
  return window.includes(x) ? window : [...new Set(evaluated.map((e) => e.size[axis]))].sort((a, b) => a - b);
}

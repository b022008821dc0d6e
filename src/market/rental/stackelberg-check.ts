import type { RentalPrices } from "../types.js";
import { clampToBox, type Probe, type Prober, type SearchBox } from "./stackelberg-probe.js";

/**
 * The check of a Stackelberg result: does any price pair the leader knows of earn more than the
 * one it chose? It compares the chosen revenue with
 *   - every query of the round so far (the search's or the exact method's own),
 *   - a grid across the whole box, `gridPoints` × `gridPoints` at the centres of equal cells
 *     (so it does not repeat a search grid that includes the box's edges), and
 *   - a grid around the chosen prices, `localPoints` × `localPoints` within ± `localSpan` × the
 *     box's width per resource (clipped to the box),
 * and reports the gap (best elsewhere − chosen) / best elsewhere, which is 0 when nothing earns
 * more and 1 when the chosen pair earns nothing while another earns something. `checked` is true
 * only when the gap is at most ε. Pairs are compared by score (stackelberg-probe.ts), so where
 * rationing is forbidden only pairs at which the tenants' requests fit count as earning more.
 * The check never moves the result: a failed check is reported,
 * with the better pair it found.
 */

/** The check's parameters. */
export interface CheckParams {
  readonly epsilon: number;
  readonly gridPoints: number;
  readonly localPoints: number;
  readonly localSpan: number;
}

/** What the check found (logged in the rental record's meta). */
export interface CheckResult {
  readonly checked: boolean;
  /** (best elsewhere − chosen) / best elsewhere, ≥ 0. */
  readonly gap: number;
  readonly epsilon: number;
  /** The best pair other than the chosen one, and where it came from. */
  readonly best: { readonly cE: number; readonly cP: number; readonly revenue: number; readonly source: "query" | "grid" | "local" } | null;
  /** Price pairs compared: the round's queries before the check, and the check's own two grids. */
  readonly compared: { readonly queries: number; readonly grid: number; readonly local: number };
}

/** `points` centres of equal cells between low and high (one point when they meet). */
function centres(low: number, high: number, points: number): number[] {
  if (!(high > low)) return [low];
  return Array.from({ length: points }, (_, k) => low + ((high - low) * (k + 0.5)) / points);
}

/** `points` evenly spaced values across [centre − half, centre + half] (the centre itself when half is 0). */
function around(centre: number, half: number, points: number): number[] {
  if (!(half > 0) || points < 2) return [centre];
  // The middle point of an odd count is the centre itself, exactly (so it is recognised as the chosen pair).
  return Array.from({ length: points }, (_, k) => (2 * k === points - 1 ? centre : centre - half + (2 * half * k) / (points - 1)));
}

/** Checks `chosen` against everything the module comment lists; the check's queries are logged like any other. */
export function checkLeaderResult(prober: Prober, box: SearchBox, chosen: Probe, params: CheckParams): CheckResult {
  const same = (p: RentalPrices) => p.cE === chosen.prices.cE && p.cP === chosen.prices.cP;
  let best: { probe: Probe; source: "query" | "grid" | "local" } | null = null;
  const consider = (probe: Probe, source: "query" | "grid" | "local") => {
    if (same(probe.prices)) return;
    if (!best || probe.score > best.probe.score) best = { probe, source };
  };
  const queries = prober.probes.slice();
  for (const p of queries) consider(p, "query");
  let grid = 0;
  for (const cE of centres(box.low.cE, box.high.cE, params.gridPoints)) {
    for (const cP of centres(box.low.cP, box.high.cP, params.gridPoints)) {
      grid++;
      consider(prober.probe({ cE, cP }), "grid");
    }
  }
  let local = 0;
  const half = { cE: params.localSpan * (box.high.cE - box.low.cE), cP: params.localSpan * (box.high.cP - box.low.cP) };
  for (const cE of around(chosen.prices.cE, half.cE, params.localPoints)) {
    for (const cP of around(chosen.prices.cP, half.cP, params.localPoints)) {
      const prices = clampToBox(box, { cE, cP });
      if (same(prices)) continue;
      local++;
      consider(prober.probe(prices), "local");
    }
  }
  const found = best as { probe: Probe; source: "query" | "grid" | "local" } | null;
  // Scores: where rationing is forbidden, a pair at which the tenants do not fit never beats one at which they do.
  const better = found && found.probe.score > chosen.score ? found.probe.score : chosen.score;
  const gap = better > chosen.score ? (better - chosen.score) / Math.max(Math.abs(better), Number.MIN_VALUE) : 0;
  return {
    checked: gap <= params.epsilon,
    gap,
    epsilon: params.epsilon,
    best: found ? { cE: found.probe.prices.cE, cP: found.probe.prices.cP, revenue: found.probe.revenue, source: found.source } : null,
    compared: { queries: queries.length, grid, local },
  };
}

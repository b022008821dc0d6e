import { clipHalfPlane, rectangle, type Point, type Polygon } from "../../core/convex-polygon.js";
import { createPersistentLp, type PersistentLp } from "../../core/persistent-lp.js";
import type { FollowerLp, RentalPrices } from "../types.js";

/**
 * An LP follower's whole best-response function over a box of rental prices, computed exactly:
 * its *menu*. At prices c = (c_E, c_P) the follower's optimal cost is
 *
 *     OPT(c) = min_x f·x + c_E·E + c_P·P  =  min_k (a_k + c_E·E_k + c_P·P_k),
 *
 * the lower envelope of finitely many planes, one per vertex (E_k, P_k, a_k = f·x_k) of the
 * projection of its feasible set that is optimal somewhere: OPT is concave and piecewise linear,
 * and the menu item minimising the envelope at c is the follower's best response there (the
 * envelope theorem: the response is the gradient of OPT). Region k of the price plane, where item
 * k is optimal, is convex: the box cut by the half-planes "item k costs no more than item j".
 *
 * The menu is found by the classic vertex check for concave piecewise-linear functions:
 *   1. start with the responses at the box's corners;
 *   2. compute every item's region and collect the regions' vertices;
 *   3. solve the follower's LP at every vertex not yet checked: if OPT there is below the
 *      envelope of the items known, its response is a new item; otherwise the vertex is checked;
 *   4. repeat 2–3 until no vertex yields a new item.
 * When it stops, OPT equals the envelope at every vertex of every region; OPT is concave and the
 * envelope linear on each region, so they are equal on the whole box (a concave function is at
 * least the linear interpolation of its values at a polygon's vertices): the menu is complete.
 * Each item of the lower hull has a two-dimensional region (possibly outside the box), so the
 * search runs on the box widened by 0.1 % per side: an item optimal only on the box's edge is
 * still found. LP solves are warm-started on one persistent model (only E's and P's prices change).
 *
 * Tolerances: an LP optimum more than 1e-7 (relative, at least 1e-7 absolute) below the envelope
 * is a new item; responses whose E and P agree to 1e-7 (relative) are one item. A limit on items
 * and on LP solves (the caller's) keeps the work bounded; reaching it means no exact menu.
 */

/** One best response of the menu: capacity and the operating cost that goes with it. */
export interface MenuItem {
  /** E_k, kWh (≥ 0, at most what is on offer). */
  readonly energyKWh: number;
  /** P_k, kW. */
  readonly powerKW: number;
  /** a_k: the follower's cost without rent when it rents (E_k, P_k), currency per period. */
  readonly cost: number;
}

/** A follower's complete menu on a price box. */
export interface FollowerMenu {
  readonly agent: string;
  readonly items: readonly MenuItem[];
  /** Per item, the part of the box where it is optimal (empty when only outside the box). */
  readonly regions: readonly Polygon[];
  /** LP solves the search took. */
  readonly solves: number;
  /** Region vertices at which OPT was checked against the envelope. */
  readonly checkedVertices: number;
}

/** Why no exact menu was found. */
export interface MenuUnavailable {
  readonly agent: string;
  readonly reason: string;
}

/** Bounds of the search. */
export interface MenuLimits {
  readonly maxItems: number;
  readonly maxSolves: number;
}

/** A price box: c_E in [low.cE, high.cE], c_P in [low.cP, high.cP]. */
export interface PriceBox {
  readonly low: RentalPrices;
  readonly high: RentalPrices;
}

/** Relative tolerance of the envelope check and of item identity (module comment). */
const TOLERANCE = 1e-7;
/** How much the search box exceeds the price box on each side, relative to its width. */
const WIDEN = 1e-3;

/** The value of item `k` at prices (x, y) = (c_E, c_P). */
export function itemCost(item: MenuItem, x: number, y: number): number {
  return item.cost + item.energyKWh * x + item.powerKW * y;
}

/** Each item's region in `box`: the box cut by "item k costs no more than item j" for every j. */
export function menuRegions(items: readonly MenuItem[], box: Polygon): Polygon[] {
  return items.map((k) => {
    let region: Polygon = box;
    for (const j of items) {
      if (j === k || region.length === 0) continue;
      // a_k + E_k x + P_k y ≤ a_j + E_j x + P_j y
      region = clipHalfPlane(region, k.energyKWh - j.energyKWh, k.powerKW - j.powerKW, k.cost - j.cost);
    }
    return region;
  });
}

/** A vertex's key: its coordinates to 12 significant digits (equal vertices from different regions meet). */
const keyOf = (p: Point) => `${p[0].toPrecision(12)},${p[1].toPrecision(12)}`;

/** The sum of `name`'s objective coefficients in `lp`. */
function objectiveOf(lp: FollowerLp["lp"], name: string): number {
  return lp.objective.reduce((s, t) => (t.variable === name ? s + t.coefficient : s), 0);
}

/** The box widened by WIDEN on each side (a degenerate side by an absolute 1e-6). */
function widened(box: PriceBox): Polygon {
  const pad = (lo: number, hi: number) => (hi > lo ? WIDEN * (hi - lo) : 1e-6 * Math.max(1, Math.abs(lo)));
  const pE = pad(box.low.cE, box.high.cE);
  const pP = pad(box.low.cP, box.high.cP);
  return rectangle(box.low.cE - pE, box.high.cE + pE, box.low.cP - pP, box.high.cP + pP);
}

/** Solves the follower's LP at prices `p` on its persistent model: its response as a menu item, and OPT. */
function responseAt(model: PersistentLp, columns: { energy: number; power: number; base: RentalPrices; upper: RentalPrices }, p: Point): { item: MenuItem; optimum: number } {
  model.setCost(columns.energy, columns.base.cE + p[0]);
  model.setCost(columns.power, columns.base.cP + p[1]);
  let result = model.run();
  if (result.status !== "Optimal") {
    model.forgetBasis();
    result = model.solve();
  }
  const rawE = result.values[columns.energy]!;
  const rawP = result.values[columns.power]!;
  return {
    item: { energyKWh: Math.min(Math.max(0, rawE), columns.upper.cE), powerKW: Math.min(Math.max(0, rawP), columns.upper.cP), cost: result.objective - p[0] * rawE - p[1] * rawP },
    optimum: result.objective,
  };
}

/** True when two items name the same capacity (to TOLERANCE). */
function sameItem(a: MenuItem, b: MenuItem): boolean {
  return Math.abs(a.energyKWh - b.energyKWh) <= TOLERANCE * Math.max(1, a.energyKWh) && Math.abs(a.powerKW - b.powerKW) <= TOLERANCE * Math.max(1, a.powerKW);
}

/** The menu of `follower` on `box` (module comment), or why there is none within `limits`. */
export function followerMenu(follower: FollowerLp, box: PriceBox, limits: MenuLimits): FollowerMenu | MenuUnavailable {
  const { agent, lp } = follower;
  if (lp.sense !== "minimize") return { agent, reason: "its LP is not a minimisation" };
  if (lp.variables.some((v) => v.integer)) return { agent, reason: "its programme has integer variables" };
  const upper = (name: string) => lp.variables.find((v) => v.name === name)?.upper ?? Infinity;
  const model = createPersistentLp(lp);
  try {
    const columns = {
      energy: model.column(follower.energy),
      power: model.column(follower.power),
      base: { cE: objectiveOf(lp, follower.energy), cP: objectiveOf(lp, follower.power) },
      upper: { cE: upper(follower.energy), cP: upper(follower.power) },
    };
    const search = widened(box);
    const items: MenuItem[] = [];
    let solves = 0;
    const add = (item: MenuItem) => {
      if (items.some((k) => sameItem(k, item))) return false;
      items.push(item);
      return true;
    };
    // Phase 1: the corners' responses.
    for (const corner of search) {
      solves++;
      add(responseAt(model, columns, corner).item);
    }
    // Phase 2: check every region vertex until none yields a new item.
    const checked = new Set<string>();
    for (;;) {
      let added = false;
      for (const region of menuRegions(items, search)) {
        for (const v of region) {
          const key = keyOf(v);
          if (checked.has(key)) continue;
          if (solves >= limits.maxSolves) return { agent, reason: `its menu needs more than ${limits.maxSolves} LP solves` };
          solves++;
          const envelope = Math.min(...items.map((k) => itemCost(k, v[0], v[1])));
          const found = responseAt(model, columns, v);
          if (found.optimum < envelope - TOLERANCE * Math.max(1, Math.abs(envelope)) && add(found.item)) {
            added = true;
            if (items.length > limits.maxItems) return { agent, reason: `its menu has more than ${limits.maxItems} items` };
          } else {
            checked.add(key);
          }
        }
      }
      if (!added) break;
    }
    const priceBox = rectangle(box.low.cE, box.high.cE, box.low.cP, box.high.cP);
    return { agent, items, regions: menuRegions(items, priceBox), solves, checkedVertices: checked.size };
  } finally {
    model.dispose();
  }
}

import { clipHalfPlane, rectangle, segmentIntersection, type Point, type Polygon } from "../../core/convex-polygon.js";
import type { RentalOffer, RentalPrices } from "../types.js";
import { itemCost, type FollowerMenu, type MenuItem, type PriceBox } from "./follower-menu.js";
import { overshoot, type StackelbergRationing } from "./stackelberg-probe.js";

/**
 * The Stackelberg leader's exact optimum when every follower's best response is known as a menu
 * (follower-menu.ts). Each follower splits the price box into convex regions with one response
 * each; overlaying all followers' regions splits the box into convex cells on which every
 * follower's response is fixed, so the leader's revenue
 *
 *     R(c) = c_E·min(E^max, Σ_i E_i) + c_P·min(P^max, Σ_i P_i)
 *
 * (tenants rationed pro rata when they ask for more than is on offer) is linear on each cell.
 * Its supremum on a cell is reached at one of the cell's corners, approached from inside the cell;
 * every such corner is a box corner, a vertex of some follower's regions, or a point where edges
 * of two followers' regions cross. So the optimum is the best, over all those candidate points v
 * and over every cell meeting at v, of that cell's revenue at v: at v the followers tied between
 * several items pick, for a direction d into the cell, the item with the least E·d_E + P·d_P
 * (the response just inside the cell); the directions around v split into sectors at the angles
 * where that choice changes, and each sector is one cell.
 *
 * This is the supremum over open cells — what the simulated tenants give just inside the best
 * cell — not the "optimistic" value with an arbitrary tie-break at v itself, which no price
 * attains. Demand is fixed on a cell, so whether it fits the offer is too: with rationing
 * `forbidden` (the default) only cells whose demand fits count, and the optimum is over the
 * prices at which every tenant gets its best response; with `pro-rata` every cell counts, its
 * rationing evaluated as it happens (with two complementary resources rationing one of them can
 * pay the leader, and cost a tenant more than renting nothing, see MODEL.md §4).
 * Ties between candidates go to the lower c_E, then the lower c_P.
 */

/** The exact optimum. */
export interface ExactOptimum {
  /** The corner v of the best cell, currency per kWh and per kW per period. */
  readonly vertex: RentalPrices;
  /** A direction into the best cell from v (not normalised). */
  readonly direction: Point;
  /** The cell's revenue at v: the supremum of the leader's revenue over the box, currency per period. */
  readonly supremum: number;
  /** The followers' total demand in that cell. */
  readonly demand: { readonly energyKWh: number; readonly powerKW: number };
  /** Each follower's response in that cell (an item of its menu), in the order of the menus. */
  readonly items: readonly MenuItem[];
  /** Candidate points evaluated. */
  readonly candidates: number;
}

/** A candidate's key (12 significant digits), so the same point met twice is evaluated once. */
const keyOf = (p: Point) => `${p[0].toPrecision(12)},${p[1].toPrecision(12)}`;

/** One follower's region edges that lie inside the box (edges on the box boundary are left out). */
function innerEdges(menu: FollowerMenu, box: PriceBox): [Point, Point][] {
  const onBoundary = (p: Point, q: Point) => {
    const eps = (lo: number, hi: number) => 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi));
    const e = eps(box.low.cE, box.high.cE);
    const f = eps(box.low.cP, box.high.cP);
    return (
      (Math.abs(p[0] - box.low.cE) <= e && Math.abs(q[0] - box.low.cE) <= e) ||
      (Math.abs(p[0] - box.high.cE) <= e && Math.abs(q[0] - box.high.cE) <= e) ||
      (Math.abs(p[1] - box.low.cP) <= f && Math.abs(q[1] - box.low.cP) <= f) ||
      (Math.abs(p[1] - box.high.cP) <= f && Math.abs(q[1] - box.high.cP) <= f)
    );
  };
  const seen = new Set<string>();
  const edges: [Point, Point][] = [];
  for (const region of menu.regions) {
    for (let i = 0; i < region.length; i++) {
      const p = region[i]!;
      const q = region[(i + 1) % region.length]!;
      if (onBoundary(p, q)) continue;
      const a = keyOf(p);
      const b = keyOf(q);
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push([p, q]);
    }
  }
  return edges;
}

/** Every candidate point of the module comment, in a fixed order. */
function candidatePoints(menus: readonly FollowerMenu[], box: PriceBox): Point[] {
  const points = new Map<string, Point>();
  const add = (p: Point) => {
    const k = keyOf(p);
    if (!points.has(k)) points.set(k, p);
  };
  for (const p of [
    [box.low.cE, box.low.cP],
    [box.high.cE, box.low.cP],
    [box.high.cE, box.high.cP],
    [box.low.cE, box.high.cP],
  ] as const)
    add(p);
  for (const menu of menus) for (const region of menu.regions) for (const v of region) add(v);
  const edges = menus.map((m) => innerEdges(m, box));
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      for (const [p, q] of edges[i]!) {
        const minX = Math.min(p[0], q[0]);
        const maxX = Math.max(p[0], q[0]);
        const minY = Math.min(p[1], q[1]);
        const maxY = Math.max(p[1], q[1]);
        for (const [r, s] of edges[j]!) {
          // Bounding boxes first: most pairs are far apart.
          if (Math.max(r[0], s[0]) < minX || Math.min(r[0], s[0]) > maxX || Math.max(r[1], s[1]) < minY || Math.min(r[1], s[1]) > maxY) continue;
          const x = segmentIntersection(p, q, r, s);
          if (x) add(x);
        }
      }
    }
  }
  return [...points.values()];
}

/** The items of a menu tied for the least cost at v (to a relative 1e-9). */
function tiedItems(menu: FollowerMenu, v: Point): MenuItem[] {
  const costs = menu.items.map((k) => itemCost(k, v[0], v[1]));
  const least = Math.min(...costs);
  const slack = 1e-9 * Math.max(1, Math.abs(least));
  return menu.items.filter((_, k) => costs[k]! <= least + slack);
}

/** Directions around v at which some tied follower's choice changes, or the box boundary is met. */
function criticalAngles(ties: readonly (readonly MenuItem[])[], v: Point, box: PriceBox): number[] {
  const angles: number[] = [];
  const perpendiculars = (nx: number, ny: number) => {
    const theta = Math.atan2(ny, nx);
    angles.push(theta + Math.PI / 2, theta - Math.PI / 2);
  };
  for (const tied of ties) {
    for (let a = 0; a < tied.length; a++) {
      for (let b = a + 1; b < tied.length; b++) {
        const nx = tied[a]!.energyKWh - tied[b]!.energyKWh;
        const ny = tied[a]!.powerKW - tied[b]!.powerKW;
        if (nx !== 0 || ny !== 0) perpendiculars(nx, ny);
      }
    }
  }
  // On a box edge the directions leaving the box are cut off by the edge's line.
  const eps = (x: number) => 1e-12 * Math.max(1, Math.abs(x));
  if (Math.abs(v[0] - box.low.cE) <= eps(box.low.cE) || Math.abs(v[0] - box.high.cE) <= eps(box.high.cE)) perpendiculars(1, 0);
  if (Math.abs(v[1] - box.low.cP) <= eps(box.low.cP) || Math.abs(v[1] - box.high.cP) <= eps(box.high.cP)) perpendiculars(0, 1);
  const normal = (t: number) => ((t % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  return [...new Set(angles.map(normal))].sort((x, y) => x - y);
}

/** True when a small step from v along d stays in the box. */
function pointsInside(v: Point, d: Point, box: PriceBox): boolean {
  const eps = (x: number) => 1e-12 * Math.max(1, Math.abs(x));
  if (Math.abs(v[0] - box.low.cE) <= eps(box.low.cE) && d[0] < 0) return false;
  if (Math.abs(v[0] - box.high.cE) <= eps(box.high.cE) && d[0] > 0) return false;
  if (Math.abs(v[1] - box.low.cP) <= eps(box.low.cP) && d[1] < 0) return false;
  if (Math.abs(v[1] - box.high.cP) <= eps(box.high.cP) && d[1] > 0) return false;
  // A degenerate box (one price fixed) allows only moves along it.
  if (box.high.cE === box.low.cE && d[0] !== 0) return false;
  if (box.high.cP === box.low.cP && d[1] !== 0) return false;
  return true;
}

/** The leader's revenue at v when the followers rent `demand` (rationed at capacity). */
function revenueAt(offer: RentalOffer, v: Point, demand: { energyKWh: number; powerKW: number }): number {
  return v[0] * Math.min(offer.energyKWh, demand.energyKWh) + v[1] * Math.min(offer.powerKW, demand.powerKW);
}

/** A cell met at a candidate: its revenue at the candidate, a direction into it, the demand and responses there. */
interface Cell {
  readonly revenue: number;
  readonly direction: Point;
  readonly demand: { readonly energyKWh: number; readonly powerKW: number };
  readonly items: readonly MenuItem[];
}

/** The best cell at one candidate: its revenue at v, the direction into it and the demand there. */
function bestCellAt(menus: readonly FollowerMenu[], offer: RentalOffer, v: Point, box: PriceBox, rationing: StackelbergRationing): Cell | null {
  const ties = menus.map((m) => tiedItems(m, v));
  const angles = criticalAngles(ties, v, box);
  // Sector midpoints; with no critical angle at all, any direction into the box is one sector.
  const directions: Point[] =
    angles.length === 0
      ? [[box.high.cE - v[0] || 1, box.high.cP - v[1] || 1]]
      : angles.map((a, i) => {
          const next = i + 1 < angles.length ? angles[i + 1]! : angles[0]! + 2 * Math.PI;
          const mid = (a + next) / 2;
          return [Math.cos(mid), Math.sin(mid)] as Point;
        });
  let best: Cell | null = null;
  for (const d of directions) {
    if (!pointsInside(v, d, box)) continue;
    let energyKWh = 0;
    let powerKW = 0;
    const items: MenuItem[] = [];
    for (const tied of ties) {
      // The response just inside the cell: the tied item that costs least along d.
      let chosen = tied[0]!;
      for (const k of tied) if (k.energyKWh * d[0] + k.powerKW * d[1] < chosen.energyKWh * d[0] + chosen.powerKW * d[1]) chosen = k;
      items.push(chosen);
      energyKWh += chosen.energyKWh;
      powerKW += chosen.powerKW;
    }
    if (rationing === "forbidden" && overshoot(offer, { energyKWh, powerKW }) > 0) continue;
    const revenue = revenueAt(offer, v, { energyKWh, powerKW });
    if (!best || revenue > best.revenue) best = { revenue, direction: d, demand: { energyKWh, powerKW }, items };
  }
  return best;
}

/** The exact optimum over `box` given every follower's complete menu (module comment); null when no cell counts. */
export function exactLeaderOptimum(menus: readonly FollowerMenu[], offer: RentalOffer, box: PriceBox, rationing: StackelbergRationing = "forbidden"): ExactOptimum | null {
  const candidates = candidatePoints(menus, box);
  let best: (Cell & { v: Point }) | null = null;
  for (const v of candidates) {
    const cell = bestCellAt(menus, offer, v, box, rationing);
    if (!cell) continue;
    const better =
      !best ||
      cell.revenue > best.revenue + 1e-12 * Math.max(1, Math.abs(best.revenue)) ||
      // Equal revenue: the lower c_E, then the lower c_P.
      (Math.abs(cell.revenue - best.revenue) <= 1e-12 * Math.max(1, Math.abs(best.revenue)) && (v[0] < best.v[0] || (v[0] === best.v[0] && v[1] < best.v[1])));
    if (better) best = { v, ...cell };
  }
  // Rationing forbidden and demand above the offer everywhere in the box: the caller searches instead.
  if (!best) return null;
  return { vertex: { cE: best.v[0], cP: best.v[1] }, direction: best.direction, supremum: best.revenue, demand: best.demand, items: best.items, candidates: candidates.length };
}

/**
 * Where to ask the tenants so that they give the best cell's responses: at the cell's corner
 * they are indifferent, and an LP solver breaks a tie of less than its tolerance either way. So
 * for each margin τ_i (currency, per follower) the cell is shrunk to where follower i's response
 * costs it at least τ_i less than any other item of its menu, and the point of that smaller
 * polygon with the highest revenue (a vertex: the revenue is linear in the cell) is returned —
 * the least revenue given up for a preference the solver cannot miss. Null for a margin that
 * leaves nothing of the cell.
 */
export function pointsInsideCell(menus: readonly FollowerMenu[], optimum: ExactOptimum, offer: RentalOffer, box: PriceBox, margins: readonly (readonly number[])[]): (Point | null)[] {
  return margins.map((margin) => {
    let cell: Polygon = rectangle(box.low.cE, box.high.cE, box.low.cP, box.high.cP);
    menus.forEach((menu, i) => {
      const k = optimum.items[i]!;
      const tau = margin[i]!;
      for (const j of menu.items) {
        if (j === k || cell.length === 0) continue;
        // An item renting the same to 1e-6 changes nothing the leader earns: no margin against it.
        if (Math.abs(j.energyKWh - k.energyKWh) <= 1e-6 * Math.max(1, k.energyKWh) && Math.abs(j.powerKW - k.powerKW) <= 1e-6 * Math.max(1, k.powerKW)) continue;
        // a_k + q_k·c + τ ≤ a_j + q_j·c
        cell = clipHalfPlane(cell, k.energyKWh - j.energyKWh, k.powerKW - j.powerKW, k.cost - j.cost + tau);
      }
    });
    if (cell.length === 0) return null;
    let best: Point | null = null;
    let bestRevenue = -Infinity;
    for (const v of cell) {
      const r = revenueAt(offer, v, optimum.demand);
      if (r > bestRevenue) {
        best = v;
        bestRevenue = r;
      }
    }
    return best;
  });
}

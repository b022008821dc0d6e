/**
 * Convex polygons in the plane, as the lists of their vertices in order, and the few operations
 * a two-dimensional piecewise-linear analysis needs: cutting by a half-plane and intersecting
 * segments. Plain floating point with a small tolerance: a point within `tolerance` of a line
 * counts as on it, so polygons that only touch a line are not split into slivers.
 */

/** A point (x, y). */
export type Point = readonly [x: number, y: number];

/** A convex polygon: vertices in order (either orientation); empty when nothing is left. */
export type Polygon = readonly Point[];

/** The rectangle [x0, x1] × [y0, y1], counter-clockwise from (x0, y0). */
export function rectangle(x0: number, x1: number, y0: number, y1: number): Polygon {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/**
 * The part of `polygon` where a·x + b·y + c ≤ 0 (Sutherland–Hodgman against one line). Points
 * with a·x + b·y + c within `tolerance` of 0 count as on the line and are kept.
 */
export function clipHalfPlane(polygon: Polygon, a: number, b: number, c: number, tolerance = 0): Point[] {
  const out: Point[] = [];
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    const p = polygon[i]!;
    const q = polygon[(i + 1) % n]!;
    const fp = a * p[0] + b * p[1] + c;
    const fq = a * q[0] + b * q[1] + c;
    if (fp <= tolerance) out.push(p);
    // The edge crosses the line strictly: keep the crossing point.
    if ((fp < -tolerance && fq > tolerance) || (fp > tolerance && fq < -tolerance)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return dedupe(out, tolerance === 0 ? 0 : 1e-12);
}

/** Drops consecutive vertices closer than `distance` (in both coordinates) to the one before. */
function dedupe(points: Point[], distance: number): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && Math.abs(last[0] - p[0]) <= distance * Math.max(1, Math.abs(p[0])) && Math.abs(last[1] - p[1]) <= distance * Math.max(1, Math.abs(p[1]))) continue;
    out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && Math.abs(last[0] - first[0]) <= distance * Math.max(1, Math.abs(first[0])) && Math.abs(last[1] - first[1]) <= distance * Math.max(1, Math.abs(first[1]))) out.pop();
  return out;
}

/** Twice the signed area (positive when counter-clockwise). */
export function doubleArea(polygon: Polygon): number {
  let s = 0;
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i]!;
    const q = polygon[(i + 1) % polygon.length]!;
    s += p[0] * q[1] - q[0] * p[1];
  }
  return s;
}

/** The point where segments pq and rs cross (endpoints included), or null when they do not meet or are parallel. */
export function segmentIntersection(p: Point, q: Point, r: Point, s: Point): Point | null {
  const dx1 = q[0] - p[0];
  const dy1 = q[1] - p[1];
  const dx2 = s[0] - r[0];
  const dy2 = s[1] - r[1];
  const denominator = dx1 * dy2 - dy1 * dx2;
  const scale = Math.max(Math.abs(dx1 * dy2), Math.abs(dy1 * dx2));
  if (Math.abs(denominator) <= 1e-14 * scale || denominator === 0) return null;
  const t = ((r[0] - p[0]) * dy2 - (r[1] - p[1]) * dx2) / denominator;
  const u = ((r[0] - p[0]) * dy1 - (r[1] - p[1]) * dx1) / denominator;
  const slack = 1e-12;
  if (t < -slack || t > 1 + slack || u < -slack || u > 1 + slack) return null;
  return [p[0] + t * dx1, p[1] + t * dy1];
}

/**
 * The first field where two JSON values differ, as a path like `clearing.trades[0].kWh`
 * (keys visited in sorted order, so the answer is stable); null when they are equal.
 */
export function firstDifference(a: unknown, b: unknown, path = ""): { path: string; a: unknown; b: unknown } | null {
  if (Object.is(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const d = firstDifference(a[key], b[key], path === "" ? key : `${path}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return { path: path || "(record)", a, b };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

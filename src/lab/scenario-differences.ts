import { canonicalJson } from "../core/canonical-json.js";

/**
 * Where resolved scenarios differ: the like-with-like check of `sesame compare RUN_DIR
 * RUN_DIR …`. Two runs compare what was changed between them only if nothing else was; this
 * lists every dotted path (array items by index, as experiment paths are: `agents.0.pv.kWp`)
 * whose value is not the same in every scenario.
 */

/** One path where the scenarios differ, with each scenario's value there (undefined where it has none). */
export interface ScenarioDifference {
  readonly path: string;
  readonly values: readonly unknown[];
}

/**
 * The paths at which `scenarios` do not all hold the same value, in the first scenario's key
 * order (then keys only later ones have). Objects (and arrays) that all scenarios hold are
 * compared key by key; anywhere else — a value against a missing one, an object against a
 * number, arrays of different lengths' extra items — the path itself is the difference, so a
 * whole missing subtree is one entry, not one per leaf.
 */
export function scenarioDifferences(scenarios: readonly unknown[]): ScenarioDifference[] {
  const out: ScenarioDifference[] = [];
  walk(scenarios, [], out);
  return out;
}

function walk(values: readonly unknown[], path: readonly string[], out: ScenarioDifference[]): void {
  if (values.length < 2 || allEqual(values)) return;
  const kind = containerKind(values[0]);
  if (kind !== null && values.every((v) => containerKind(v) === kind)) {
    const keys: string[] = [];
    for (const v of values) for (const k of Object.keys(v as object)) if (!keys.includes(k)) keys.push(k);
    // Non-empty containers only: {} against {a: 1} is the key a differing, {} against [] below.
    if (keys.length > 0) {
      for (const key of keys) walk(values.map((v) => (v as Record<string, unknown>)[key]), [...path, key], out);
      return;
    }
  }
  out.push({ path: path.length > 0 ? path.join(".") : "(scenario)", values });
}

function containerKind(value: unknown): "array" | "object" | null {
  if (Array.isArray(value)) return "array";
  return typeof value === "object" && value !== null ? "object" : null;
}

function allEqual(values: readonly unknown[]): boolean {
  const first = text(values[0]);
  return values.every((v) => text(v) === first);
}

/** Canonical text of a value (key order does not matter); undefined stays distinct from null. */
function text(value: unknown): string {
  if (value === undefined) return "\u0000undefined";
  try {
    return canonicalJson(value);
  } catch {
    // canonicalJson refuses NaN and Infinity, which a resolved scenario never holds; compare as text.
    return String(value);
  }
}

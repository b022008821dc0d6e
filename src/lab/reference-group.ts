import { InputError } from "../core/errors.js";
import type { RunGroup } from "./compare-experiment.js";

/**
 * The reference group of `sesame compare DIR --against POINT` (docs/experiments.md,
 * "Comparing"): POINT is a pointId (`p` + 12 hex digits), or `path=value` pairs on the grouping
 * columns (comma-separated, or one per `--against`). It must select exactly one group: a
 * selector that matches none, or several, is an input error listing the groups, so a typo
 * never silently compares against the wrong point.
 */

/** What `--against` was given: the POINT strings, or `true` for the flag alone (the first group). */
export type ReferenceSelector = readonly string[] | true;

/** The index in `groups` of the group `selector` names. */
export function selectReferenceGroup(groups: readonly RunGroup[], by: readonly string[], selector: ReferenceSelector): number {
  if (groups.length === 0) throw new InputError({ path: "--against", expected: "a results table with runs to compare; this one has none" });
  if (selector === true) return 0;
  const tokens = selector.flatMap((s) => s.split(",")).map((t) => t.trim()).filter((t) => t !== "");
  if (tokens.length === 0) throw new InputError({ path: "--against", expected: `a pointId or path=value pairs; the groups are ${listGroups(groups, by)}` });
  const pairs = tokens.filter((t) => t.includes("="));
  if (pairs.length === 0) {
    if (tokens.length > 1) throw new InputError({ path: "--against", expected: `one pointId, got ${tokens.join(", ")}; the groups are ${listGroups(groups, by)}` });
    return byPointId(groups, by, tokens[0]!);
  }
  if (pairs.length < tokens.length) {
    throw new InputError({ path: "--against", expected: `either a pointId or path=value pairs, not both (got ${tokens.join(", ")})` });
  }
  return byValues(groups, by, pairs);
}

/** A group label as `--against` would select it: `path=value, …` and its pointId (or how many points it pools). */
export function groupLabel(group: Pick<RunGroup, "key" | "pointIds">, by: readonly string[]): string {
  const values = by.length > 0 ? by.map((path) => `${path}=${String(group.key[path] ?? null)}`).join(", ") : "(all runs)";
  const points = group.pointIds.length === 1 ? ` (${group.pointIds[0]})` : group.pointIds.length > 1 ? ` (${group.pointIds.length} points)` : "";
  return values + points;
}

function byPointId(groups: readonly RunGroup[], by: readonly string[], pointId: string): number {
  if (groups.every((g) => g.pointIds.length === 0)) {
    throw new InputError({ path: "--against", expected: `path=value pairs: the results table has no pointId column to find ${pointId} in; the groups are ${listGroups(groups, by)}` });
  }
  // Every run belongs to one group, so a pointId that is in the table selects one group.
  const index = groups.findIndex((g) => g.pointIds.includes(pointId));
  if (index < 0) throw new InputError({ path: "--against", expected: `a pointId of the table or path=value pairs; no group holds ${pointId}; the groups are ${listGroups(groups, by)}` });
  return index;
}

function byValues(groups: readonly RunGroup[], by: readonly string[], pairs: readonly string[]): number {
  const wanted = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const path = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!by.includes(path)) {
      throw new InputError({
        path: "--against",
        expected: `path=value on the grouping columns (${by.length > 0 ? by.join(", ") : "none: every run is one group"}), got ${path}; --by chooses the grouping columns`,
      });
    }
    const earlier = wanted.get(path);
    if (earlier !== undefined && earlier !== value) throw new InputError({ path: "--against", expected: `one value per path, got ${path}=${earlier} and ${path}=${value}` });
    wanted.set(path, value);
  }
  const matching = groups.flatMap((g, i) => ([...wanted].every(([path, value]) => matches(g.key[path], value)) ? [i] : []));
  const asked = [...wanted].map(([p, v]) => `${p}=${v}`).join(", ");
  if (matching.length === 0) throw new InputError({ path: "--against", expected: `a group of the comparison; none has ${asked}; the groups are ${listGroups(groups, by)}` });
  if (matching.length > 1) {
    throw new InputError({
      path: "--against",
      expected: `exactly one group; ${asked} matches ${matching.length}: ${matching.map((i) => groupLabel(groups[i]!, by)).join("; ")} — name the other grouping columns too, or a pointId`,
    });
  }
  return matching[0]!;
}

/** Whether a table value is what the user typed: as text, or as the same number (`900` = `900.0`). */
function matches(value: unknown, text: string): boolean {
  if (value === null || value === undefined) return text === "null" || text === "";
  if (String(value) === text) return true;
  return typeof value === "number" && text !== "" && Number(text) === value;
}

/** At most 30 groups, then how many more: an error message, not a dump. */
function listGroups(groups: readonly RunGroup[], by: readonly string[]): string {
  const shown = groups.slice(0, 30).map((g) => groupLabel(g, by));
  return shown.join("; ") + (groups.length > 30 ? `; … and ${groups.length - 30} more` : "");
}

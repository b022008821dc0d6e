import type { z } from "zod";
import type { InputIssue } from "./errors.js";

/** Dotted path with indices, e.g. `agents[2].pv.kWp`, from a zod path. */
export function formatPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * zod's issues as SESAME input issues: each names the field and what was expected there.
 * Shared by every input SESAME validates (scenarios, order books, rental books).
 */
export function zodIssues(error: z.ZodError, prefix = ""): InputIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as { keys: string[] }).keys;
      return { path: formatPath([...issue.path, keys[0]!], prefix), expected: `no such field (unknown: ${keys.join(", ")})` };
    }
    return { path: formatPath(issue.path, prefix) || prefix || "(input)", expected: issue.message };
  });
}

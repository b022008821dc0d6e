import type { z } from "zod";
import type { InputIssue } from "./errors.js";
import { formatBound } from "./bounds.js";

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
 * zod's issues as SESAME input issues, in one style: the field, what was expected there, what
 * was found (`a number ≤ 1e9, got 1e+308`). Parse with `{ reportInput: true }` so the found
 * value is known. A value that matches no member of a union is reported against the member it
 * comes closest to (fewest problems), so `load: { generator: residential, meanKW: -1 }` names
 * `load.meanKW`, not "invalid input". Shared by every input SESAME validates (scenarios,
 * experiments, order books, rental books).
 */
export function zodIssues(error: z.ZodError, prefix = ""): InputIssue[] {
  return flatten(error.issues, []).map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as { keys: string[] }).keys;
      return { path: formatPath([...issue.path, keys[0]!], prefix), expected: `no such field (unknown: ${keys.join(", ")})` };
    }
    return { path: formatPath(issue.path, prefix) || prefix || "(input)", expected: describeIssue(issue) };
  });
}

type Issue = z.core.$ZodIssue;

/** Issues with each union failure replaced by its closest member's issues (paths made absolute). */
function flatten(issues: readonly Issue[], base: readonly PropertyKey[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    const path = [...base, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const closest = closestMember(issue.errors);
      if (closest) return flatten(closest, path);
      const literals = issue.errors.every((m) => m.length === 1 && m[0]!.code === "invalid_value" && m[0]!.path.length === 0);
      if (literals) {
        const values = issue.errors.flatMap((m) => (m[0] as { values: unknown[] }).values);
        return [{ ...issue, code: "invalid_value", values, path } as unknown as Issue];
      }
    }
    return [{ ...issue, path } as Issue];
  });
}

/**
 * The union member whose issues say the value had the member's shape but a wrong field (no
 * type mismatch at the union's own level), with the fewest issues; none when every member
 * refused the value's type itself (then the union's own message, listing the types, is best).
 */
function closestMember(members: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const shaped = members.filter((m) => m.length > 0 && !m.some((i) => i.path.length === 0 && i.code === "invalid_type"));
  if (shaped.length === 0) return undefined;
  return [...shaped].sort((a, b) => a.length - b.length)[0];
}

/** What was expected and what was found, for zod's built-in messages; a schema's own message is kept as written. */
function describeIssue(issue: Issue): string {
  const found = "input" in issue ? foundText(issue.input) : undefined;
  const got = found === undefined ? "" : `, got ${found}`;
  const own = !/^(Too big|Too small|Invalid input|Invalid option|Invalid discriminator|Invalid string|Invalid ISO|Invalid)/.test(issue.message);
  // A schema's own message was written for its field and says what it needs to.
  if (own) return issue.message;
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint") return `a number ${issue.inclusive ? "≤" : "<"} ${formatBound(Number(issue.maximum))}${got}`;
      if (issue.origin === "array") return `at most ${String(issue.maximum)} items, got ${lengthOf(issue.input)}`;
      return `at most ${String(issue.maximum)} characters${got}`;
    case "too_small":
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint") return `a number ${issue.inclusive ? "≥" : ">"} ${formatBound(Number(issue.minimum))}${got}`;
      if (issue.origin === "array") return `${issue.exact ? "exactly" : "at least"} ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? "" : "s"}, got ${lengthOf(issue.input)}`;
      if (Number(issue.minimum) === 1 && !issue.exact) return `a non-empty string${got}`;
      return `${issue.exact ? "exactly" : "at least"} ${String(issue.minimum)} characters${got}`;
    case "invalid_type":
      return `${article(issue.expected === "record" ? "object" : issue.expected)}${got}`;
    case "invalid_value":
      return `${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`}${got}`;
    case "invalid_union":
      if ("options" in issue && Array.isArray(issue.options)) return `one of ${issue.options.map((v) => JSON.stringify(v)).join(", ")}${foundDiscriminator(issue)}`;
      return `${unionTypes(issue.errors) ?? "a value of another form (see `sesame schema`)"}${got}`;
    case "invalid_format":
      return `${issue.format === "datetime" ? "an ISO 8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z" : `a ${issue.format} string`}${got}`;
    case "not_multiple_of":
      return `a multiple of ${String(issue.divisor)}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

/** The found value of a discriminator issue (its input is the whole object). */
function foundDiscriminator(issue: Issue): string {
  const key = "discriminator" in issue ? String((issue as { discriminator: unknown }).discriminator) : undefined;
  const input = "input" in issue ? issue.input : undefined;
  if (key === undefined || typeof input !== "object" || input === null) return "";
  return `, got ${foundText((input as Record<string, unknown>)[key])}`;
}

/** "a number, an array or an object" when every member of a union refused the value's type. */
function unionTypes(members: readonly (readonly Issue[])[]): string | undefined {
  const types = members.map((m) => m.find((i) => i.path.length === 0 && i.code === "invalid_type") as { expected: string } | undefined);
  if (types.some((t) => t === undefined)) return undefined;
  const names = [...new Set(types.map((t) => article(t!.expected === "record" ? "object" : t!.expected)))];
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** "a number", "an object", "an integer" … for zod's expected type names. */
function article(expected: string): string {
  const name = expected === "int" ? "integer" : expected === "nan" ? "NaN" : expected;
  return `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
}

function lengthOf(input: unknown): string {
  return Array.isArray(input) ? String(input.length) : "another value";
}

/** A short rendering of a found value: never the contents of an object or array. */
function foundText(input: unknown): string | undefined {
  if (input === undefined) return "nothing (the field is missing)";
  if (input === null) return "null";
  if (typeof input === "number") return Number.isNaN(input) ? "NaN" : String(input);
  if (typeof input === "string") return JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input);
  if (typeof input === "boolean") return String(input);
  if (Array.isArray(input)) return `an array of ${input.length}`;
  if (typeof input === "object") return "an object";
  return typeof input;
}

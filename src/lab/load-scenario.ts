import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError } from "../core/errors.js";
import { ScenarioSchema, type Scenario } from "./scenario-schema.js";
import { builtInScenarioDir } from "./package-root.js";
import { zodIssues } from "../core/zod-issues.js";

/** The scenario `sesame run` uses when given none. */
export const DEFAULT_SCENARIO = "dcc-week";

/** A validated scenario and where it came from (CSV paths are relative to `dir`). */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly dir: string;
  readonly source: string;
}

/** Names of the built-in scenarios (files in scenarios/). */
export function builtInScenarioNames(): string[] {
  const dir = builtInScenarioDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .map((f) => f.replace(/\.(json|ya?ml)$/, ""))
    .sort();
}

/** Loads a scenario from a file path or a built-in name (the default when omitted). */
export function loadScenario(fileOrName: string = DEFAULT_SCENARIO): LoadedScenario {
  const path = locate(fileOrName);
  const text = readFileSync(path, "utf8");
  return { scenario: parseScenarioText(text, path), dir: dirname(path), source: path };
}

/** Parses and validates scenario text (JSON, or YAML for .yaml/.yml files). */
export function parseScenarioText(text: string, path: string): Scenario {
  let raw: unknown;
  try {
    raw = extname(path) === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError({ path: "(scenario)", expected: `valid ${extname(path) === ".json" ? "JSON" : "YAML"} in ${path}: ${(error as Error).message}` });
  }
  return validateScenario(raw);
}

/** Validates a scenario object, filling in every default. */
export function validateScenario(raw: unknown): Scenario {
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(zodIssues(parsed.error));
  return parsed.data;
}

function locate(fileOrName: string): string {
  if (existsSync(fileOrName)) return resolve(fileOrName);
  for (const ext of [".json", ".yaml", ".yml"]) {
    const candidate = join(builtInScenarioDir(), fileOrName + ext);
    if (existsSync(candidate)) return candidate;
  }
  throw new InputError({
    path: "SCENARIO",
    expected: `a scenario file or a built-in name (${builtInScenarioNames().join(", ")}), got "${fileOrName}"`,
  });
}

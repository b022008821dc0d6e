import { scenarioFolderInputs, type InputSource, type ScenarioFolderOptions } from "../core/input-source.js";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError } from "../core/errors.js";
import type { Scenario } from "./scenario-schema.js";
import { scenarioIssues } from "./scenario-issues.js";
import { builtInScenarioDir } from "./package-root.js";

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

/**
 * Loads a scenario from a file path or a built-in name (the default when omitted); `inputs`
 * says whether its CSV paths may leave its folder (core/input-source.ts).
 */
export function loadScenario(fileOrName: string = DEFAULT_SCENARIO, inputs: ScenarioFolderOptions = {}): LoadedScenario {
  const path = locate(fileOrName);
  const text = readFileSync(path, "utf8");
  return { scenario: parseScenarioText(text, path, inputs), dir: dirname(path), source: path };
}

/**
 * Parses and validates scenario text (JSON, or YAML for .yaml/.yml files); a bad scenario is
 * one InputError listing every problem, its agents' CSV files (relative to `path`'s folder)
 * included (scenario-issues.ts).
 */
export function parseScenarioText(text: string, path: string, inputs: ScenarioFolderOptions = {}): Scenario {
  let raw: unknown;
  try {
    raw = extname(path) === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError({ path: "(scenario)", expected: `valid ${extname(path) === ".json" ? "JSON" : "YAML"} in ${path}: ${(error as Error).message}` });
  }
  return validateScenario(raw, scenarioFolderInputs(dirname(path), inputs));
}

/**
 * Validates a scenario object, filling in every default: the schema, then the checks across
 * fields (tariff, mechanisms and their parameters, agent ids, strategy settings). A bad
 * scenario is one InputError listing every problem; with `inputs` (where its CSV files are
 * read from) it also lists what building its agents finds.
 */
export function validateScenario(raw: unknown, inputs?: InputSource): Scenario {
  const { scenario, issues } = scenarioIssues(raw, inputs);
  if (!scenario) throw new InputError(issues);
  return scenario;
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

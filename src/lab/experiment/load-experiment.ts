import { scenarioFolderInputs } from "../../core/input-source.js";
import { buildWorld } from "../build-world.js";
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { canonicalJson } from "../../core/canonical-json.js";
import { sha256Hex } from "../../core/hash.js";
import { InputError, type InputIssue } from "../../core/errors.js";
import { formatPath, zodIssues } from "../../core/zod-issues.js";
import { loadScenario, validateScenario } from "../load-scenario.js";
import type { Scenario } from "../scenario-schema.js";
import { ExperimentSchema, type Experiment, type ExperimentDefinition } from "./experiment-schema.js";
import { expandPoints, expandRuns, sweptPaths, type ExperimentPoint, type PlannedRun } from "./expand.js";
import { pathKeys, pathProblem, withValueAt } from "./scenario-paths.js";

/** Version of the experiment folder layout (experiment.json `format`). */
export const EXPERIMENT_FORMAT_VERSION = 1;

/** An experiment checked and resolved: its base scenario, every point and run, and its identity. */
export interface ResolvedExperiment {
  readonly experiment: Experiment;
  /** sha256 of the canonical resolved experiment: shards of one experiment share it. */
  readonly experimentId: string;
  /** The base scenario with `set` applied, validated. */
  readonly base: Scenario;
  /** Where the base scenario's CSV paths are relative to. */
  readonly scenarioDir: string;
  /** Whether those paths may be absolute or leave that folder (`sesame experiment --allow-outside-inputs`). */
  readonly allowOutsideInputs: boolean;
  readonly points: readonly ExperimentPoint[];
  readonly runs: readonly PlannedRun[];
  /** Swept scenario paths, in table order. */
  readonly sweptPaths: readonly string[];
}

/** Validates an experiment definition and fills its defaults; bad input is an InputError naming every problem. */
export function defineExperiment(definition: ExperimentDefinition): Experiment {
  const parsed = ExperimentSchema.safeParse(definition, { reportInput: true });
  if (!parsed.success) throw new InputError(zodIssues(parsed.error));
  return parsed.data;
}

/** How an experiment's base scenario may name its input files (core/input-source.ts). */
export interface ExperimentInputs {
  /** Let CSV paths be absolute or leave the base scenario's folder; default false. */
  readonly allowOutsideInputs?: boolean;
}

/** Reads, validates and resolves an experiment file (JSON, or YAML for .yaml/.yml). */
export function loadExperiment(file: string, inputs: ExperimentInputs = {}): ResolvedExperiment {
  if (!existsSync(file)) throw new InputError({ path: "FILE", expected: `an experiment file, "${file}" does not exist` });
  const text = readFileSync(file, "utf8");
  let raw: unknown;
  try {
    raw = extname(file) === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError({ path: "(experiment)", expected: `valid ${extname(file) === ".json" ? "JSON" : "YAML"} in ${file}: ${(error as Error).message}` });
  }
  const dir = dirname(resolve(file));
  const parsed = ExperimentSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new InputError([...zodIssues(parsed.error), ...baseIssues(raw, dir, inputs)]);
  return resolveExperiment(parsed.data, dir, inputs);
}

/**
 * The base scenario's problems of an experiment whose own fields are wrong, so that one pass
 * of `sesame validate` names both; none when the base is valid or cannot be told.
 */
function baseIssues(raw: unknown, dir: string, inputs: ExperimentInputs): InputIssue[] {
  const base = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)["base"] : undefined;
  if (base === "") return [];
  if (typeof base !== "string" && (typeof base !== "object" || base === null || Array.isArray(base))) return [];
  try {
    loadBase(base as Experiment["base"], dir, inputs);
    return [];
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
}

/**
 * Resolves an experiment: loads its base (a path relative to `dir`, a built-in name, or an
 * inline scenario), applies `set`, expands points and runs, and validates every point's
 * scenario — all before anything runs, with every problem reported at once.
 */
export function resolveExperiment(definition: ExperimentDefinition | Experiment, dir: string = process.cwd(), inputs: ExperimentInputs = {}): ResolvedExperiment {
  const experiment = defineExperiment(definition as ExperimentDefinition);
  const { scenario: loaded, dir: scenarioDir } = loadBase(experiment.base, dir, inputs);
  const base = applySet(loaded, experiment.set);
  const points = expandPoints(experiment);
  const issues = points.flatMap((point, i) => pointIssues(base, point, pointWhere(experiment, i)));
  if (issues.length > 0) throw new InputError(dedupe(issues));
  // The base's input files (CSV profiles) are read once here, so a missing, malformed or
  // out-of-folder file is refused before any folder is written, not when its first run starts.
  try {
    buildWorld(base, scenarioFolderInputs(scenarioDir, { allowOutside: inputs.allowOutsideInputs === true }));
  } catch (error) {
    throw prefixed(error, "base");
  }
  const runs = expandRuns(experiment, points);
  const experimentId = sha256Hex(
    canonicalJson({
      format: EXPERIMENT_FORMAT_VERSION,
      name: experiment.name,
      base,
      runs: runs.map((r) => ({ runId: r.runId, seed: r.seed, params: r.point.params })),
      baselines: experiment.baselines,
      metrics: experiment.metrics,
    }),
  );
  return { experiment, experimentId, base, scenarioDir, allowOutsideInputs: inputs.allowOutsideInputs === true, points, runs, sweptPaths: sweptPaths(experiment) };
}

/** The scenario of one run: the base with the point's values and the run's seed, validated. */
export function scenarioOfRun(resolved: Pick<ResolvedExperiment, "base">, run: Pick<PlannedRun, "seed"> & { readonly point: Pick<PlannedRun["point"], "params"> }): Scenario {
  return validateScenario({ ...(withParams(resolved.base, run.point.params) as Record<string, unknown>), seed: run.seed });
}

function loadBase(base: Experiment["base"], dir: string, inputs: ExperimentInputs): { scenario: Scenario; dir: string } {
  if (typeof base !== "string") {
    try {
      return { scenario: validateScenario(base), dir };
    } catch (error) {
      throw prefixed(error, "base");
    }
  }
  const relative = resolve(dir, base);
  try {
    const loaded = loadScenario(existsSync(relative) ? relative : base, { allowOutside: inputs.allowOutsideInputs === true });
    return { scenario: loaded.scenario, dir: loaded.dir };
  } catch (error) {
    throw prefixed(error, "base");
  }
}

function applySet(scenario: Scenario, set: Readonly<Record<string, unknown>>): Scenario {
  const issues: InputIssue[] = [];
  let changed: unknown = scenario;
  for (const [path, value] of Object.entries(set)) {
    const problem = pathProblem(changed, path);
    if (problem) issues.push({ path: `set.${path}`, expected: problem });
    else changed = withValueAt(changed, path, value);
  }
  if (issues.length > 0) throw new InputError(issues);
  const parsed = tryValidate(changed);
  if (parsed.issues.length > 0) throw new InputError(parsed.issues.map((i) => ({ path: attribute(i.path, Object.keys(set), (p) => `set.${p}`) ?? `set → ${i.path}`, expected: i.expected })));
  return parsed.scenario!;
}

function withParams(base: Scenario, params: Readonly<Record<string, unknown>>): unknown {
  let changed: unknown = base;
  for (const [path, value] of Object.entries(params)) changed = withValueAt(changed, path, value);
  return changed;
}

function pointWhere(experiment: Experiment, index: number): (path: string) => string {
  const gridSize = Object.keys(experiment.sweep.grid).length > 0 ? Object.values(experiment.sweep.grid).reduce((n, axis) => n * axisLength(axis), 1) : 0;
  return (path) => (index < gridSize && path in experiment.sweep.grid ? `sweep.grid.${path}` : `sweep.points[${index - gridSize}].${path}`);
}

function axisLength(axis: Experiment["sweep"]["grid"][string]): number {
  if (Array.isArray(axis)) return axis.length;
  if ("values" in axis) return axis.values.length;
  return Math.floor((axis.to - axis.from) / axis.step + 1e-9) + 1;
}

function pointIssues(base: Scenario, point: ExperimentPoint, where: (path: string) => string): InputIssue[] {
  const paths = Object.keys(point.params);
  const missing = paths.flatMap((path) => {
    const problem = pathProblem(base, path);
    return problem ? [{ path: where(path), expected: problem }] : [];
  });
  if (missing.length > 0) return missing;
  const parsed = tryValidate(withParams(base, point.params));
  return parsed.issues.map((i) => {
    const path = attribute(i.path, paths, where);
    return path ? { path, expected: `${i.expected} (at ${point.pointKey})` } : { path: `${i.path} (at ${point.pointKey})`, expected: i.expected };
  });
}

/** The sweep or set path an issue of the scenario schema falls under, if any. */
function attribute(issuePath: string, paths: readonly string[], name: (path: string) => string): string | undefined {
  const owner = paths.find((p) => {
    const formatted = formatPath(pathKeys(p).map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
    return issuePath === formatted || issuePath.startsWith(`${formatted}.`) || issuePath.startsWith(`${formatted}[`);
  });
  return owner === undefined ? undefined : name(owner);
}

function tryValidate(raw: unknown): { scenario?: Scenario; issues: InputIssue[] } {
  try {
    return { scenario: validateScenario(raw), issues: [] };
  } catch (error) {
    if (error instanceof InputError) return { issues: [...error.issues] };
    throw error;
  }
}

function prefixed(error: unknown, prefix: string): unknown {
  if (!(error instanceof InputError)) return error;
  return new InputError(error.issues.map((i) => ({ path: i.path === "SCENARIO" ? prefix : `${prefix} → ${i.path}`, expected: i.expected })));
}

/** Distinct issues, at most 20 (a bad value on a grid axis repeats at every point). */
function dedupe(issues: readonly InputIssue[]): InputIssue[] {
  const seen = new Set<string>();
  const distinct = issues.filter((i) => {
    const key = `${i.path}\n${i.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (distinct.length <= 20) return distinct;
  return [...distinct.slice(0, 20), { path: "(experiment)", expected: `${distinct.length - 20} more problems of the same kind` }];
}

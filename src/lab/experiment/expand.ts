import { canonicalJson } from "../../core/canonical-json.js";
import { sha256Hex } from "../../core/hash.js";
import { InputError } from "../../core/errors.js";
import type { Axis, Experiment } from "./experiment-schema.js";

/**
 * From an experiment to its points and runs (docs/experiments.md, "Identity and seeds"). A
 * point is the map path → value; its id and every replicate's seed derive from its canonical
 * form and the experiment seed only, so no run depends on order, worker or shard.
 */

/** One point of the sweep. */
export interface ExperimentPoint {
  /** `p` + 12 hex digits of sha256(pointKey). */
  readonly pointId: string;
  /** Canonical JSON of `params`. */
  readonly pointKey: string;
  /** Scenario path → value. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** One run: a point and a replicate, with its derived seed. */
export interface PlannedRun {
  /** `<pointId>-r<replicate>`: the run's folder name. */
  readonly runId: string;
  readonly point: ExperimentPoint;
  readonly replicate: number;
  /** 16 hex digits of sha256(`<experiment seed>:<replicate>`) with common seeds (the default), or of `<experiment seed>:<pointKey>:<replicate>` with independent seeds. */
  readonly seed: string;
}

/** The values of an axis; a range is inclusive, its values rounded to 12 significant digits so 0.1 steps stay 0.1, 0.2, … */
export function axisValues(axis: Axis): unknown[] {
  if (Array.isArray(axis)) return axis;
  if ("values" in axis) return axis.values;
  const count = Math.floor((axis.to - axis.from) / axis.step + 1e-9) + 1;
  return Array.from({ length: count }, (_, k) => Number((axis.from + k * axis.step).toPrecision(12)));
}

/** The point of a parameter map. */
export function pointOf(params: Readonly<Record<string, unknown>>): ExperimentPoint {
  const pointKey = canonicalJson(params);
  return { pointId: `p${sha256Hex(pointKey).slice(0, 12)}`, pointKey, params };
}

/**
 * Every point: the grid's (axes in file order, the last varying fastest), then the explicit
 * points; with no sweep, the single empty point. Two points with the same parameters are an
 * input error naming the later one.
 */
export function expandPoints(experiment: Experiment): ExperimentPoint[] {
  const axes = Object.entries(experiment.sweep.grid).map(([path, axis]) => [path, axisValues(axis)] as const);
  let grid: Record<string, unknown>[] = axes.length > 0 ? [{}] : [];
  for (const [path, values] of axes) grid = grid.flatMap((partial) => values.map((value) => ({ ...partial, [path]: value })));
  const maps = [...grid, ...experiment.sweep.points];
  if (maps.length === 0) maps.push({});
  const seen = new Map<string, number>();
  return maps.map((params, i) => {
    const point = pointOf(params);
    const first = seen.get(point.pointId);
    if (first !== undefined) {
      const where = i < grid.length ? `sweep.grid` : `sweep.points[${i - grid.length}]`;
      throw new InputError({ path: where, expected: `distinct points; ${point.pointKey} is already point ${first + 1}` });
    }
    seen.set(point.pointId, i);
    return point;
  });
}

/**
 * The seed of replicate `replicate` of `point`. With `common` seeds (an experiment's default)
 * every point's replicate r gets the same seed (common random numbers): the points then differ
 * only in what is swept, which is what a paired comparison of mechanisms wants. Without it
 * (`seeds: independent`) the point's key enters the seed and every point draws its own weather
 * and loads.
 */
export function runSeed(experimentSeed: string, point: ExperimentPoint, replicate: number, common = false): string {
  return sha256Hex(common ? `${experimentSeed}:${replicate}` : `${experimentSeed}:${point.pointKey}:${replicate}`).slice(0, 16);
}

/** Every run, in expansion order: points in order, replicates 0 … n − 1 within each. */
export function expandRuns(experiment: Experiment, points: readonly ExperimentPoint[] = expandPoints(experiment)): PlannedRun[] {
  return points.flatMap((point) =>
    Array.from({ length: experiment.replicates }, (_, replicate) => ({
      runId: `${point.pointId}-r${replicate}`,
      point,
      replicate,
      seed: runSeed(experiment.seed, point, replicate, experiment.seeds === "common"),
    })),
  );
}

/** The swept paths, in table order: grid axes in file order, then paths only explicit points use (first seen). */
export function sweptPaths(experiment: Experiment): string[] {
  const paths = Object.keys(experiment.sweep.grid);
  for (const point of experiment.sweep.points) for (const path of Object.keys(point)) if (!paths.includes(path)) paths.push(path);
  return paths;
}

import { z } from "zod";

/**
 * An experiment file (docs/experiments.md): a base scenario, fixed changes, a sweep over
 * scenario paths and replicates per point. JSON or YAML; the same shape as `defineExperiment`.
 */

const finite = z.number().finite();

/** One sweep axis: a list of values, `{values}`, or an inclusive range `{from, to, step}`. */
export const AxisSchema = z.union([
  z.array(z.unknown()).min(1, "a non-empty list of values"),
  z.strictObject({ values: z.array(z.unknown()).min(1, "a non-empty list of values") }),
  z
    .strictObject({ from: finite, to: finite, step: finite.positive("a step > 0") })
    .refine((r) => r.from <= r.to, { message: "from ≤ to", path: ["to"] })
    .refine((r) => (r.to - r.from) / r.step <= 100_000, { message: "at most 100,000 values in a range", path: ["step"] }),
]);

/** What is swept: a grid (every combination of its axes) and/or explicit points. */
export const SweepSchema = z.strictObject({
  grid: z.record(z.string().min(1), AxisSchema).default({}).describe("axes by scenario path; every combination is a point"),
  points: z.array(z.record(z.string().min(1), z.unknown())).default([]).describe("explicit points, each a map scenario path → value"),
});

/** The whole experiment. */
export const ExperimentSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '.', '_' or '-'").describe("names the output folder"),
  description: z.string().default(""),
  seed: z.string().min(1).default("1").describe("experiment seed; every run's seed derives from it"),
  base: z
    .union([z.string().min(1), z.record(z.string(), z.unknown())])
    .describe("built-in scenario name, a scenario file path (relative to the experiment file), or a scenario object"),
  set: z.record(z.string().min(1), z.unknown()).default({}).describe("fixed changes to the base, by scenario path"),
  sweep: SweepSchema.default({ grid: {}, points: [] }),
  replicates: z.number().int().min(1).max(100_000).default(1).describe("runs per point, each with its own derived seed (see seeds)"),
  seeds: z
    .enum(["common", "independent"], {
      // The old name of `independent` is refused rather than read: a file that relied on it
      // would otherwise silently keep its old meaning under a new default, or lose it.
      error: (issue) =>
        issue.input === "per-point"
          ? `"common" or "independent"; "per-point" is now called "independent" (the same seeds as before); the default is now common`
          : `"common" (the default) or "independent"`,
    })
    .default("common")
    .describe(
      "common (default): seeds from the experiment seed and the replicate only, so replicate r of every point sees the same draws and points differ only in what is swept (common random numbers, paired comparisons); independent: seeds from the experiment seed, the point and the replicate, so every point draws its own weather and loads",
    ),
  baselines: z.boolean().default(true).describe("compute the baselines in every run"),
  metrics: z.array(z.string().min(1)).default([]).describe("extra table columns: dot paths into summary.json"),
});

/** An experiment as written (defaults may be left out). */
export type ExperimentDefinition = z.input<typeof ExperimentSchema>;
/** An experiment with every default filled in. */
export type Experiment = z.output<typeof ExperimentSchema>;
/** One sweep axis as written. */
export type Axis = z.output<typeof AxisSchema>;

/**
 * Experiments (docs/experiments.md): definition, expansion into points and runs with derived
 * seeds, the worker pool, resume, shards and merge, and the experiment table.
 */
export { ExperimentSchema, AxisSchema, SweepSchema, type Experiment, type ExperimentDefinition, type Axis } from "./experiment-schema.js";
export { defineExperiment, loadExperiment, resolveExperiment, scenarioOfRun, EXPERIMENT_FORMAT_VERSION, type ResolvedExperiment } from "./load-experiment.js";
export { expandPoints, expandRuns, axisValues, pointOf, runSeed, sweptPaths, type ExperimentPoint, type PlannedRun } from "./expand.js";
export {
  runExperiment,
  experimentManifest,
  readExperimentManifest,
  writeExperimentTables,
  EXPERIMENT_FILES,
  type ExperimentOptions,
  type ExperimentProgress,
  type ExperimentResult,
  type ExperimentManifest,
} from "./run-experiment.js";
export { mergeExperiments, type MergeResult } from "./merge.js";
export { parseShard, shardFromEnvironment, inShard, type Shard } from "./shard.js";
export { experimentTable, systemCostOf, STANDARD_METRICS, type FinishedRun } from "./results-table.js";
export { valueAt, withValueAt, pathProblem } from "./scenario-paths.js";

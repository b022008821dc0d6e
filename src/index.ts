/**
 * SESAME's public API: what an experiment script imports (`import { runScenario } from "sesame"`).
 * The layers underneath are reachable too, for scripts that build worlds or clear books
 * themselves.
 */

// Running scenarios and reading runs.
export { runScenario, runWorld, withOverrides, isRepresentativeResult, type RunRequest, type RunResult } from "./lab/run-scenario.js";
// Representative spans weighted into a year (calendar.representative).
export { runRepresentative, isRepresentativeManifest, type RepresentativeRunResult, type RepresentativeOptions, type RepresentativeManifest, type ManifestSpan } from "./lab/run-representative.js";
export { representativeSpans, representativeFingerprint, isRepresentative, SPANS_DIR, type PlannedSpan } from "./lab/representative-spans.js";
export { spanSeed, spanFolderName, normalisedWeights } from "./lab/calendar-representative.js";
export {
  poolRepresentativeYear,
  failedRepresentativeSummary,
  representativeBasis,
  type RepresentativeSummary,
  type RepresentativeYear,
  type RepresentativeSpanEntry,
  type YearSizedOptions,
  type SpanSummary,
} from "./lab/representative-year.js";
export { yearSizedOwnBatteries, yearSizedCentralOptimum, yearSizingPeriods, type SizingSpan } from "./lab/representative-sizing.js";
export { verifyRepresentative } from "./lab/verify-representative.js";
export { describeFailure, type Verification, type VerificationFailure, type VerifiedSpan } from "./lab/verification.js";
export { loadScenario, parseScenarioText, validateScenario, builtInScenarioNames, DEFAULT_SCENARIO, type LoadedScenario } from "./lab/load-scenario.js";
export { ScenarioSchema, RepresentativeSchema, DEFAULT_START, type Scenario, type ScenarioInput } from "./lab/scenario-schema.js";
export { buildWorld } from "./lab/build-world.js";
export { verifyRun } from "./lab/verify-run.js";
// Run folders as records: the inputs they keep, their seal, resuming an interrupted one.
export { resumeRun } from "./lab/resume-run.js";
export { manifestScenario, loggedInputs } from "./lab/logged-scenario.js";
export { scenarioFolderInputs, runFolderInputs, type InputSource, type InputText, type ReadInput, type ScenarioFolderOptions } from "./core/input-source.js";
export { manifestSeal, sealManifest } from "./sim/log/manifest-seal.js";
// Counterfactuals: a logged run re-cleared under another mechanism, open and closed loop.
export {
  counterfactualReplay,
  resolveTarget,
  readLoggedRun,
  reclearEnergy,
  reclearEnergyStep,
  reclearRental,
  loggedRound,
  compareSteps,
  runClosedLoop,
  readCounterfactual,
  isCounterfactualFolder,
  OpenLoopRefused,
  NotInLog,
  COUNTERFACTUAL_FILE,
  COUNTERFACTUAL_STEPS_FILE,
  CLOSED_LOOP_DIR,
  type CounterfactualOptions,
  type CounterfactualOutcome,
  type CounterfactualRequest,
  type CounterfactualMarket,
  type CounterfactualDocument,
  type OpenLoopDocument,
  type ClosedLoopDocument,
  type RoundDocument,
  type AgentFigures,
  type MarketFigures,
  type Compared,
  type StepChange,
  type LoggedRun,
  type RoundReclearing,
  type EnergyReclearing,
} from "./lab/counterfactual/index.js";
export { MetricsCollector } from "./lab/metrics.js";
export type { RunSummary, AgentMetrics, Comparison, Viability, UsersMargins } from "./lab/run-summary.js";

// The options every run is compared with, on one footing (MODEL.md §8), and the comparison.
export {
  computeBaselines,
  centralOptimalSize,
  centralOperatingCost,
  noStorageCosts,
  profileCostOf,
  perfectForecasts,
  sizingBasis,
  sizeBattery,
  operateAlone,
  neighbourGroups,
  DEFAULT_SIZING_PERIODS,
  type Baselines,
  type BaselineFooting,
  type NoStorageCosts,
  type OwnBatteryBaseline,
  type OwnBatteryOfAgent,
  type CentralOptimumBaseline,
  type CentralOption,
  type NeighbourSharedBaseline,
  type NeighbourGroup,
  type SizingBasis,
  type SizedBattery,
  type AloneOperation,
} from "./lab/baselines.js";
export { compareWithBaselines, gini } from "./lab/comparison.js";
export { yearBasisOf, type YearBasis } from "./lab/year-basis.js";

// The engine.
export { runSimulation, initialState, type RunOptions, type RunOutcome } from "./sim/engine.js";
export type { World, ConsumerAgent } from "./sim/world.js";
export type { SimState } from "./sim/state.js";
export type { Imbalance } from "./sim/imbalance.js";
export {
  readManifest,
  readStepLog,
  genesisHash,
  sealRecord,
  recordHash,
  MANIFEST_FILE,
  STEPS_FILE,
  SUMMARY_FILE,
  type LogRecord,
  type StepBody,
  type ErrorBody,
  type RentalRecord,
  type LogProblem,
  type Manifest,
} from "./sim/log/index.js";

// Markets, storage, agents.
export * as market from "./market/index.js";
export * as storage from "./storage/index.js";
export * as agents from "./agents/index.js";

// Core utilities.
export { InputError, RunFault, type InputIssue } from "./core/errors.js";
export { canonicalJson } from "./core/canonical-json.js";
export { createStream, restoreStream, type RandomStream } from "./core/rng.js";
export { loadLpSolver, solveLp, type LinearProgram, type LpSolution } from "./core/lp.js";
export type { Calendar } from "./core/calendar.js";
export type { Tariff } from "./core/tariff.js";
export { SESAME_VERSION, RUN_FORMAT_VERSION } from "./version.js";

// Data exports: typed tables as CSV, Parquet and JSON, and a run's time series.
export { writeCsv, csvText, writeParquet, parquetBytes, readParquet, readParquetMetadata, writeJsonTable, readJsonTable, checkTable, type DataTable, type ColumnType, type Column, type CellValue } from "./lab/exports/table.js";
export { exportRunTables, runTables, tableFileName, RUN_TABLE_NAMES, PARTIAL_INFIX, PARTIAL_METADATA_KEY, type ExportOptions, type ExportResult } from "./lab/exports/time-series.js";
export { runState, requireWholeRun, describeRunState, partialLabel, type RunState } from "./lab/run-state.js";
export { runFolderSummary, prefixSummary } from "./lab/run-folder-summary.js";
export { safeFolderName, FOLDER_NAME_MAX } from "./lab/folder-name.js";
export { buildRunTables, type RunTables } from "./lab/exports/run-tables.js";

// Viability of shared storage and comparison of an experiment's points.
export { annualProviderCashFlow, annuityFactor, npv, irr, paybackYears, storageCapex, viableForUsers, usersMargins, viabilityOf } from "./lab/viability.js";
export {
  compareExperiment,
  parseResultsTable,
  sweptColumns,
  DEFAULT_COMPARE_METRICS,
  BASELINE_COLUMNS,
  type CompareOptions,
  type ExperimentComparison,
  type GroupSummary,
  type ResultsColumn,
  type ResultsRow,
  type ResultsTable,
} from "./lab/compare-experiment.js";

// Planning the shared storage: sizes for the provider's NPV, the users' saving or welfare, and a joint investment's allocation.
export {
  planStorage,
  preparePlan,
  resolvePlanRequest,
  PlanRequestSchema,
  parseSizeGrid,
  axisValues as planAxisValues,
  defaultSizeGrid,
  refineAxis,
  searchSizes,
  evaluateSizes,
  scenarioAtSize,
  omPerYearAt,
  welfareOptimalSize,
  capexAllocation,
  coalitionOptima,
  allocateJointInvestment,
  planFrontier,
  planFooting,
  PLAN_FILES,
  PLAN_OBJECTIVES,
  ALLOCATION_RULES,
  MAX_ALLOCATION_AGENTS,
  type PlanRequest,
  type ResolvedPlanRequest,
  type PlanObjective,
  type AllocationRule,
  type PlanProgress,
  type PlanResult,
  type PlanDocument,
  type ChosenSize,
  type PlanSearch,
  type SizeGridSpec,
  type AxisSpec,
  type SearchOutcome,
  type SizeEvaluation,
  type WelfareOptimum,
  type CapexAllocation,
  type CoalitionOptimum,
  type MemberAllocation,
  type FrontierRow,
  type PlanFooting,
} from "./lab/plan/index.js";

// Reports: HTML pages with charts of a run folder or an experiment folder.
export { buildReport } from "./lab/report/build-report.js";
export { reportRun, runCharts } from "./lab/report/report-run.js";
export { reportExperiment, experimentCharts } from "./lab/report/report-experiment.js";
export { renderChart, type RenderedChart } from "./lab/report/render.js";
export type { ReportChart } from "./lab/report/chart.js";
export type { ReportOutput } from "./lab/report/write-report.js";

// Experiments: definition, sweeps with derived seeds, worker pool, resume, shards and merge.
export {
  defineExperiment,
  loadExperiment,
  resolveExperiment,
  scenarioOfRun,
  runExperiment,
  mergeExperiments,
  readExperimentManifest,
  expandPoints,
  expandRuns,
  parseShard,
  shardFromEnvironment,
  experimentTable,
  ExperimentSchema,
  EXPERIMENT_FILES,
  type Experiment,
  type ExperimentDefinition,
  type ResolvedExperiment,
  type ExperimentOptions,
  type ExperimentProgress,
  type ExperimentResult,
  type ExperimentManifest,
  type ExperimentPoint,
  type PlannedRun,
  type Shard,
  type MergeResult,
} from "./lab/experiment/index.js";
export { meanInterval, meanEstimate, pairedDifference, welchDifference, type MeanInterval, type MeanEstimate, type DifferenceEstimate } from "./lab/statistics.js";
export { differencesAgainst, experimentSeeds, type ExperimentDifferences, type GroupDifferences, type DifferencesOptions, type SeedsMode } from "./lab/paired-differences.js";
export { compareRuns, type RunComparison, type RunFolder, type RunRow } from "./lab/compare-runs.js";
export { readCompareFolders, readRunFolder, readExperimentFolder } from "./lab/compare-folders.js";
export { scenarioDifferences, type ScenarioDifference } from "./lab/scenario-differences.js";
export { scenarioJsonSchema, experimentJsonSchema } from "./lab/json-schema.js";

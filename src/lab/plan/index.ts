/**
 * Planning the shared storage (docs/planning.md): sizing E^max and P^max for the provider's
 * NPV, the users' saving or welfare, and sharing an optimally sized joint investment.
 */
export { planStorage, preparePlan, type PlanProgress, type PlanResult, type PreparedPlan } from "./plan-storage.js";
export {
  PlanRequestSchema,
  resolvePlanRequest,
  PLAN_OBJECTIVES,
  ALLOCATION_RULES,
  DEFAULT_REFINEMENTS,
  MAX_REFINEMENTS,
  type PlanRequest,
  type ResolvedPlanRequest,
  type PlanObjective,
  type AllocationRule,
} from "./plan-request.js";
export {
  parseSizeGrid,
  axisValues,
  defaultSizeGrid,
  defaultAxis,
  gridSizes,
  refineAxis,
  stepAround,
  snapRating,
  SizeGridSpecSchema,
  AxisSpecSchema,
  MAX_AXIS_POINTS,
  MAX_GRID_SIZES,
  DEFAULT_AXIS_POINTS,
  type AxisSpec,
  type SizeGridSpec,
} from "./size-grid.js";
export { searchSizes, bestIndex, OBJECTIVE_TIE_TOLERANCE, type SearchedSize, type SearchRound, type SearchOutcome } from "./search.js";
export { evaluateSizes, evaluationOf, noStorageEvaluation, evaluationRunId, PLAN_RUNS_DIR, type SizeEvaluation, type EvaluationContext } from "./evaluate-size.js";
export { scenarioAtSize, omPerYearAt, isNoStorage, requireScalableEconomics, NO_STORAGE_RATING } from "./sized-scenario.js";
export { welfareOptimalSize, centralOptimumOf, planSizingBasis, type WelfareOptimum } from "./welfare-size.js";
export {
  capexAllocation,
  coalitionOptima,
  allocateJointInvestment,
  allocateCost,
  isSubadditive,
  largestExcess,
  requireAllocatable,
  MAX_ALLOCATION_AGENTS,
  type CapexAllocation,
  type CoalitionOptimum,
  type MemberAllocation,
} from "./capex-allocation.js";
export { planFooting, FOOTING_RULES, type PlanFooting } from "./footing.js";
export { planFrontier, objectiveValue, type FrontierRow } from "./frontier.js";
export { PLAN_FORMAT_VERSION, type PlanDocument, type ChosenSize, type PlanSearch } from "./plan-document.js";
export { PLAN_FILES, defaultPlanDir, createPlanFolder, requireFreePlanFolder, EvaluationLog, writePlanDocument } from "./plan-folder.js";

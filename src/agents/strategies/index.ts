/** The strategies several agent kinds share; each kind's list is in kinds/<kind>/strategies.ts. */
export { ruleBasedStrategy, ruleBasedEntry, ruleBasedStorage, ruleOfThumbCapacity, costWithoutStorage, type RuleBasedState } from "./rule-based.js";
export type { StrategyOptions } from "./options.js";
export { lpOptimalStrategy, lpOptimalEntry, lpBestResponse, lpBestResponseProgram, lpPlanFor, plannedStorage, type LpOptimalState, type LpPlan, type FlexibleLp } from "./lp-optimal.js";
export { solvePeriodLp, buildPeriodLp, periodLpNames, type PeriodLpCapacity, type PeriodPlan, type PeriodLpNames } from "./period-lp.js";
export { partitionLimits, type PartitionLimits } from "./partition-limits.js";
export {
  learningStrategy,
  learningEntry,
  LearningSchema,
  learningStep,
  learningParams,
  initialLearningState,
  chooseArm,
  reinforce,
  choiceProbabilities,
  markedUpOrder,
  gridCostOf,
  DEFAULT_LEARNING_PARAMS,
  LEARNING_DRAWS_PER_STEP,
  type LearningParams,
  type LearningRule,
  type LearningState,
} from "./learning.js";
export { lpStrategy, usableCapacity, planOfPeriod, NO_RENT, type LpStrategyParts } from "./lp-strategy.js";

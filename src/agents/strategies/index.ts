import type { Strategy } from "../types.js";
import { lpOptimalStrategy } from "./lp-optimal.js";
import type { StrategyOptions } from "./options.js";
import { ruleBasedStrategy } from "./rule-based.js";
import { learningStrategy } from "./learning.js";

/** Names of the strategies a scenario may choose. */
export type StrategyName = "rule-based" | "lp-optimal" | "learning";

/** The strategy called `name`. */
export function createStrategy(name: StrategyName, options: StrategyOptions): Strategy {
  switch (name) {
    case "rule-based":
      return ruleBasedStrategy(options) as Strategy;
    case "lp-optimal":
      return lpOptimalStrategy(options) as Strategy;
    case "learning":
      return learningStrategy(options, options.learning) as Strategy;
  }
}

export { ruleBasedStrategy, ruleBasedStorage, ruleOfThumbCapacity, costWithoutStorage, type RuleBasedState } from "./rule-based.js";
export type { StrategyOptions } from "./options.js";
export { lpOptimalStrategy, lpBestResponse, lpBestResponseProgram, lpPlanFor, plannedStorage, type LpOptimalState, type LpPlan } from "./lp-optimal.js";
export { solvePeriodLp, buildPeriodLp, periodLpNames, type PeriodLpCapacity, type PeriodPlan, type PeriodLpNames } from "./period-lp.js";
export { partitionLimits, type PartitionLimits } from "./partition-limits.js";
export {
  learningStrategy,
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

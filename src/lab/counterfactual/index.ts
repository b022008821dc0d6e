/**
 * Counterfactual re-clearing of a logged run under another mechanism (DESIGN.md §5, README
 * "Counterfactuals"): open loop from the log, closed loop by running the scenario again.
 */
export { counterfactualReplay, type CounterfactualOptions, type CounterfactualOutcome } from "./counterfactual.js";
export { resolveTarget, type CounterfactualRequest, type CounterfactualMarket, type MechanismChoice, type ResolvedTarget } from "./target.js";
export { readLoggedRun, readLoggedScenario, type LoggedRun } from "./logged-run.js";
export { reclearEnergy, reclearEnergyStep, energyStreamOf, ENERGY_CLEARING_REASONS, type EnergyReclearing } from "./energy-open-loop.js";
export { reclearRental, OpenLoopRefused, RENTAL_CLEARING_REASONS, type RoundReclearing, type RoundBasis } from "./rental-open-loop.js";
export { loggedRound, NotInLog, type UnloggedPrices } from "./logged-round.js";
export { compareSteps, plus, type StepChange, type Compared, type MarketFigures, type OpenLoopFigures, type StepAgentRow } from "./step-changes.js";
export { netPaid, peerKWhOf, gridKWhOf, rentOf, type AgentFigures } from "./agent-figures.js";
export { runClosedLoop, figuresOf, type ClosedLoopRun } from "./closed-loop.js";
export {
  COUNTERFACTUAL_FORMAT,
  type CounterfactualDocument,
  type CounterfactualRunInfo,
  type OpenLoopDocument,
  type ClosedLoopDocument,
  type RoundDocument,
  type StepDifferences,
} from "./counterfactual-document.js";
export {
  COUNTERFACTUAL_FILE,
  COUNTERFACTUAL_STEPS_FILE,
  CLOSED_LOOP_DIR,
  isCounterfactualFolder,
  readCounterfactual,
  requireFreeCounterfactualFolder,
  writeCounterfactualFolder,
  stepsTable,
} from "./counterfactual-folder.js";

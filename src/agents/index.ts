/**
 * Agents: physical models (what an agent is) and strategies (how it decides), plus the
 * storage provider's terms. Each agent kind lives in kinds/<kind>/ and is registered in
 * registry.ts. Nothing here imports a market mechanism or the simulator.
 */
export type * from "./types.js";
export type { AgentBuildContext } from "./context.js";
export { defineAgentKind, type AgentKindEntry } from "./agent-kind.js";
export { defineStrategy, type StrategyEntry } from "./strategy-entry.js";
export { INFLEXIBLE_PLANNER, type FlexibilityPlanner } from "./flexibility-planner.js";
export { AgentSchema, agentKind, agentKinds, listAgentKinds, flexibilityPlanner, type AgentSpec, type AgentKind, type StrategyName, type AgentKindInfo, type StrategyInfo } from "./registry.js";
export { agentIdIssues, buildAgentModels, buildModelsOf, requireUniqueAgentIds, strategyBuilderOf, agentIdsOf } from "./build.js";
export * from "./spec-fields.js";
export * from "./provider-spec.js";
export * from "./kinds/prosumer/spec.js";
export * from "./kinds/dcc-operator/spec.js";
export * from "./kinds/microgrid/spec.js";
export * from "./kinds/vpp/spec.js";
export { prosumerKind } from "./kinds/prosumer/kind.js";
export { dccOperatorKind } from "./kinds/dcc-operator/kind.js";
export { microgridKind } from "./kinds/microgrid/kind.js";
export { vppKind } from "./kinds/vpp/kind.js";
export { PROSUMER_STRATEGIES } from "./kinds/prosumer/strategies.js";
export { DCC_OPERATOR_STRATEGIES, DCC_LP } from "./kinds/dcc-operator/strategies.js";
export { MICROGRID_STRATEGIES, microgridLpStrategy, microgridRuleStrategy, generatorRange, fuelCost, type MicrogridState, type MicrogridPlanState } from "./kinds/microgrid/strategies.js";
export { VPP_STRATEGIES } from "./kinds/vpp/strategies.js";
export { buildProsumers, prosumerIds, resolveLoad, resolvePv, ownBatteryFlexibility } from "./kinds/prosumer/model.js";
export {
  buildDccOperator,
  dataCenterProfiles,
  netCluster,
  resolveItLoad,
  resolvePue,
  batchPart,
  deadlineSteps,
  isFlexibleCluster,
  coolingParams,
  type DataCenterProfiles,
  type DataCenterModel,
} from "./kinds/dcc-operator/model.js";
export { naiveCooling, type CoolingFlows } from "./kinds/dcc-operator/cooling.js";
export type { DccFlexibility, DataCenterFlexibility, CoolingParams, AbsorptionParams, BoilerParams } from "./kinds/dcc-operator/flexibility.js";
export { solveDccPeriodLp, buildDccPeriodLp, dccLpNames, addDccFlexibility, dccLpNamesFor, type DccPeriodPlan, type DccLpNames } from "./kinds/dcc-operator/lp.js";
export type { FlexiblePeriodLp, FlexiblePeriodPlan, FlexiblePeriodLpBuilder } from "./strategies/flexible-plan.js";
export {
  buildJointPeriodLp,
  solveJointPeriodLp,
  statelessPeriodLp,
  statelessPeriodLpBuilder,
  type JointPeriodPlan,
  type StatelessPeriodLp,
  type StatelessPeriodLpBuilder,
} from "./strategies/joint-lp.js";
export type { FlexibilityLpPart } from "./strategies/lp-part.js";
export { csvProfile, isCsvSpec, profileStream } from "./profile-source.js";
export { providerTerms, providerOffer, capitalRecoveryFactor, batteryFixedCost, type ProviderTerms, type BatterySize, type UnitFixedCost } from "./storage-provider.js";
export { orderForPosition, POSITION_EPSILON_KWH } from "./order.js";
export * from "./strategies/index.js";
export { solveCoalitionLp, buildCoalitionLp, type CoalitionMember, type CoalitionLpOptions, type CoalitionLpOutcome } from "./strategies/coalition-lp.js";
export { plannedLoadShift } from "./strategies/lp-optimal.js";
export { buildMicrogrid, microgridFlexibility, microgridTie, DEFAULT_VALUE_OF_LOST_LOAD_PER_KWH } from "./kinds/microgrid/model.js";
export { planProviderArbitrage, type ArbitragePeriod, type ArbitragePlan } from "./provider-arbitrage.js";
export { buildVpp, vppFlexibility, deferrableLoad } from "./kinds/vpp/model.js";
export { solveMicrogridPeriodLp, addMicrogridFlexibility, addGeneratorStep, generatorLpName, generatorLpCostPerKWh, type MicrogridPeriodPlan } from "./kinds/microgrid/lp.js";
export {
  solveVppPeriodLp,
  addPortfolioFlexibility,
  vppLpNames,
  portfolioLpStrategy,
  portfolioLpEntry,
  portfolioPlanner,
  vppOf,
  type VppPortfolio,
  type PortfolioLpPart,
  type VppPeriodPlan,
  type VppState,
  type VppPlanState,
} from "./strategies/portfolio-lp.js";
export { batteryStep, initialBatteryKWh, stepBatteries, type BatteriesStep } from "./own-battery.js";
export { selfConsumptionStep, selfConsumedNetLoad, ownBatteryRuleStrategy, ownBatteryRuleEntry, type OwnBatteryRuleState } from "./strategies/own-battery-rule.js";
export { ownBatteriesOf } from "./flexibility.js";
export type { AgentFlexibility, MicrogridFlexibility, VppFlexibility, OwnBattery, OwnBatteryFlexibility, DeferrableLoad, DispatchableGenerator } from "./flexibility.js";

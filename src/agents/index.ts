/**
 * Agents: physical models (what an agent is) and strategies (how it decides), plus the
 * storage provider's terms. Nothing here imports a market mechanism or the simulator.
 */
export type * from "./types.js";
export type { AgentBuildContext } from "./context.js";
export { buildAgentModels, buildModelsOf, requireUniqueAgentIds, agentIdsOf } from "./build.js";
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
  type DataCenterProfiles,
  type DataCenterModel,
  type DccFlexibility,
  type DataCenterFlexibility,
} from "./kinds/dcc-operator/model.js";
export { flexiblePeriodLp, solveDccPeriodLp, buildDccPeriodLp, dccLpNames, type FlexiblePeriodLp, type FlexiblePeriodPlan } from "./strategies/flexible-plan.js";
export { addDccFlexibility, dccLpNamesFor, type DccPeriodPlan, type DccLpNames } from "./kinds/dcc-operator/lp.js";
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
export { plannedLoadShift, flexibleLpOf } from "./strategies/lp-optimal.js";
export { buildMicrogrid, microgridFlexibility, microgridTie, DEFAULT_VALUE_OF_LOST_LOAD_PER_KWH } from "./kinds/microgrid/model.js";
export { planProviderArbitrage, type ArbitragePeriod, type ArbitragePlan } from "./provider-arbitrage.js";
export { buildVpp, vppFlexibility, deferrableLoad } from "./kinds/vpp/model.js";
export {
  solveMicrogridPeriodLp,
  addMicrogridFlexibility,
  addGeneratorStep,
  generatorLpName,
  microgridStrategy,
  microgridLpStrategy,
  microgridRuleStrategy,
  generatorLpCostPerKWh,
  generatorRange,
  fuelCost,
  type MicrogridPeriodPlan,
  type MicrogridState,
  type MicrogridPlanState,
} from "./kinds/microgrid/lp.js";
export {
  solveVppPeriodLp,
  addPortfolioFlexibility,
  vppLpNames,
  vppStrategy,
  vppLpStrategy,
  ownBatteryStrategy,
  vppOf,
  type VppPortfolio,
  type PortfolioLpPart,
  type VppPeriodPlan,
  type VppState,
  type VppPlanState,
} from "./strategies/portfolio-lp.js";
export {
  batteryStep,
  initialBatteryKWh,
  stepBatteries,
  selfConsumptionStep,
  selfConsumedNetLoad,
  ownBatteryRuleStrategy,
  type BatteriesStep,
  type OwnBatteryRuleState,
} from "./strategies/own-battery-rule.js";
export { ownBatteriesOf } from "./flexibility.js";
export type { MicrogridFlexibility, VppFlexibility, OwnBattery, OwnBatteryFlexibility, DeferrableLoad, DispatchableGenerator } from "./flexibility.js";

/**
 * Agents: physical models (what an agent is) and strategies (how it decides), plus the
 * storage provider's terms. Nothing here imports a market mechanism or the simulator.
 */
export type * from "./types.js";
export type { AgentBuildContext } from "./context.js";
export { buildAgentModels, agentIdsOf } from "./build.js";
export { buildProsumers, prosumerIds, resolveLoad, resolvePv } from "./prosumer.js";
export { buildDccOperator, dataCenterProfiles, netCluster, resolveItLoad, type DataCenterProfiles } from "./dcc-operator.js";
export { csvProfile, isCsvSpec, profileStream } from "./profile-source.js";
export { providerTerms, providerOffer, capitalRecoveryFactor, type ProviderTerms } from "./storage-provider.js";
export { orderForPosition, POSITION_EPSILON_KWH } from "./order.js";
export * from "./strategies/index.js";
export { solveCoalitionLp, type CoalitionMember, type CoalitionLpOptions, type CoalitionLpOutcome } from "./strategies/coalition-lp.js";

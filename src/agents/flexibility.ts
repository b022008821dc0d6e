/**
 * What an agent can change about its own load besides storage, by agent kind. A model carries
 * it for the whole horizon; strategies read the part of the period they plan. Each kind with
 * flexibility adds its type to the union below and a period LP in strategies/flexible/.
 */
export type AgentFlexibility = { readonly kind: "none" };

/** No flexibility: the profile's net load is what the agent draws. */
export const NO_FLEXIBILITY: AgentFlexibility = { kind: "none" };

import type { LinearTerm } from "../../core/lp.js";

/**
 * An agent's flexibility as a piece of a larger LP: its variables, constraints and costs (fuel,
 * gas, tie-breaks) are already appended to the LP's parts under its own name prefix; what is
 * left to the caller is to put the agent's position into a balance row. The agent's position
 * at step t (kW, > 0 draws power) is
 *
 *     Σ positionTerms[t] + positionConstantKW[t]
 *
 * i.e. its profile's net load with its flexibility applied, before any storage. A single-agent
 * LP adds it to the agent's own balance; the joint LP of the central optimum (joint-lp.ts) sums
 * every agent's into one balance behind one meter.
 */
export interface FlexibilityLpPart {
  /** Per step: the LP terms of the agent's position, kW. */
  readonly positionTerms: readonly (readonly LinearTerm[])[];
  /** Per step: the constant rest of the agent's position, kW. */
  readonly positionConstantKW: readonly number[];
}

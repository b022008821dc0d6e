import type { LinearProgram } from "../core/lp.js";
import type { AgentFlexibility } from "./flexibility.js";
import type { PeriodView } from "./types.js";
import type { FlexibilityLpPart } from "./strategies/lp-part.js";
import { buildPeriodLp, solvePeriodLp, type LpParts, type PeriodLpCapacity, type PeriodPlan } from "./strategies/period-lp.js";

/**
 * How a kind of flexibility is planned without strategy state, as the baselines need it
 * (MODEL.md §7): the agent's own period LP, solved or as data, and its part of a joint LP with
 * other agents (the central optimum). An agent kind declares the planners of the flexibility
 * its models carry (agent-kind.ts); strategies/joint-lp.ts looks them up through the registry.
 *
 * Stateless means each period is planned on its own: own batteries start every period at their
 * initial SOC and must end it at least as full; a microgrid's generator is not ramp-limited in
 * a period's first step; DCC batch work is due by the period's end.
 */
export interface FlexibilityPlanner {
  /** The flexibility kind it plans (`AgentFlexibility["kind"]`). */
  readonly kind: AgentFlexibility["kind"];
  /** One line: what the flexibility moves. */
  readonly description: string;
  // Function-valued fields, not methods: callers pass them on unbound (joint-lp.ts).
  /** Appends the flexibility to an LP under a name prefix and returns the agent's position. */
  readonly addToLp: (parts: LpParts, period: PeriodView, prefix: string) => FlexibilityLpPart;
  /** Solves the agent's own period LP: (E, P) free at `{ prices }` or fixed at `{ capacity }`. */
  readonly solve: (period: PeriodView, choice: PeriodLpCapacity) => PeriodPlan;
  /** The LP {@link FlexibilityPlanner.solve} solves, as data. */
  readonly build: (period: PeriodView, choice: PeriodLpCapacity) => LinearProgram;
}

/** An agent without flexibility: its position is its profile's net load, planned by the plain period LP. */
export const INFLEXIBLE_PLANNER: FlexibilityPlanner = {
  kind: "none",
  description: "nothing to move besides storage",
  addToLp: (_parts, period) => ({
    positionTerms: Array.from({ length: period.steps }, () => []),
    positionConstantKW: Array.from(period.netLoadKW),
  }),
  solve: solvePeriodLp,
  build: buildPeriodLp,
};

import { solveLp, type LinearProgram } from "../../core/lp.js";
import type { AgentFlexibility } from "../flexibility.js";
import type { HeldCapacity, PeriodView } from "../types.js";
import { addRentedPartition, extendBalance, periodLpNames, periodPlanOf, readPartition, type LpParts, type PeriodLpCapacity, type PeriodPlan } from "./period-lp.js";
import { flexibilityPlanner } from "../registry.js";

/**
 * Period LPs for every flexibility kind, without strategy state, as the baselines need them
 * (MODEL.md §7): each agent's own LP, and the joint LP of all agents behind one meter (the
 * central optimum).
 *
 * Stateless means each period is planned on its own: own batteries (a VPP's, a household's)
 * start every period at their initial SOC and must end it at least as full; a microgrid's
 * generator is not ramp-limited in a period's first step (its output before the period is
 * unknown); DCC batch work is due by the period's end, as in the DCC's own LP.
 */

/** Solves one agent's period LP: (E, P) free at `{ prices }` or fixed at `{ capacity }`. */
export type StatelessPeriodLp = (period: PeriodView, choice: PeriodLpCapacity) => PeriodPlan;

/** Builds one agent's period LP as data: the LP {@link StatelessPeriodLp} solves. */
export type StatelessPeriodLpBuilder = (period: PeriodView, choice: PeriodLpCapacity) => LinearProgram;

/**
 * The LP of {@link statelessPeriodLp} as data, its rented partition's E and P named
 * `cap_energy` and `cap_power` (periodLpNames()): what a sizing LP shares across periods.
 */
export function statelessPeriodLpBuilder(kind: AgentFlexibility["kind"] | undefined): StatelessPeriodLpBuilder {
  return flexibilityPlanner(kind).build;
}

/**
 * The period LP that plans an agent of flexibility `kind` with everything it can do, without
 * strategy state (module comment), by the planner its agent kind declares (registry.ts); no
 * kind, or `none`, is the plain period LP.
 */
export function statelessPeriodLp(kind: AgentFlexibility["kind"] | undefined): StatelessPeriodLp {
  return flexibilityPlanner(kind).solve;
}

/** The central optimum of one period: the shared storage's plan and what one meter trades. */
export interface JointPeriodPlan {
  /** The storage's plan; its grid flows are the one meter's. */
  readonly storage: PeriodPlan;
  /** The LP's objective: grid, wear, demand charge and every agent's fuel and gas, currency. */
  readonly objective: number;
}

const SHARED = periodLpNames();

/** The view the shared meter sees: the first member's tariff, storage and demand charge, no load of its own. */
function meterView(members: readonly PeriodView[]): PeriodView {
  const first = members[0];
  if (!first) throw new Error("joint period LP: no members");
  for (const m of members) {
    if (m.steps !== first.steps || m.dtHours !== first.dtHours || m.firstStep !== first.firstStep) {
      throw new Error(`joint period LP: members see different periods (${m.firstStep}+${m.steps}×${m.dtHours} h vs ${first.firstStep}+${first.steps}×${first.dtHours} h)`);
    }
  }
  const { flexibility: _ignored, ...rest } = first;
  return { ...rest, netLoadKW: new Float64Array(first.steps) };
}

/**
 * The joint period LP of every agent behind one meter (the central optimum, MODEL.md §7): one
 * partition fixed at `capacity` (the whole shared storage), and each member's flexibility
 * (joint-lp module comment; member i's names prefixed `a<i>_`) in one balance per step,
 *
 *     Σ_i position_{i,t} + c_t − d_t = g⁺_t − g⁻_t,
 *
 * priced at the (shared) tariff, with one demand-charge peak. `capacity` is the storage's
 * ratings, or a choice: `{ prices }` leaves E and P free (named `cap_energy`, `cap_power`), as
 * a sizing LP over several periods needs. What each member's own LP
 * limits at its own connection — a microgrid's grid tie, a DCC's interconnect — is not part of
 * it (see addMicrogridFlexibility, addDccFlexibility): the joint LP is a relaxation of what
 * the agents can do together, so its cost bounds theirs from below.
 */
export function buildJointPeriodLp(members: readonly PeriodView[], capacity: HeldCapacity | PeriodLpCapacity): LinearProgram {
  const meter = meterView(members);
  const parts: LpParts = { variables: [], objective: [], constraints: [] };
  // A choice (prices or capacity) is passed on; bare ratings are the capacity held.
  addRentedPartition(parts, meter, SHARED, "prices" in capacity || "capacity" in capacity ? capacity : { capacity });
  members.forEach((member, i) => {
    const part = flexibilityPlanner(member.flexibility?.kind).addToLp(parts, member, `a${i}_`);
    for (let t = 0; t < meter.steps; t++) extendBalance(parts, SHARED.prefix, t, part.positionTerms[t]!, -part.positionConstantKW[t]!);
  });
  return { sense: "minimize", ...parts };
}

/** Solves {@link buildJointPeriodLp}. `loadLpSolver()` must have run; a failed solve throws `LpNotSolvedError`. */
export function solveJointPeriodLp(members: readonly PeriodView[], capacity: HeldCapacity): JointPeriodPlan {
  const solution = solveLp(buildJointPeriodLp(members, capacity));
  const meter = meterView(members);
  const part = readPartition(solution.values, meter, SHARED);
  const net = (t: number) => (solution.values.get(SHARED.gridIn(t)) ?? 0) - (solution.values.get(SHARED.gridOut(t)) ?? 0);
  const positionKW = Array.from({ length: meter.steps }, (_, t) => net(t));
  return { storage: periodPlanOf(meter, { capacity }, part, positionKW, solution.objective), objective: solution.objective };
}

import { z } from "zod";
import { learningEntry } from "../../strategies/learning.js";
import { lpOptimalStrategy, type FlexibleLp } from "../../strategies/lp-optimal.js";
import { ruleBasedEntry } from "../../strategies/rule-based.js";
import { defineStrategy } from "../../strategy-entry.js";
import type { Strategy } from "../../types.js";
import { buildDccPeriodLp, solveDccPeriodLp } from "./lp.js";

/**
 * How a data-center-cluster operator decides: its LP strategy plans storage, batch work,
 * migration and cooling together (lp.ts) when the cluster is flexible, the plain period LP
 * otherwise; rule-based and learning are the generic strategies (batch work on arrival).
 */

/** The DCC's flexible LP, for the generic LP strategy. */
export const DCC_LP: FlexibleLp = { kind: "dcc", solve: solveDccPeriodLp, build: buildDccPeriodLp };

/** The strategies a DCC operator may choose, the default first. */
export const DCC_OPERATOR_STRATEGIES = [
  ruleBasedEntry,
  defineStrategy({
    name: "lp-optimal",
    description: "LP over storage, batch deferral, migration and cooling (a flexible cluster; else the plain period LP), plan followed step by step",
    params: z.strictObject({}),
    create: (options) => lpOptimalStrategy(options, DCC_LP) as Strategy,
  }),
  learningEntry,
] as const;

import { learningEntry } from "../../strategies/learning.js";
import { lpOptimalEntry } from "../../strategies/lp-optimal.js";
import { ownBatteryRuleEntry } from "../../strategies/own-battery-rule.js";
import { portfolioLpEntry } from "../../strategies/portfolio-lp.js";
import { ruleBasedEntry } from "../../strategies/rule-based.js";
import { defineStrategy } from "../../strategy-entry.js";
import type { AgentModel } from "../../types.js";

/**
 * How a household decides. One with its own battery plans it: self-consumption under
 * rule-based, the portfolio LP (a VPP with one battery) under lp-optimal; one without keeps the
 * generic strategies, and so its logs. Learning is the generic strategy (battery idle).
 */

const hasOwnBattery = (model: AgentModel) => model.flexibility?.kind === "own-battery";

/** The strategies a household may choose, the default first. */
export const PROSUMER_STRATEGIES = [
  defineStrategy({
    name: "rule-based",
    description: "tariff-band storage rules and rule-of-thumb rental; with a battery, self-consumption first",
    params: ruleBasedEntry.params,
    create: (options, params, model) => (hasOwnBattery(model) ? ownBatteryRuleEntry : ruleBasedEntry).create(options, params, model),
  }),
  defineStrategy({
    name: "lp-optimal",
    description: "LP best response and plan over the rental period; with a battery, the battery planned with the partition",
    params: lpOptimalEntry.params,
    create: (options, params, model) => (hasOwnBattery(model) ? portfolioLpEntry : lpOptimalEntry).create(options, params, model),
  }),
  learningEntry,
] as const;

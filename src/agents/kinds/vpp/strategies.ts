import { learningEntry } from "../../strategies/learning.js";
import { ownBatteryRuleEntry } from "../../strategies/own-battery-rule.js";
import { portfolioLpEntry } from "../../strategies/portfolio-lp.js";

/**
 * How a virtual power plant decides: its LP plans the rented partition, its own batteries and
 * its deferrable loads together (portfolio-lp.ts); rule-based runs its batteries for
 * self-consumption, its deferrable loads on their naive schedule; learning is the generic
 * strategy (portfolio idle).
 */

/** The strategies a VPP may choose, the default first. */
export const VPP_STRATEGIES = [ownBatteryRuleEntry, portfolioLpEntry, learningEntry] as const;

import type { RandomStream } from "../../core/rng.js";
import type { RentalPrices } from "../../market/types.js";
import { ownBatteriesOf, type OwnBattery } from "../flexibility.js";
import { initialBatteryKWh, stepBatteries, type BatteriesStep } from "../own-battery.js";
import { decisionFor } from "../order.js";
import type { CapacityChoice, HeldCapacity, PeriodView, StepView, Strategy } from "../types.js";
import type { StrategyOptions } from "./options.js";
import { defineStrategy } from "../strategy-entry.js";
import { z } from "zod";
import { ruleBasedStorage, ruleOfThumbCapacity } from "./rule-based.js";

/**
 * The rule-based strategy of an agent whose flexibility is own batteries (a household with a
 * battery; a VPP, whose deferrable loads then keep their naive schedule): self-consumption.
 * The batteries' physics is own-battery.ts; the LP that plans them is portfolio-lp.ts.
 */

/**
 * Self-consumption for one step: the batteries take the surplus (net load < 0) and cover the
 * deficit (net load > 0), each in turn with what is left after the ones before it. They never
 * charge from the grid nor discharge into it, so the net load after them keeps its sign.
 * A shift below 1e-12 kW is rounding noise and reported as 0.
 */
export function selfConsumptionStep(batteries: readonly OwnBattery[], storedKWh: readonly number[] | null, netLoadKW: number, dtHours: number): BatteriesStep {
  const step = stepBatteries(batteries, storedKWh, (_k, soFar) => -(netLoadKW + soFar), dtHours);
  return Math.abs(step.shiftKW) < 1e-12 ? { ...step, shiftKW: 0 } : step;
}

/**
 * The period's net load after self-consumption from the batteries' energy now (null: initial
 * SOC), kW per step: what the rented partition and the market would see under the rule, used
 * to size the rental by the rule of thumb.
 */
export function selfConsumedNetLoad(period: PeriodView, batteries: readonly OwnBattery[], storedKWh: readonly number[] | null): number[] {
  let stored = storedKWh;
  return Array.from({ length: period.steps }, (_, t) => {
    const netLoad = period.netLoadKW[t]!;
    const step = selfConsumptionStep(batteries, stored, netLoad, period.dtHours);
    stored = step.storedKWh;
    return netLoad + step.shiftKW;
  });
}

/** State of the rule-based own-battery strategy: each own battery's energy now, kWh (null: initial SOC). */
export interface OwnBatteryRuleState {
  readonly batteryKWh: readonly number[] | null;
}

/** Whether two energy vectors are exactly the same. */
function sameEnergies(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/**
 * The rule-based strategy of an agent with own batteries (a household with a battery behind its
 * meter, a VPP, whose deferrable loads then keep their naive schedule): each step the batteries run for self-consumption ({@link selfConsumptionStep}: store
 * the PV surplus, cover the load), then the rented partition follows the generic step rule of
 * rule-based.ts on what is left; rental by the rule of thumb on the net load left after
 * self-consumption over the period. The batteries' energy is the state; an unchanged energy
 * returns the same state object, so idle steps log nothing.
 */
export function ownBatteryRuleStrategy(options: StrategyOptions): Strategy<OwnBatteryRuleState> {
  return {
    name: "rule-based",
    initialState: () => ({ batteryKWh: null }),
    bestResponse(_agentId: string, period: PeriodView, prices: RentalPrices, state: OwnBatteryRuleState): CapacityChoice {
      const netLoadKW = selfConsumedNetLoad(period, ownBatteriesOf(period.flexibility), state.batteryKWh);
      return ruleOfThumbCapacity({ ...period, netLoadKW }, prices);
    },
    planPeriod: (_agentId: string, _period: PeriodView, _capacity: HeldCapacity, state: OwnBatteryRuleState) => state,
    decide(agentId: string, view: StepView, state: OwnBatteryRuleState, rng: RandomStream) {
      const batteries = ownBatteriesOf(view.flexibility);
      const own = selfConsumptionStep(batteries, state.batteryKWh, view.netLoadKW, view.dtHours);
      const storage = ruleBasedStorage({ ...view, netLoadKW: view.netLoadKW + own.shiftKW });
      const decision = decisionFor(agentId, view, storage, options.bidJitter, rng, own.shiftKW);
      const unchanged = batteries.length === 0 || sameEnergies(state.batteryKWh ?? initialBatteryKWh({ batteries }), own.storedKWh);
      return { decision, state: unchanged ? state : { batteryKWh: own.storedKWh } };
    },
  };
}

/** Self-consumption for any kind with own batteries (module comment). */
export const ownBatteryRuleEntry = defineStrategy({
  name: "rule-based",
  description: "own batteries for self-consumption (store the surplus, cover the load), then tariff-band rules for the rented partition; rule-of-thumb rental on the net load left",
  params: z.strictObject({}),
  create: (options) => ownBatteryRuleStrategy(options) as Strategy,
});

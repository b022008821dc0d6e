import type { RandomStream } from "../../core/rng.js";
import type { RentalPrices } from "../../market/types.js";
import { ownBatteriesOf, type OwnBattery } from "../flexibility.js";
import { decisionFor } from "../order.js";
import type { CapacityChoice, HeldCapacity, PeriodView, StepView, Strategy } from "../types.js";
import type { StrategyOptions } from "./options.js";
import { ruleBasedStorage, ruleOfThumbCapacity } from "./rule-based.js";

/**
 * Batteries an agent owns behind its meter (a VPP's, a household's): how they move in a step,
 * and the rule-based strategy of an agent whose only flexibility they are. Their energy is
 * never in the model: strategies keep it in their state (so it is logged and replayed), and
 * their net charge goes to the engine as load shift. The LP that plans them is the VPP's
 * (vpp-lp.ts).
 *
 * Battery dynamics, the same in the LP and here: s' = s + √η·c·Δt − d·Δt/√η, 0 ≤ s ≤ E, c, d ≤ P.
 */

/** Each battery's energy at the start of the run, kWh. */
export function initialBatteryKWh(flex: { readonly batteries: readonly OwnBattery[] }): number[] {
  return flex.batteries.map((b) => b.initialSoc * b.energyKWh);
}

/**
 * One battery's step at a requested net charge `netKW` (> 0 charge, < 0 discharge), clamped to
 * its power and to what its energy `storedKWh` allows; returns the net charge done and the energy after.
 */
export function batteryStep(b: OwnBattery, storedKWh: number, netKW: number, dtHours: number): { netKW: number; storedKWh: number } {
  const eta = Math.sqrt(b.efficiency);
  if (netKW > 0) {
    const c = Math.max(0, Math.min(netKW, b.powerKW, (b.energyKWh - storedKWh) / (eta * dtHours)));
    return { netKW: c, storedKWh: Math.min(b.energyKWh, storedKWh + eta * c * dtHours) };
  }
  if (netKW < 0) {
    const d = Math.max(0, Math.min(-netKW, b.powerKW, (storedKWh * eta) / dtHours));
    return { netKW: d === 0 ? 0 : -d, storedKWh: Math.max(0, storedKWh - (d * dtHours) / eta) };
  }
  return { netKW: 0, storedKWh };
}

/** What the own batteries did in a step: their summed net charge (the load shift, kW) and each one's energy after, kWh. */
export interface BatteriesStep {
  readonly shiftKW: number;
  readonly storedKWh: number[];
}

/**
 * Steps every battery in turn: battery k is asked for `requestKW(k, shiftSoFar)` (shiftSoFar =
 * `startShiftKW` plus the net charge of batteries 0…k−1) and does what {@link batteryStep}
 * allows. `storedKWh` null means every battery at its initial SOC. The shift returned is
 * `startShiftKW` + Σ_k net charge, summed in that order (so a VPP's load shift adds up exactly
 * as it always has) and not rounded: callers drop rounding noise.
 */
export function stepBatteries(
  batteries: readonly OwnBattery[],
  storedKWh: readonly number[] | null,
  requestKW: (k: number, shiftSoFarKW: number) => number,
  dtHours: number,
  startShiftKW = 0,
): BatteriesStep {
  const before = storedKWh ?? initialBatteryKWh({ batteries });
  let shiftKW = startShiftKW;
  const after = batteries.map((b, k) => {
    const step = batteryStep(b, before[k] ?? b.initialSoc * b.energyKWh, requestKW(k, shiftKW), dtHours);
    shiftKW += step.netKW;
    return step.storedKWh;
  });
  return { shiftKW, storedKWh: after };
}

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

import { z } from "zod";
import type { RandomStream } from "../../core/rng.js";
import type { RentalPrices } from "../../market/types.js";
import { decisionFor } from "../order.js";
import type { CapacityChoice, HeldCapacity, PeriodView, StepView, Strategy } from "../types.js";
import type { StrategyOptions } from "./options.js";
import { partitionLimits } from "./partition-limits.js";
import { defineStrategy } from "../strategy-entry.js";

/** The rule-based strategy keeps no state of its own; an empty object logs cleanly. */
export type RuleBasedState = Readonly<Record<string, never>>;

/**
 * The step rule: store own surplus (net load < 0) up to min(surplus, P_i, room); otherwise, in
 * the valley band with a peak still ahead in the period, charge min(P_i, room) from the grid;
 * otherwise, in the peak band with a deficit, discharge min(netLoad, P_i, available). What is
 * left, (netLoad + c − d)·Δt, becomes the order.
 */
export function ruleBasedStorage(view: StepView): { chargeKW: number; dischargeKW: number } {
  const { maxChargeKW, maxDischargeKW } = partitionLimits(view.capacity, view.storedKWh, view.storage, view.dtHours);
  if (view.netLoadKW < 0) return { chargeKW: Math.min(-view.netLoadKW, maxChargeKW), dischargeKW: 0 };
  if (view.band === "valley" && view.peakAhead) return { chargeKW: maxChargeKW, dischargeKW: 0 };
  if (view.band === "peak" && view.netLoadKW > 0) return { chargeKW: 0, dischargeKW: Math.min(view.netLoadKW, maxDischargeKW) };
  return { chargeKW: 0, dischargeKW: 0 };
}

/** Steps of the period whose buy price is the period's highest (peak) and lowest (valley). */
function periodBands(period: PeriodView): { peak: number[]; valley: number[] } {
  const prices = period.buyPrice.slice(0, period.steps);
  const max = Math.max(...prices);
  const min = Math.min(...prices);
  if (max - min < 1e-12) return { peak: [], valley: [] };
  const idx = prices.map((_, t) => t);
  return { peak: idx.filter((t) => prices[t]! >= max - 1e-12), valley: idx.filter((t) => prices[t]! <= min + 1e-12) };
}

/** The period's cost with no storage: energy at the tariff plus the demand charge on the peak import. */
export function costWithoutStorage(period: PeriodView): number {
  let cost = 0;
  let peak = 0;
  for (let t = 0; t < period.steps; t++) {
    const x = period.netLoadKW[t]!;
    cost += (x > 0 ? period.buyPrice[t]! : period.sellPrice[t]!) * x * period.dtHours;
    peak = Math.max(peak, x);
  }
  return cost + period.demandChargePerKW * peak;
}

/**
 * A rule of thumb for the capacity to rent, matching the step rule (valley charge, peak discharge):
 * - the peak band is the period's steps at its highest buy price, the valley band those at its lowest;
 * - E holds the peak-band deficit energy D = Σ_peak max(netLoad, 0)·Δt as delivered energy:
 *   E = D / (η_d·(s_max − s_min)), capped by maxEnergyKWh;
 * - P is the largest peak-band deficit, capped by maxPowerKW;
 * - the saving is S·λ̄_peak − S/(η_c·η_d)·λ_valley − c_deg·S·(1 + 1/(η_c·η_d)) for the energy S
 *   the capped E can deliver (λ̄_peak the mean peak price, λ_valley the lowest price; self-discharge
 *   and any demand-charge relief are ignored, which errs on the side of renting less);
 * - rent only if that saving exceeds c_E·E + c_P·P. The expected cost is the no-storage cost,
 *   less the saving plus the rent when renting.
 */
export function ruleOfThumbCapacity(period: PeriodView, prices: RentalPrices): CapacityChoice {
  const baseCost = costWithoutStorage(period);
  const none: CapacityChoice = { energyKWh: 0, powerKW: 0, expectedCost: baseCost };
  const { peak, valley } = periodBands(period);
  if (peak.length === 0 || valley.length === 0) return none;
  const s = period.storage;
  const deficits = peak.map((t) => Math.max(0, period.netLoadKW[t]!));
  const deficitKWh = deficits.reduce((a, b) => a + b, 0) * period.dtHours;
  const usable = s.etaDischarge * (s.socMax - s.socMin);
  const energyKWh = Math.min(period.maxEnergyKWh, deficitKWh / usable);
  const powerKW = Math.min(period.maxPowerKW, Math.max(...deficits));
  if (energyKWh <= 0 || powerKW <= 0) return none;
  const shiftedKWh = Math.min(deficitKWh, energyKWh * usable);
  const meanPeakPrice = peak.reduce((a, t) => a + period.buyPrice[t]!, 0) / peak.length;
  const valleyPrice = period.buyPrice[valley[0]!]!;
  const roundTrip = s.etaCharge * s.etaDischarge;
  const saving =
    shiftedKWh * meanPeakPrice - (shiftedKWh / roundTrip) * valleyPrice - s.degradationCostPerKWh * shiftedKWh * (1 + 1 / roundTrip);
  const rent = prices.cE * energyKWh + prices.cP * powerKW;
  if (saving <= rent) return none;
  return { energyKWh, powerKW, expectedCost: baseCost - saving + rent };
}

/** The rule-based strategy: tariff-band rules at each step, a rule of thumb for renting. */
export function ruleBasedStrategy(options: StrategyOptions): Strategy<RuleBasedState> {
  return {
    name: "rule-based",
    initialState: () => ({}),
    bestResponse: (_agentId: string, period: PeriodView, prices: RentalPrices) => ruleOfThumbCapacity(period, prices),
    planPeriod: (_agentId: string, _period: PeriodView, _capacity: HeldCapacity, state: RuleBasedState) => state,
    decide(agentId: string, view: StepView, state: RuleBasedState, rng: RandomStream) {
      const decision = decisionFor(agentId, view, ruleBasedStorage(view), options.bidJitter, rng);
      return { decision, state };
    },
  };
}

/** The rule-based strategy for every kind without a rule of its own (its flexibility, if any, idle). */
export const ruleBasedEntry = defineStrategy({
  name: "rule-based",
  description: "tariff-band storage rules each step (store surplus, charge in the valley, discharge at the peak); rule-of-thumb rental",
  params: z.strictObject({}),
  create: (options) => ruleBasedStrategy(options) as Strategy,
});

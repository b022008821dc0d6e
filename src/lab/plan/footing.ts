import type { BatterySize, UnitFixedCost } from "../../agents/storage-provider.js";
import type { World } from "../../sim/world.js";
import { perfectForecasts } from "../baselines.js";
import type { Scenario } from "../scenario-schema.js";
import { yearBasisOf, type YearBasis } from "../year-basis.js";

/**
 * What every size of a plan is evaluated on (MODEL.md §8), stated once in plan.json and
 * printed with the frontier, so a reader can judge what the sizes' figures share: the seed,
 * the horizon and what its yearly figures are extrapolated from, the mechanisms, and the unit
 * costs every size pays.
 */
export interface PlanFooting {
  /** The one seed of every evaluation: sizes differ in the storage only. */
  readonly seed: string;
  readonly steps: number;
  /** Hours the horizon covers: every "over the horizon" figure is over these. */
  readonly hours: number;
  /** What the yearly figures (NPV, IRR) are estimated from, e.g. "extrapolated from 14 days (April)". */
  readonly yearBasis: YearBasis;
  readonly rental: { readonly mechanism: string; readonly params: Readonly<Record<string, unknown>> };
  readonly energy: { readonly mechanism: string; readonly params: Readonly<Record<string, unknown>> };
  readonly currency: string;
  /** The scenario's own E^max and P^max, kWh and kW. */
  readonly scenarioSize: BatterySize;
  /** κ_E, κ_P (currency per kWh, per kW), lifetime (years) and discount rate (per year), the same for every size. */
  readonly capexPerKWh: number;
  readonly capexPerKW: number;
  readonly lifetimeYears: number;
  readonly discountRate: number;
  /** O&M per kWh and per kW a year, o_E and o_P, kept at the scenario's for every size (sized-scenario.ts). */
  readonly omPerKWhYear: number;
  readonly omPerKWYear: number;
  /** φ_E, φ_P: capex annuity + O&M per kWh and per kW a year. */
  readonly unitFixedCost: UnitFixedCost;
  /** `perfect`: every agent forecasts perfectly; `agents`: the agents plan on their (noisy) forecasts. */
  readonly forecast: "perfect" | "agents";
  /** The rules, in words, as printed. */
  readonly rules: readonly string[];
}

/** The rules every plan states. */
export const FOOTING_RULES: readonly string[] = [
  "every size is simulated with the same seed, over the same steps, under the same mechanisms",
  "every size pays the scenario's capex per kWh and per kW and the same O&M per kWh and per kW (omPerYear scaled with the capex of the size)",
  "E = 0 or P = 0 is no storage: not simulated, read from the no-storage reference (provider NPV 0, users' saving 0, welfare gain 0)",
  "users' saving and welfare gain are against each agent's own no-storage plan (with its own flexibility, no peers), over the horizon",
];

/** The footing of a plan of `world` (built from `scenario`, at the scenario's size) over its `steps` steps. */
export function planFooting(world: World, scenario: Scenario, steps: number): PlanFooting {
  const terms = world.providerEconomics;
  const { energyKWh, powerKW, economics } = scenario.storage;
  return {
    seed: scenario.seed,
    steps,
    hours: steps * scenario.calendar.stepHours,
    yearBasis: yearBasisOf(scenario.calendar, steps),
    rental: scenario.market.rental,
    energy: scenario.market.energy,
    currency: scenario.currency,
    scenarioSize: { energyKWh, powerKW },
    capexPerKWh: economics.capexPerKWh,
    capexPerKW: economics.capexPerKW,
    lifetimeYears: economics.lifetimeYears,
    discountRate: economics.discountRate,
    omPerKWhYear: terms.omEnergyPerYear / energyKWh,
    omPerKWYear: terms.omPowerPerYear / powerKW,
    unitFixedCost: terms.unitFixedCost,
    forecast: perfectForecasts(world) ? "perfect" : "agents",
    rules: FOOTING_RULES,
  };
}

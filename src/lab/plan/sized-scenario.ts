import { InputError } from "../../core/errors.js";
import type { BatterySize } from "../../agents/storage-provider.js";
import { validateScenario } from "../load-scenario.js";
import type { Scenario } from "../scenario-schema.js";
import { storageCapex } from "../viability.js";

/**
 * The scenario with its shared storage resized, every size on one footing (MODEL.md §8).
 *
 * A scenario gives its O&M as one yearly sum, `omPerYear`, for its own E^max and P^max; the
 * provider's terms (agents/storage-provider.ts, `providerTerms`) split it between energy and
 * power in proportion to their capex and divide by the ratings, giving O&M per kWh and per kW.
 * Left as it is, a bigger battery would pay the same sum and so less per kWh — sizes would not
 * be compared like with like. So `omPerYear` is scaled with the capex of the new size,
 *
 *     omPerYear' = omPerYear · (κ_E·E' + κ_P·P') / (κ_E·E^max + κ_P·P^max),
 *
 * which keeps both o_E = OM_E/E and o_P = OM_P/P exactly, and with them φ_E, φ_P and the
 * floor prices c_E^floor, c_P^floor: every size pays the scenario's unit costs.
 */

/** A rating at or below this (kWh or kW) is no storage: the sizing LP's zero comes back as rounding dust. */
export const NO_STORAGE_RATING = 1e-6;

/** Whether a size is "no storage": E = 0 or P = 0 (a battery that cannot store or cannot move energy). */
export function isNoStorage(size: BatterySize): boolean {
  return size.energyKWh <= NO_STORAGE_RATING || size.powerKW <= NO_STORAGE_RATING;
}

/**
 * Refuses a scenario whose O&M cannot keep its unit cost across sizes: with no capex at all
 * the O&M is split evenly between energy and power, whatever the size, so no single scaling
 * keeps both o_E and o_P.
 */
export function requireScalableEconomics(scenario: Scenario): void {
  const { capexPerKWh, capexPerKW, omPerYear } = scenario.storage.economics;
  if (capexPerKWh === 0 && capexPerKW === 0 && omPerYear > 0) {
    throw new InputError({
      path: "storage.economics",
      expected: "a capex (capexPerKWh or capexPerKW > 0) when omPerYear > 0: planning scales O&M with capex to keep its cost per kWh and per kW, and without capex it has nothing to scale with",
    });
  }
}

/** The O&M per year of the storage at `size` (module comment), currency per year. */
export function omPerYearAt(scenario: Scenario, size: BatterySize): number {
  const { omPerYear } = scenario.storage.economics;
  const capex = storageCapex(scenario.storage);
  if (omPerYear === 0) return 0;
  return (omPerYear * storageCapex({ ...scenario.storage, ...size })) / capex;
}

/** `scenario` with the shared storage at `size` (E, P > 0) and its O&M scaled (module comment), validated again. */
export function scenarioAtSize(scenario: Scenario, size: BatterySize): Scenario {
  if (isNoStorage(size)) throw new RangeError(`scenarioAtSize: ${size.energyKWh} kWh / ${size.powerKW} kW is no storage; evaluate it from the no-storage reference`);
  const { storage } = scenario;
  return validateScenario({
    ...scenario,
    storage: { ...storage, energyKWh: size.energyKWh, powerKW: size.powerKW, economics: { ...storage.economics, omPerYear: omPerYearAt(scenario, size) } },
  });
}

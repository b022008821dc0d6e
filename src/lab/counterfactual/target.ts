import { canonicalJson } from "../../core/canonical-json.js";
import { InputError } from "../../core/errors.js";
import { createEnergyMechanism, createRentalMechanism } from "../../market/registry.js";
import type { EnergyMechanism, RentalMechanism } from "../../market/types.js";
import type { Scenario } from "../scenario-schema.js";

/**
 * What a counterfactual re-clears under: one market (energy or rental) and the mechanism to put
 * there, with its parameters. Parameters follow `sesame run`'s rule: a mechanism other than the
 * logged one starts from no parameters, the logged one keeps the scenario's and the given ones
 * are merged over them. Every problem is an InputError naming `energy.mechanism`,
 * `energy.params.<key>` (or `rental.…`), which the CLI shows as its flags.
 */

/** The two markets a counterfactual can re-clear. */
export type CounterfactualMarket = "energy" | "rental";

/** A counterfactual as asked for. */
export interface CounterfactualRequest {
  readonly market: CounterfactualMarket;
  /** A registered mechanism of that market. */
  readonly mechanism: string;
  /** Parameters given (merged over the logged ones when `mechanism` is the logged mechanism). */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A mechanism with its resolved parameters, as the manifest or the counterfactual names it. */
export interface MechanismChoice {
  readonly mechanism: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The request resolved against the logged scenario, with the mechanism built. */
export type ResolvedTarget =
  | { readonly market: "energy"; readonly logged: MechanismChoice; readonly target: MechanismChoice; readonly same: boolean; readonly energy: EnergyMechanism }
  | { readonly market: "rental"; readonly logged: MechanismChoice; readonly target: MechanismChoice; readonly same: boolean; readonly rental: RentalMechanism };

/**
 * Resolves `request` against the logged `scenario`: the parameters merged as `sesame run` does,
 * validated by building the mechanism. `same` says the target is the logged mechanism with the
 * logged parameters: its open-loop re-clearing must reproduce the log exactly.
 */
export function resolveTarget(scenario: Scenario, request: CounterfactualRequest): ResolvedTarget {
  const { market } = request;
  if (market !== "energy" && market !== "rental") {
    throw new InputError({ path: "market", expected: `energy or rental, got ${JSON.stringify(market)}` });
  }
  const current = scenario.market[market];
  const logged: MechanismChoice = { mechanism: current.mechanism, params: current.params };
  const base = request.mechanism === current.mechanism ? current.params : {};
  const target: MechanismChoice = { mechanism: request.mechanism, params: { ...base, ...(request.params ?? {}) } };
  const same = target.mechanism === logged.mechanism && canonicalJson(target.params) === canonicalJson(logged.params);
  if (market === "energy") return { market, logged, target, same, energy: createEnergyMechanism(target.mechanism, target.params, "energy") };
  return { market, logged, target, same, rental: createRentalMechanism(target.mechanism, target.params, "rental") };
}

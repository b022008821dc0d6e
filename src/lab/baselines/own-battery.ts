import { batteryFixedCost, statelessPeriodLpBuilder, type BatterySize } from "../../agents/index.js";
import type { ViewOptions } from "../../sim/views.js";
import { periodPrices, periodViewOf } from "../../sim/views.js";
import type { ConsumerAgent, World } from "../../sim/world.js";
import { operateAlone } from "./operate-alone.js";
import { sizeBattery, type SizingBasis } from "./sizing.js";

/**
 * The own-battery option (MODEL.md §7, §8): every agent owns a battery with the shared
 * storage's physics, bought at the same unit price (capex annuity + O&M per kWh and per kW,
 * φ_E and φ_P) and paid pro rata to the horizon. Its size is chosen once for the whole horizon
 * — by the agent's sizing LP (`optimal`: its own period LP over every period, or over
 * representative ones, with E and P shared; sizing.ts) or as the scenario gives it (`given`)
 * — and never changes from one period to the next, as the shared storage's does not. The
 * agent then runs it with its own strategy on its own forecast (operate-alone.ts).
 */

/** One agent's own battery and what it cost over the horizon. */
export interface OwnBatteryOfAgent extends BatterySize {
  /** operatingCost + fixedCost, currency. */
  readonly cost: number;
  /** Grid, demand charges, wear, fuel and gas while running the battery, currency. */
  readonly operatingCost: number;
  /** (φ_E·E + φ_P·P)·yearShare, currency. */
  readonly fixedCost: number;
}

/** How the own batteries were sized. */
export type OwnBatterySizing = { readonly rule: "optimal" } | { readonly rule: "given"; readonly energyKWh: number; readonly powerKW: number };

/** Every agent's own battery, sized once, and the option's total. */
export interface OwnBatteryBaseline {
  /** `optimal`: each agent's sizing LP chose it; `given`: the scenario's size for every agent. */
  readonly sizing: "optimal" | "given";
  readonly perAgent: Readonly<Record<string, OwnBatteryOfAgent>>;
  /** Σ cost: what the community pays the outside world with own batteries, currency. */
  readonly total: number;
  /** Σ E_i, kWh. */
  readonly energyKWh: number;
  /** Σ P_i, kW. */
  readonly powerKW: number;
}

/** The size of `agent`'s own battery under `sizing`: the optimum of its sizing LP over `basis`, or the given one. */
export function ownBatterySize(world: World, agent: ConsumerAgent, sizing: OwnBatterySizing, basis: SizingBasis, yearShare: number, options: ViewOptions = {}): BatterySize {
  if (sizing.rule === "given") return { energyKWh: sizing.energyKWh, powerKW: sizing.powerKW };
  const build = statelessPeriodLpBuilder(agent.model.flexibility?.kind);
  const sized = sizeBattery(
    basis,
    (first, length) => {
      const span = { first, length };
      const view = periodViewOf(world, agent, span, periodPrices(world, span), options);
      return build({ ...view, maxEnergyKWh: Infinity, maxPowerKW: Infinity }, { prices: { cE: 0, cP: 0 } });
    },
    world.providerEconomics.unitFixedCost,
    yearShare,
  );
  return { energyKWh: sized.energyKWh, powerKW: sized.powerKW };
}

/** The own-battery option over the first `steps` steps (module comment). `loadLpSolver()` must have run. */
export function ownBatteryBaseline(world: World, steps: number, sizing: OwnBatterySizing, basis: SizingBasis, yearShare: number, options: ViewOptions = {}): OwnBatteryBaseline {
  const perAgent: Record<string, OwnBatteryOfAgent> = {};
  for (const agent of world.agents) {
    const size = ownBatterySize(world, agent, sizing, basis, yearShare, options);
    const operatingCost = operateAlone(world, agent, size, steps, { ...options, stream: "baseline:own-battery" }).operatingCost;
    const fixedCost = batteryFixedCost(world.providerEconomics.unitFixedCost, size, yearShare);
    perAgent[agent.model.id] = { ...size, cost: operatingCost + fixedCost, operatingCost, fixedCost };
  }
  const all = Object.values(perAgent);
  return {
    sizing: sizing.rule,
    perAgent,
    total: all.reduce((s, a) => s + a.cost, 0),
    energyKWh: all.reduce((s, a) => s + a.energyKWh, 0),
    powerKW: all.reduce((s, a) => s + a.powerKW, 0),
  };
}

import { rentalPeriodSpan } from "../../core/calendar.js";
import type { World } from "../../sim/world.js";
import type { ViewOptions } from "../../sim/views.js";
import { operateAlone } from "./operate-alone.js";

/**
 * The no-storage option (MODEL.md §7, §8): every agent without any storage and without peers,
 * trading its position with the grid at the tariff — after using its own flexibility, which it
 * has with or without storage (a DCC defers and migrates batch work, a microgrid runs its
 * generator, a VPP shifts loads and runs its own batteries). So that a saving "due to storage"
 * is due to storage, an agent with flexibility runs its own strategy with no storage
 * (operate-alone.ts: its plans, its forecast, the engine's settlement). An agent without
 * flexibility just draws its profile: that cost is also reported apart, for every agent, as
 * the cost of the profile with no storage and no flexibility.
 */

/** Every agent's no-storage cost, and the cost of its bare profile. */
export interface NoStorageCosts {
  /** With its own flexibility, by agent, currency: the reference every saving is measured against. */
  readonly perAgent: Readonly<Record<string, number>>;
  readonly total: number;
  /** The profile's net load bought and sold at the tariff, plus demand charges: no storage and no flexibility. */
  readonly withoutFlexibility: { readonly perAgent: Readonly<Record<string, number>>; readonly total: number };
}

/** Whether an agent's own LP plans something besides storage. */
export function isFlexible(agent: { readonly model: { readonly flexibility?: { readonly kind: string } } }): boolean {
  return (agent.model.flexibility?.kind ?? "none") !== "none";
}

/** The no-storage costs of every agent over the first `steps` steps (see the module comment). */
export function noStorageCosts(world: World, steps: number, options: ViewOptions = {}): NoStorageCosts {
  const perAgent: Record<string, number> = {};
  const bare: Record<string, number> = {};
  for (const agent of world.agents) {
    const id = agent.model.id;
    bare[id] = profileCostOf(world, agent.model.netLoadKW, steps);
    perAgent[id] = isFlexible(agent) ? operateAlone(world, agent, NO_BATTERY, steps, { ...options, stream: "baseline:no-storage" }).operatingCost : bare[id]!;
  }
  return { perAgent, total: sum(Object.values(perAgent)), withoutFlexibility: { perAgent: bare, total: sum(Object.values(bare)) } };
}

const NO_BATTERY = { energyKWh: 0, powerKW: 0 };
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** The bare profile's cost: every kWh of net load at the tariff, plus demand charges per rental period. */
export function profileCostOf(world: World, netLoadKW: Float64Array, steps: number): number {
  const dt = world.calendar.stepHours;
  let cost = 0;
  let peak = 0;
  for (let t = 0; t < steps; t++) {
    const kw = netLoadKW[t]!;
    cost += kw > 0 ? kw * dt * world.buyPrice[t]! : kw * dt * world.sellPrice[t]!;
    peak = Math.max(peak, kw);
    const { first, length } = rentalPeriodSpan(world.calendar, t);
    if (t === first + length - 1 || t === steps - 1) {
      cost += peak * world.tariff.demandChargePerKW;
      peak = 0;
    }
  }
  return cost;
}

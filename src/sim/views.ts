import { rentalPeriodSpan } from "../core/calendar.js";
import type { HeldCapacity, PeriodView, StepView } from "../agents/types.js";
import type { SimState } from "./state.js";
import type { World } from "./world.js";

const NO_CAPACITY: HeldCapacity = { energyKWh: 0, powerKW: 0 };

/** What each agent sees of the rental period that contains step `t` (perfect forecast). */
export function periodViews(world: World, t: number): Map<string, PeriodView> {
  const { first, length } = rentalPeriodSpan(world.calendar, t);
  const buyPrice = Array.from(world.buyPrice.subarray(first, first + length));
  const sellPrice = Array.from(world.sellPrice.subarray(first, first + length));
  const views = new Map<string, PeriodView>();
  for (const { model } of world.agents) {
    views.set(model.id, {
      firstStep: first,
      steps: length,
      dtHours: world.calendar.stepHours,
      netLoadKW: model.netLoadKW.subarray(first, first + length),
      buyPrice,
      sellPrice,
      demandChargePerKW: world.tariff.demandChargePerKW,
      storage: world.storagePhysics,
      maxEnergyKWh: world.offer.energyKWh,
      maxPowerKW: world.offer.powerKW,
      ...(model.flexibility ? { flexibility: model.flexibility } : {}),
    });
  }
  return views;
}

/** What each agent sees at step `t`, given the state before the step and what each paid in the step before. */
export function stepViews(world: World, state: SimState, t: number, lastNetPayments: ReadonlyMap<string, number> = new Map()): Map<string, StepView> {
  const { first, length } = rentalPeriodSpan(world.calendar, t);
  const contracts = new Map(state.contracts.map((c) => [c.tenant, c]));
  const stored = new Map(state.storage.partitions.map((p) => [p.tenant, p.storedKWh]));
  const tariff = { buy: world.buyPrice[t]!, sell: world.sellPrice[t]! };
  const views = new Map<string, StepView>();
  for (const { model } of world.agents) {
    const contract = contracts.get(model.id);
    views.set(model.id, {
      t,
      stepInPeriod: t - first,
      stepsInPeriod: length,
      dtHours: world.calendar.stepHours,
      tariff,
      band: world.band[t]!,
      peakAhead: world.peakAhead[t]!,
      netLoadKW: model.netLoadKW[t]!,
      capacity: contract ? { energyKWh: contract.energyKWh, powerKW: contract.powerKW } : NO_CAPACITY,
      storedKWh: stored.get(model.id) ?? 0,
      storage: world.storagePhysics,
      ...(model.flexibility ? { flexibility: model.flexibility } : {}),
      lastNetPayment: lastNetPayments.get(model.id) ?? 0,
    });
  }
  return views;
}

/** The capacity each agent holds under `contracts` (zero for agents without one). */
export function heldCapacities(world: World, contracts: readonly { tenant: string; energyKWh: number; powerKW: number }[]) {
  const byTenant = new Map(contracts.map((c) => [c.tenant, { energyKWh: c.energyKWh, powerKW: c.powerKW }]));
  return new Map(world.agents.map(({ model }) => [model.id, byTenant.get(model.id) ?? NO_CAPACITY]));
}

import { rentalPeriodSpan } from "../core/calendar.js";
import { planProviderArbitrage } from "../agents/index.js";
import { GRID_ACCOUNT, type Payment } from "../market/types.js";
import { PaymentReason } from "../market/payment-reasons.js";
import type { PoolRequest } from "../storage/types.js";
import type { SimState } from "./state.js";
import type { World } from "./world.js";

/**
 * The provider's arbitrage of its unrented capacity (agents/provider-arbitrage.ts), run by the
 * engine when the scenario switches it on: a plan at each period start, the step's pool request
 * from it, and the grid payments for what the pool actually charged and discharged.
 */

/** The state with the provider's plan for the period opening at `t` (unchanged when arbitrage is off). */
export function withArbitragePlan(world: World, state: SimState, t: number): SimState {
  if (!world.providerArbitrage) return state;
  const { length } = rentalPeriodSpan(world.calendar, t);
  const rentedEnergyKWh = state.storage.partitions.reduce((sum, p) => sum + p.rentedEnergyKWh, 0);
  const rentedPowerKW = state.contracts.reduce((sum, c) => sum + c.powerKW, 0);
  const plan = planProviderArbitrage(t, {
    dtHours: world.calendar.stepHours,
    buyPrice: world.buyPrice.subarray(t, t + length),
    sellPrice: world.sellPrice.subarray(t, t + length),
    storage: world.storagePhysics,
    energyKWh: Math.max(0, world.storage.energyKWh - rentedEnergyKWh),
    powerKW: unrentedPowerKW(world, rentedPowerKW),
    startKWh: state.storage.unrentedStoredKWh,
  });
  return { ...state, arbitrage: plan };
}

/**
 * Power the provider may trade with, kW. Partitioned: what nobody rented, P^max − ΣP_i.
 * Pooled: the whole rating, since tenants' opposite flows cancel and rented power is a share of
 * a netted flow, not a reserved line; dispatch gives the pool only the headroom the tenants'
 * net flow leaves, so it never takes power a tenant uses.
 */
export function unrentedPowerKW(world: World, rentedPowerKW: number): number {
  return world.storage.mode === "pooled" ? world.storage.powerKW : Math.max(0, world.storage.powerKW - rentedPowerKW);
}

/** The pool request of step t from the current plan; undefined without a plan. */
export function poolRequestAt(world: World, state: SimState, t: number): PoolRequest | undefined {
  const plan = state.arbitrage;
  if (!plan) return undefined;
  const i = t - plan.firstStep;
  return { owner: world.providerId, chargeKW: plan.chargeKW[i] ?? 0, dischargeKW: plan.dischargeKW[i] ?? 0, powerKW: plan.powerKW };
}

/** The provider buys what its pool charged at λ^b and sells what it discharged at λ^s. */
export function arbitragePayments(world: World, t: number, flow: { readonly chargeKW: number; readonly dischargeKW: number } | undefined): Payment[] {
  if (!flow) return [];
  const dt = world.calendar.stepHours;
  const payments: Payment[] = [];
  if (flow.chargeKW > 0) payments.push({ from: world.providerId, to: GRID_ACCOUNT, amount: flow.chargeKW * dt * world.buyPrice[t]!, reason: PaymentReason.arbitrageImport });
  if (flow.dischargeKW > 0) payments.push({ from: GRID_ACCOUNT, to: world.providerId, amount: flow.dischargeKW * dt * world.sellPrice[t]!, reason: PaymentReason.arbitrageExport });
  return payments.filter((p) => p.amount > 0);
}

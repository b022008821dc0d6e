import type { AgentSettlement, Payment } from "../market/types.js";
import { GRID_ACCOUNT } from "../market/types.js";
import { PaymentReason } from "../market/payment-reasons.js";
import type { TenantFlow } from "../storage/types.js";
import type { Imbalance } from "./imbalance.js";
import type { World } from "./world.js";

/**
 * Payments of a step besides the energy clearing's own: storage imbalances settled with the
 * grid, tenants' degradation fees to the provider, and demand charges at a period's end.
 */
export function storageAndGridPayments(
  world: World,
  t: number,
  imbalances: readonly Imbalance[],
  flows: readonly TenantFlow[],
  demandCharges: ReadonlyMap<string, number>,
): Payment[] {
  const payments: Payment[] = [];
  const dt = world.calendar.stepHours;
  for (const { agent, kWh } of imbalances) {
    if (kWh > 0) payments.push({ from: agent, to: GRID_ACCOUNT, amount: kWh * world.buyPrice[t]!, reason: PaymentReason.imbalanceImport });
    else payments.push({ from: GRID_ACCOUNT, to: agent, amount: -kWh * world.sellPrice[t]!, reason: PaymentReason.imbalanceExport });
  }
  // The tenant pays for the wear its own throughput causes (c_deg per kWh, MODEL.md §3).
  for (const flow of flows) {
    const fee = world.storage.degradationCostPerKWh * (flow.chargeKW + flow.dischargeKW) * dt;
    if (fee > 0) payments.push({ from: flow.tenant, to: world.providerId, amount: fee, reason: PaymentReason.degradationFee });
  }
  for (const [agent, amount] of demandCharges) {
    if (amount > 0) payments.push({ from: agent, to: GRID_ACCOUNT, amount, reason: PaymentReason.demandCharge });
  }
  return payments.filter((p) => p.amount > 0);
}

/** Each agent's grid import this step, kW: unmatched buy quantity plus any imbalance import. */
export function gridImportKW(
  settlement: Readonly<Record<string, AgentSettlement>>,
  imbalances: readonly Imbalance[],
  dtHours: number,
): Map<string, number> {
  const kw = new Map<string, number>();
  for (const [agent, s] of Object.entries(settlement)) kw.set(agent, s.gridImportKWh / dtHours);
  for (const { agent, kWh } of imbalances) if (kWh > 0) kw.set(agent, (kw.get(agent) ?? 0) + kWh / dtHours);
  return kw;
}

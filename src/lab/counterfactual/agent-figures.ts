import type { EnergyTrade, Payment, RentalContract } from "../../market/types.js";
import { PaymentReason } from "../../market/payment-reasons.js";
import type { StepBody } from "../../sim/log/step-record.js";

/**
 * The figures a counterfactual reports per agent, and how they are read off one step: the same
 * definitions as summary.json (lab/metrics.ts), so that a run's logged totals here are its
 * summary's.
 */

/** One consumer agent's figures over a step, or over the run. */
export interface AgentFigures {
  /** Everything the agent paid minus everything it received, currency. */
  readonly cost: number;
  /** Rent paid to the provider (payments `rental`), currency; part of `cost`. */
  readonly rent: number;
  /** Peer-traded energy, bought + sold, kWh. */
  readonly peerKWh: number;
  /** Energy with the grid, imported + exported (unmatched orders and storage imbalances), kWh. */
  readonly gridKWh: number;
  /** Energy capacity rented, kWh: in force at the step; over the run, the mean over its steps. */
  readonly rentedEnergyKWh: number;
  /** Power rented, kW: in force at the step; over the run, the mean over its steps. */
  readonly rentedPowerKW: number;
}

/** Figures that are summed over steps (the rented capacities are averaged instead). */
export const SUMMED_FIGURES = ["cost", "rent", "peerKWh", "gridKWh"] as const;

/** Net money paid per account over `payments` (paid − received). */
export function netPaid(payments: readonly Payment[]): Map<string, number> {
  const net = new Map<string, number>();
  for (const p of payments) {
    net.set(p.from, (net.get(p.from) ?? 0) + p.amount);
    net.set(p.to, (net.get(p.to) ?? 0) - p.amount);
  }
  return net;
}

/** Peer kWh per agent (bought + sold) of `trades`. */
export function peerKWhOf(trades: readonly EnergyTrade[]): Map<string, number> {
  const peer = new Map<string, number>();
  for (const t of trades) {
    peer.set(t.buyer, (peer.get(t.buyer) ?? 0) + t.kWh);
    peer.set(t.seller, (peer.get(t.seller) ?? 0) + t.kWh);
  }
  return peer;
}

/**
 * Grid kWh per agent of a step whose clearing made `trades`: each order's quantity not traded
 * with peers, plus the step's imbalances (as metrics.ts counts them).
 */
export function gridKWhOf(step: StepBody, trades: readonly EnergyTrade[]): Map<string, number> {
  const bought = new Map<string, number>();
  const sold = new Map<string, number>();
  for (const t of trades) {
    bought.set(t.buyer, (bought.get(t.buyer) ?? 0) + t.kWh);
    sold.set(t.seller, (sold.get(t.seller) ?? 0) + t.kWh);
  }
  const grid = new Map<string, number>();
  for (const o of step.orders) {
    const peer = (o.side === "buy" ? bought : sold).get(o.agent) ?? 0;
    grid.set(o.agent, (grid.get(o.agent) ?? 0) + o.kWh - peer);
  }
  for (const { agent, kWh } of step.imbalances) grid.set(agent, (grid.get(agent) ?? 0) + Math.abs(kWh));
  return grid;
}

/** Rent per agent (reason `rental`, net) of `payments`. */
export function rentOf(payments: readonly Payment[]): Map<string, number> {
  return netPaid(payments.filter((p) => p.reason === PaymentReason.rental));
}

/** The capacity each tenant holds under `contracts`, by tenant. */
export function capacityOf(contracts: readonly RentalContract[]): Map<string, { energyKWh: number; powerKW: number }> {
  return new Map(contracts.map((c) => [c.tenant, { energyKWh: c.energyKWh, powerKW: c.powerKW }]));
}

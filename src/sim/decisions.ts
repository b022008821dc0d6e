import { RunFault } from "../core/errors.js";
import type { StepDecision, StepView } from "../agents/types.js";
import { EXTERNAL_ACCOUNT, GRID_ACCOUNT, type EnergyOrder, type Payment } from "../market/types.js";
import { PaymentReason } from "../market/payment-reasons.js";
import type { DispatchRequest } from "../storage/types.js";
import { checkDecision } from "./conservation.js";
import { orderWithinTie } from "./grid-tie.js";
import type { World } from "./world.js";

/** What the agents' decisions of one step ask of the storage, the market and the ledger. */
export interface CollectedDecisions {
  readonly requests: DispatchRequest[];
  /** Orders as cleared: cut to each agent's grid tie. */
  readonly orders: EnergyOrder[];
  /** Load moved by the agents' own flexibility, kW, by agent (only agents that moved any). */
  readonly loadShifts: Map<string, number>;
  /** Money paid outside the market: fuel and gas to `external`, unnetted exchange to the grid. */
  readonly externalPayments: Payment[];
  /** Signed energy the grid ties cut from orders, kWh (+ load shed, − generation spilled), by agent. */
  readonly tieCuts: Map<string, number>;
}

/**
 * Checks every agent's decision (a broken one is a run fault) and sorts what it asks into
 * storage requests, orders (cut to the agent's grid tie), load shifts and payments outside the
 * market, in agent order — the order the log records them in.
 */
export function collectDecisions(world: World, t: number, views: ReadonlyMap<string, StepView>, decisions: readonly StepDecision[]): CollectedDecisions {
  const dt = world.calendar.stepHours;
  const collected: CollectedDecisions = { requests: [], orders: [], loadShifts: new Map(), externalPayments: [], tieCuts: new Map() };
  world.agents.forEach(({ model }, i) => {
    const decision = decisions[i];
    if (decision === undefined) throw new RunFault(t, model.id, "no decision");
    checkDecision(world, t, model.id, views.get(model.id)!.netLoadKW, decision);
    if (decision.loadShiftKW) collected.loadShifts.set(model.id, decision.loadShiftKW);
    for (const cost of decision.externalCosts ?? []) {
      if (cost.amount > 0) collected.externalPayments.push({ from: model.id, to: EXTERNAL_ACCOUNT, amount: cost.amount, reason: cost.reason });
    }
    // Sites that could not net bought at λ^b what others sold at λ^s: the spread is the cost.
    const unnettedCost = (decision.unnettedKW ?? 0) * dt * (world.buyPrice[t]! - world.sellPrice[t]!);
    if (unnettedCost > 0) collected.externalPayments.push({ from: model.id, to: GRID_ACCOUNT, amount: unnettedCost, reason: PaymentReason.unnettedExchange });
    if (decision.chargeKW > 0 || decision.dischargeKW > 0) {
      collected.requests.push({ tenant: model.id, chargeKW: decision.chargeKW, dischargeKW: decision.dischargeKW });
    }
    if (decision.order !== null && decision.order.kWh > 0) {
      const limited = model.gridTie ? orderWithinTie(decision.order, model.gridTie, dt) : { order: decision.order, cutKWh: 0 };
      if (limited.cutKWh !== 0) collected.tieCuts.set(model.id, limited.cutKWh);
      collected.orders.push(limited.order);
    }
  });
  return collected;
}

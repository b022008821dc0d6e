import type { AgentSettlement, EnergyOrder, Payment } from "../market/types.js";
import { ledgerViolations, netFlows } from "../market/index.js";
import type { TenantFlow } from "../storage/types.js";
import type { StepDecision } from "../agents/types.js";
import { RunFault } from "../core/errors.js";
import type { Imbalance } from "./imbalance.js";
import type { World } from "./world.js";

/** Tolerance of the conservation checks, kWh and currency. */
export const CONSERVATION_TOLERANCE = 1e-6;

/**
 * Refuses a decision whose order does not carry exactly the agent's position after storage:
 * an order is demand the agent must meet, so anything else would create or lose energy.
 */
export function checkDecision(world: World, t: number, agentId: string, netLoadKW: number, decision: StepDecision): void {
  const fail = (what: string) => {
    throw new RunFault(t, agentId, what);
  };
  const { chargeKW, dischargeKW, order } = decision;
  const loadShiftKW = decision.loadShiftKW ?? 0;
  if (!(chargeKW >= 0) || !(dischargeKW >= 0) || !Number.isFinite(chargeKW + dischargeKW)) {
    fail(`storage request must be finite and ≥ 0, got charge ${chargeKW} kW, discharge ${dischargeKW} kW`);
  }
  if (!Number.isFinite(loadShiftKW)) fail(`load shift must be finite, got ${loadShiftKW} kW`);
  for (const cost of decision.externalCosts ?? []) {
    if (!(cost.amount >= 0) || !Number.isFinite(cost.amount)) fail(`external cost "${cost.reason}" must be finite and ≥ 0, got ${cost.amount}`);
  }
  const position = (netLoadKW + loadShiftKW + chargeKW - dischargeKW) * world.calendar.stepHours;
  if (!Number.isFinite(position)) fail(`non-finite energy position ${position}`);
  const ordered = order === null ? 0 : order.side === "buy" ? order.kWh : -order.kWh;
  if (order !== null) {
    if (order.agent !== agentId) fail(`order placed in another agent's name (${order.agent})`);
    if (!(order.kWh >= 0) || !Number.isFinite(order.kWh) || !Number.isFinite(order.limit)) fail(`order quantity and limit must be finite, quantity ≥ 0`);
  }
  if (Math.abs(ordered - position) > CONSERVATION_TOLERANCE * Math.max(1, Math.abs(position))) {
    fail(`order covers ${ordered} kWh but the position after storage and load shift is ${position} kWh`);
  }
}

/**
 * Energy balance of every agent: what it needs (net load, plus load it moved, plus what its
 * partition actually took) equals what it got from peers, the grid and imbalance settlement,
 * plus what its grid tie cut (`tieCuts`: + load shed, − generation spilled). Returns the
 * largest residual, kWh.
 */
export function agentEnergyResidual(
  world: World,
  t: number,
  orders: readonly EnergyOrder[],
  settlement: Readonly<Record<string, AgentSettlement>>,
  flows: readonly TenantFlow[],
  imbalances: readonly Imbalance[],
  loadShifts: ReadonlyMap<string, number>,
  tieCuts: ReadonlyMap<string, number> = new Map(),
): number {
  const dt = world.calendar.stepHours;
  const flowOf = new Map(flows.map((f) => [f.tenant, (f.chargeKW - f.dischargeKW) * dt]));
  const imbalanceOf = new Map(imbalances.map((i) => [i.agent, i.kWh]));
  const orderedAgents = new Set(orders.map((o) => o.agent));
  let worst = 0;
  for (const { model } of world.agents) {
    const need = (model.netLoadKW[t]! + (loadShifts.get(model.id) ?? 0)) * dt + (flowOf.get(model.id) ?? 0);
    const s = orderedAgents.has(model.id) ? settlement[model.id] : undefined;
    const got =
      (s ? s.peerBoughtKWh - s.peerSoldKWh + s.gridImportKWh - s.gridExportKWh : 0) + (imbalanceOf.get(model.id) ?? 0) + (tieCuts.get(model.id) ?? 0);
    const residual = need - got;
    if (Math.abs(residual) > CONSERVATION_TOLERANCE * Math.max(1, Math.abs(need))) {
      throw new RunFault(t, model.id, `energy not conserved: needs ${need} kWh, settled ${got} kWh`);
    }
    worst = Math.max(worst, Math.abs(residual));
  }
  return worst;
}

/**
 * Money balance: every payment valid and the ledger (`flows` = netFlows(allPayments)) summing
 * to zero, and every agent's energy payments equal to what the clearing settled. Returns the
 * largest residual.
 */
export function moneyResidual(
  t: number,
  energyPayments: readonly Payment[],
  allPayments: readonly Payment[],
  flows: ReadonlyMap<string, number>,
  settlement: Readonly<Record<string, AgentSettlement>>,
): number {
  const violations = ledgerViolations(allPayments);
  if (violations.length > 0) throw new RunFault(t, "ledger", violations.join("; "));
  let total = 0;
  let moved = 0;
  for (const v of flows.values()) {
    total += v;
    moved += Math.abs(v);
  }
  let worst = Math.abs(total);
  const energyFlows = netFlows(energyPayments);
  for (const [agent, s] of Object.entries(settlement)) {
    const paid = -(energyFlows.get(agent) ?? 0);
    const residual = paid - s.payment;
    if (Math.abs(residual) > CONSERVATION_TOLERANCE * Math.max(1, Math.abs(s.payment))) {
      throw new RunFault(t, agent, `money not conserved: settled ${s.payment}, paid ${paid}`);
    }
    worst = Math.max(worst, Math.abs(residual));
  }
  // Relative to the money moved, as the other checks are: summing flows of 1e16 (a run at the
  // bounds of core/bounds.ts) leaves float noise far above an absolute 1e-6.
  if (Math.abs(total) > CONSERVATION_TOLERANCE * Math.max(1, moved)) throw new RunFault(t, "ledger", `payments do not sum to zero (${total})`);
  return worst;
}

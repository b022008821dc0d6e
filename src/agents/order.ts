import type { RandomStream } from "../core/rng.js";
import type { EnergyOrder } from "../market/types.js";
import type { StepDecision, StepView } from "./types.js";

/** Positions smaller than this, kWh, are no order at all. */
export const POSITION_EPSILON_KWH = 1e-9;

/**
 * The energy order for a step's position, kWh (positive: the agent needs energy; negative:
 * it has energy to place). Limits sit inside the grid spread [λ^s, λ^b], shaded by a uniform
 * draw u times `bidJitter`: a buyer bids λ^b − u·jitter·(λ^b − λ^s), a seller asks
 * λ^s + u·jitter·(λ^b − λ^s). Exactly one number is drawn from `rng` every call, even when
 * the position is zero, so the stream's use never depends on the position. Null when
 * |position| < {@link POSITION_EPSILON_KWH}.
 */
export function orderForPosition(
  agentId: string,
  positionKWh: number,
  tariff: { readonly buy: number; readonly sell: number },
  bidJitter: number,
  rng: RandomStream,
): EnergyOrder | null {
  const u = rng.next();
  if (Math.abs(positionKWh) < POSITION_EPSILON_KWH) return null;
  const shade = u * bidJitter * (tariff.buy - tariff.sell);
  return positionKWh > 0
    ? { agent: agentId, side: "buy", kWh: positionKWh, limit: tariff.buy - shade }
    : { agent: agentId, side: "sell", kWh: -positionKWh, limit: tariff.sell + shade };
}

/**
 * A step decision from a storage choice (and any load moved): the order then carries exactly
 * the position left, `(netLoad + loadShift + c − d)·Δt`, as the engine requires of every strategy.
 */
export function decisionFor(
  agentId: string,
  view: StepView,
  storage: { readonly chargeKW: number; readonly dischargeKW: number },
  bidJitter: number,
  rng: RandomStream,
  loadShiftKW = 0,
): StepDecision {
  const position = (view.netLoadKW + loadShiftKW + storage.chargeKW - storage.dischargeKW) * view.dtHours;
  const order = orderForPosition(agentId, position, view.tariff, bidJitter, rng);
  return loadShiftKW === 0
    ? { chargeKW: storage.chargeKW, dischargeKW: storage.dischargeKW, order }
    : { chargeKW: storage.chargeKW, dischargeKW: storage.dischargeKW, loadShiftKW, order };
}

import { EXTERNAL_ACCOUNT, type EnergyOrder, type Payment } from "../market/types.js";
import { PaymentReason } from "../market/payment-reasons.js";
import type { GridTie } from "../agents/types.js";
import type { Imbalance } from "./imbalance.js";
import { compareIds } from "../core/ids.js";

/**
 * Grid ties the engine enforces (MODEL.md §3, microgrid): everything an agent exchanges — its
 * order and any storage imbalance — passes its point of common coupling, so the engine cuts
 * what exceeds the tie. Import beyond it is load shed, export beyond it is generation spilled;
 * either way the agent's energy balance closes with the cut.
 */

/** What the tie cut from one agent this step, kWh. */
export interface TieCut {
  readonly agent: string;
  /** Load not served because the tie could not import it. */
  readonly shedKWh: number;
  /** Generation thrown away because the tie could not export it. */
  readonly spilledKWh: number;
}

/** The order cut to the tie, and the signed energy cut (+ shed, − spilled), kWh. */
export function orderWithinTie(order: EnergyOrder, tie: GridTie, dtHours: number): { order: EnergyOrder; cutKWh: number } {
  const limitKWh = tie.limitKW * dtHours;
  if (order.kWh <= limitKWh) return { order, cutKWh: 0 };
  const excess = order.kWh - limitKWh;
  return { order: { ...order, kWh: limitKWh }, cutKWh: order.side === "buy" ? excess : -excess };
}

/**
 * Storage imbalances cut so that order + imbalance stays within each agent's tie; `cuts`
 * (signed, + shed) gains what was cut. Only an imbalance pushing the same way as the excess
 * is cut, and never past zero: the order alone is already within the tie.
 */
export function imbalancesWithinTie(
  imbalances: readonly Imbalance[],
  orders: readonly EnergyOrder[],
  tieOf: (agent: string) => GridTie | undefined,
  dtHours: number,
  cuts: Map<string, number>,
): Imbalance[] {
  const orderedKWh = new Map(orders.map((o) => [o.agent, o.side === "buy" ? o.kWh : -o.kWh]));
  const kept: Imbalance[] = [];
  for (const imbalance of imbalances) {
    const tie = tieOf(imbalance.agent);
    const total = (orderedKWh.get(imbalance.agent) ?? 0) + imbalance.kWh;
    const limitKWh = tie ? tie.limitKW * dtHours : Infinity;
    const excess = Math.abs(total) - limitKWh;
    if (excess <= 1e-12 || Math.sign(total) !== Math.sign(imbalance.kWh)) {
      kept.push(imbalance);
      continue;
    }
    const cut = Math.sign(imbalance.kWh) * Math.min(excess, Math.abs(imbalance.kWh));
    cuts.set(imbalance.agent, (cuts.get(imbalance.agent) ?? 0) + cut);
    const left = imbalance.kWh - cut;
    if (Math.abs(left) > 1e-12) kept.push({ agent: imbalance.agent, kWh: left });
  }
  return kept;
}

/** The cuts as logged, sorted by agent: shed and spilled apart. */
export function tieCutRecords(cuts: ReadonlyMap<string, number>): TieCut[] {
  return [...cuts.entries()]
    .filter(([, kWh]) => kWh !== 0)
    .sort(([a], [b]) => compareIds(a, b))
    .map(([agent, kWh]) => ({ agent, shedKWh: Math.max(0, kWh), spilledKWh: Math.max(0, -kWh) }));
}

/** What the shed load costs its agents: shed kWh × their value of lost load, paid to `external`. */
export function loadShedPayments(cuts: readonly TieCut[], ties: ReadonlyMap<string, GridTie>): Payment[] {
  return cuts.flatMap((cut) => {
    const amount = cut.shedKWh * (ties.get(cut.agent)?.valueOfLostLoadPerKWh ?? 0);
    return amount > 0 ? [{ from: cut.agent, to: EXTERNAL_ACCOUNT, amount, reason: PaymentReason.loadShed }] : [];
  });
}

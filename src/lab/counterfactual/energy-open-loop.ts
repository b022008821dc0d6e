import { rentalPeriodSpan } from "../../core/calendar.js";
import { createStream, type RandomStream } from "../../core/rng.js";
import { PaymentReason } from "../../market/payment-reasons.js";
import type { EnergyClearing, EnergyMechanism, Payment } from "../../market/types.js";
import { GRID_ACCOUNT } from "../../market/types.js";
import { gridImportKW } from "../../sim/step-payments.js";
import type { StepBody } from "../../sim/log/step-record.js";
import type { World } from "../../sim/world.js";
import type { LoggedRun } from "./logged-run.js";
import type { StepChange } from "./step-changes.js";

/**
 * Open-loop re-clearing of the energy market (DESIGN.md §5): every step's logged orders are
 * cleared again under another energy mechanism, at the step's tariff from the manifest's
 * scenario, drawing from that mechanism's own seeded stream created as the engine creates it
 * (`mechanism:<name>` under the run's seed, advanced step after step), and settled by the
 * mechanism as the engine settles it (market/energy/settle.ts). The agents are not asked again:
 * the orders, storage flows, imbalances, rental payments, degradation fees and everything else
 * in the step stay as logged. What changes is the clearing's own payments (peer trades and the
 * grid for what is not matched) and, where the tariff has a demand charge, the charge at each
 * period's end, since the peak grid import it is levied on moves with what the peers matched
 * (recomputed as sim/step.ts does).
 */

/** Reasons of the payments an energy clearing makes (market/energy/settle.ts): what it replaces. */
export const ENERGY_CLEARING_REASONS: ReadonlySet<PaymentReason> = new Set([PaymentReason.energyPeer, PaymentReason.energyGridImport, PaymentReason.energyGridExport]);

/** One step cleared again: the clearing and what it changes in the step. */
export interface EnergyReclearing {
  readonly clearing: EnergyClearing;
  readonly change: StepChange;
}

/** The mechanism's stream as the engine creates it (sim/runtime.ts). */
export function energyStreamOf(world: World, mechanism: EnergyMechanism): RandomStream {
  return createStream(world.seed, `mechanism:${mechanism.name}`);
}

/**
 * Re-clears every logged step under `mechanism`, in step order (the stream advances as in a
 * run). Each result's `change` replaces the step's clearing payments and demand charges.
 */
export function reclearEnergy(run: LoggedRun, mechanism: EnergyMechanism): EnergyReclearing[] {
  const { world } = run;
  const rng = energyStreamOf(world, mechanism);
  const dt = world.calendar.stepHours;
  const charged = world.tariff.demandChargePerKW > 0;
  let peaks = new Map<string, number>();
  const out: EnergyReclearing[] = [];
  for (const step of run.steps) {
    const clearing = reclearEnergyStep(world, step, mechanism, rng);
    // Demand charges follow the peak grid import of the period, which the clearing moves.
    if (step.rental) peaks = new Map();
    const demand: Payment[] = [];
    if (charged) {
      for (const [agent, kw] of gridImportKW(clearing.settlement, step.imbalances, dt)) peaks.set(agent, Math.max(peaks.get(agent) ?? 0, kw));
      const { first, length } = rentalPeriodSpan(world.calendar, step.t);
      if (step.t === first + length - 1) {
        for (const [agent, kw] of peaks) {
          const amount = kw * world.tariff.demandChargePerKW;
          if (amount > 0) demand.push({ from: agent, to: GRID_ACCOUNT, amount, reason: PaymentReason.demandCharge });
        }
        peaks = new Map();
      }
    }
    out.push({
      clearing,
      change: {
        t: step.t,
        removed: step.payments.filter((p) => ENERGY_CLEARING_REASONS.has(p.reason) || p.reason === PaymentReason.demandCharge),
        added: [...clearing.payments, ...(charged ? demand : step.payments.filter((p) => p.reason === PaymentReason.demandCharge))],
        energy: { trades: clearing.trades, operatorSurplus: clearing.operatorSurplus },
      },
    });
  }
  return out;
}

/** One logged step's orders cleared by `mechanism` at the step's tariff, drawing from `rng`. */
export function reclearEnergyStep(world: World, step: StepBody, mechanism: EnergyMechanism, rng: RandomStream): EnergyClearing {
  const tariff = { buy: world.buyPrice[step.t]!, sell: world.sellPrice[step.t]! };
  return mechanism.clear({ tariff, orders: step.orders }, { rng });
}

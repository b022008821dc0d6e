import { createStream } from "../../core/rng.js";
import { POSTED } from "../../market/rental/posted.js";
import { PaymentReason } from "../../market/payment-reasons.js";
import type { RentalClearing, RentalContract, RentalMechanism, RentalPrices } from "../../market/types.js";
import type { RentalRecord } from "../../sim/log/step-record.js";
import { loggedRound, NotInLog, type UnloggedPrices } from "./logged-round.js";
import type { LoggedRun } from "./logged-run.js";
import type { StepChange } from "./step-changes.js";

/**
 * Open-loop re-clearing of the rental market: each logged rental round is cleared again under
 * another rental mechanism from what the log holds of the tenants — their logged best-response
 * queries (logged-round.ts) — and the rest of the run is kept as logged. It is an **accounting
 * counterfactual**: the partitions were opened, the tenants planned and dispatched with the
 * capacity they got in the logged run, and none of that is re-made; what changes is the rental
 * payments (rent per tenant, cooperative transfers, the provider's revenue), and the contracts
 * are reported beside the logged ones. The floor top-up and pool release of the provider's
 * unrented pool stay as logged too.
 *
 * Which mechanisms can be re-cleared from which log (every mechanism asks the logged round for
 * what it needs; a question the log cannot answer refuses the counterfactual, naming it):
 * - **posted** at any prices: at prices the log holds best responses for (a posted run's own
 *   prices; the reserve prices, which every ladder of revealed bids ends at), the round is
 *   re-cleared from those answers, rationing included (basis `answers`). At other prices the
 *   tenants' logged quantities are held (basis `held`): each rents what it rented in the
 *   logged round and pays the new prices for it — exactly Δprice × quantity.
 * - **uniform, pay-as-bid, vcg** (bundle bids revealed from best responses,
 *   sim/revealed-bundles.ts): from a log that holds the revelation's queries — a run under
 *   uniform, pay-as-bid or vcg (they reveal the same bundles). A posted, stackelberg or
 *   cooperative log holds other queries, not the no-storage, grid and rationed answers: refused.
 * - **stackelberg**: its price search asks answers at prices of its own choosing, so only a log
 *   holding all of them serves — a stackelberg log with the same parameters whose leader
 *   searched (`meta.method` "search": tenants that are not LPs, or too many). An exact log's
 *   menus were computed from the tenants' LPs, which no log holds: refused.
 * - **cooperative**: never — its coalition optima are solved from the tenants' models, which no
 *   log holds.
 * Refused counterfactuals can be run closed loop (`--closed-loop`): the same scenario and seed
 * under the other mechanism, the agents re-asked.
 */

/** Reasons of the payments a rental clearing makes: what a re-clearing replaces. */
export const RENTAL_CLEARING_REASONS: ReadonlySet<PaymentReason> = new Set([PaymentReason.rental, PaymentReason.cooperativeTransfer]);

/** What each re-cleared round rested on. */
export type RoundBasis = "answers" | "held";

/** One rental round cleared again. */
export interface RoundReclearing {
  readonly period: number;
  /** The step that opened the period. */
  readonly t: number;
  /** `answers`: every query answered from the log; `held`: posted prices the log has no answers at, the logged quantities held. */
  readonly basis: RoundBasis;
  readonly logged: { readonly prices: RentalPrices | null; readonly contracts: readonly RentalContract[] };
  readonly clearing: RentalClearing;
  readonly change: StepChange;
}

/** Why a rental counterfactual cannot be computed open loop from this log. */
export class OpenLoopRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OpenLoopRefused";
  }
}

/**
 * Re-clears every logged rental round under `mechanism` (named `name` in messages), in order,
 * drawing from the mechanism's stream as the engine creates it. Throws {@link OpenLoopRefused}
 * when a round asks for something the log does not hold.
 */
export function reclearRental(run: LoggedRun, mechanism: RentalMechanism): RoundReclearing[] {
  const { world } = run;
  const rng = createStream(world.seed, `mechanism:${mechanism.name}`);
  const tenants = world.agents.map((a) => a.model.id);
  const out: RoundReclearing[] = [];
  for (const step of run.steps) {
    const record = step.rental;
    if (!record) continue;
    let fellBack = false;
    const round = loggedRound(world, step.t, record, fallbackOf(mechanism, record, tenants), (_, source) => {
      if (source === "fallback") fellBack = true;
    });
    let clearing: RentalClearing;
    try {
      clearing = mechanism.clear(round, { rng });
    } catch (error) {
      if (error instanceof NotInLog) throw new OpenLoopRefused(refusal(mechanism.name, record, error));
      throw error;
    }
    out.push({
      period: record.period,
      t: step.t,
      basis: fellBack ? "held" : "answers",
      logged: { prices: record.prices, contracts: record.contracts },
      clearing,
      change: {
        t: step.t,
        removed: step.payments.filter((p) => RENTAL_CLEARING_REASONS.has(p.reason)),
        added: clearing.payments,
        contracts: clearing.contracts,
      },
    });
  }
  return out;
}

/** Posted prices the log has no answers at: each tenant asks for what it rented in the logged round (zeros without a contract). */
function fallbackOf(mechanism: RentalMechanism, record: RentalRecord, tenants: readonly string[]): UnloggedPrices {
  if (mechanism.name !== POSTED) return null;
  const rented = new Map(record.contracts.map((c) => [c.tenant, c]));
  return () => tenants.map((agent) => ({ agent, energyKWh: rented.get(agent)?.energyKWh ?? 0, powerKW: rented.get(agent)?.powerKW ?? 0 }));
}

function refusal(name: string, record: RentalRecord, error: NotInLog): string {
  const what =
    record.iterations.length === 0
      ? `the log of period ${record.period} (rental ${record.mechanism}) holds no best-response queries`
      : `the log of period ${record.period} (rental ${record.mechanism}) holds ${record.iterations.length} best-response ${record.iterations.length === 1 ? "query" : "queries"}`;
  return (
    `rental ${name} cannot be re-cleared open loop from this log: it asks for ${error.message.replace(/, which the log of period \d+ does not hold$/, "")}, and ${what}. ` +
    "Open loop re-clears posted at any prices, uniform, pay-as-bid and vcg from a log of revealed bundles (a run under uniform, pay-as-bid or vcg), " +
    "stackelberg only from its own log when its leader searched (tenants not solved exactly as LPs), cooperative never; --closed-loop runs the scenario under it instead"
  );
}

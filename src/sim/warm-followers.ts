import { createPersistentLp, type PersistentLp } from "../core/persistent-lp.js";
import type { CapacityChoice } from "../agents/types.js";
import type { FollowerLp, RentalPrices } from "../market/types.js";
import { AgentHandlerError } from "./agent-bus.js";

/**
 * Warm-started best responses of a rental round's LP tenants: one persistent HiGHS model per
 * tenant for the round (persistent-lp.ts), loaded from the tenant's own period LP
 * (Strategy.periodLp). Between price queries only the objective coefficients of E and P change,
 * so each query re-solves from the last optimal basis. The round disposes the models when it
 * ends (`dispose`), whatever happens, since WebAssembly memory is never garbage-collected.
 *
 * An answer is read as the strategy reads its own cold solve (lp-optimal.ts, periodPlanOf):
 * E and P cleaned of solver noise (negatives → 0) and capped at what is on offer. Cold and warm
 * solves agree to solver tolerance wherever the tenant has one best response; where it is
 * indifferent between several (at a price where its choice changes), either may name any of them.
 */

/** The LP tenants of one round, answering price queries warm. */
export interface WarmFollowers {
  /** Each LP tenant's best response to `prices`, by agent id. */
  respond(prices: RentalPrices): Map<string, CapacityChoice>;
  /** Frees every model; idempotent. */
  dispose(): void;
}

interface Follower {
  readonly agent: string;
  readonly model: PersistentLp;
  readonly energy: number;
  readonly power: number;
  /** Rent-free objective coefficients of E and P (0 for the period LPs: rent is all they carry). */
  readonly baseCost: { readonly energy: number; readonly power: number };
  /** Upper bounds of E (kWh) and P (kW): what is on offer. */
  readonly cap: { readonly energy: number; readonly power: number };
}

/** Sum of a variable's objective coefficients in `lp`. */
function costOf(lp: FollowerLp["lp"], name: string): number {
  return lp.objective.reduce((sum, t) => (t.variable === name ? sum + t.coefficient : sum), 0);
}

/** Upper bound of a variable in `lp`. */
function upperOf(lp: FollowerLp["lp"], name: string): number {
  const v = lp.variables.find((x) => x.name === name);
  if (!v) throw new Error(`follower LP: no variable ${name}`);
  return v.upper;
}

/** Loads one persistent model per follower; on a failure, the models already loaded are freed. */
export function createWarmFollowers(lps: readonly FollowerLp[]): WarmFollowers {
  const followers: Follower[] = [];
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    for (const f of followers) f.model.dispose();
  };
  try {
    for (const f of lps) {
      if (f.lp.sense !== "minimize") throw new Error(`follower LP of ${f.agent}: not a minimisation`);
      const model = createPersistentLp(f.lp);
      followers.push({
        agent: f.agent,
        model,
        energy: model.column(f.energy),
        power: model.column(f.power),
        baseCost: { energy: costOf(f.lp, f.energy), power: costOf(f.lp, f.power) },
        cap: { energy: upperOf(f.lp, f.energy), power: upperOf(f.lp, f.power) },
      });
    }
  } catch (error) {
    dispose();
    throw error;
  }
  const answer = (f: Follower, prices: RentalPrices): CapacityChoice => {
    f.model.setCost(f.energy, f.baseCost.energy + prices.cE);
    f.model.setCost(f.power, f.baseCost.power + prices.cP);
    let result = f.model.run();
    if (result.status !== "Optimal") {
      // A warm start that ends badly is retried cold before it counts as a failure.
      f.model.forgetBasis();
      result = f.model.solve();
    }
    const energyKWh = Math.min(Math.max(0, result.values[f.energy]!), f.cap.energy);
    const powerKW = Math.min(Math.max(0, result.values[f.power]!), f.cap.power);
    return { energyKWh, powerKW, expectedCost: result.objective };
  };
  return {
    respond(prices: RentalPrices): Map<string, CapacityChoice> {
      if (disposed) throw new Error("warm followers: used after dispose");
      const answers = new Map<string, CapacityChoice>();
      for (const f of followers) {
        try {
          answers.set(f.agent, answer(f, prices));
        } catch (error) {
          throw new AgentHandlerError(f.agent, error);
        }
      }
      return answers;
    },
    dispose,
  };
}

import type { EnergyOrder, EnergyTrade, Payment, RentalContract, RentalPrices, RentalRequest } from "../../market/types.js";
import type { Curtailment, DispatchRequest, TenantFlow } from "../../storage/types.js";
import type { EquilibriumStatus } from "../equilibrium.js";
import type { TieCut } from "../grid-tie.js";
import type { Imbalance } from "../imbalance.js";

/**
 * One line of steps.jsonl (DESIGN.md §5). Everything needed to audit the step, and the
 * orders needed to re-clear it under another mechanism, with the hash chain. Every field here
 * is hashed: what may change a hash, and how a field is added without changing one, is the rule
 * in ./index.ts.
 */

/** One best-response query of a rental round: the prices asked and the tenants' answers. */
export interface RentalIteration {
  readonly prices: RentalPrices;
  readonly requests: readonly RentalRequest[];
  /** What the provider would earn at these prices: price × requested quantity, capped at the offer. */
  readonly leaderRevenue: number;
  /**
   * Absent on a plain price query. `no-storage`: asked with no capacity on offer (each tenant's
   * cost without storage, for bundle values); `rationed`: asked with each tenant's E and P capped
   * at a pro-rata share of its demand at these prices (sim/revealed-bundles.ts).
   */
  readonly query?: "no-storage" | "rationed";
}

/** The rental round that opened a period. */
export interface RentalRecord {
  readonly period: number;
  readonly mechanism: string;
  readonly prices: RentalPrices | null;
  readonly iterations: readonly RentalIteration[];
  readonly contracts: readonly RentalContract[];
  /** Energy the provider bought to restore the unrented pool's floor, kWh. */
  readonly floorTopUpKWh: number;
  /** Energy the provider sold to the grid because the unrented pool was above its ceiling, kWh. */
  readonly poolReleaseKWh: number;
  /** Repeated play: movement since the last period and whether the run has converged. */
  readonly equilibrium: EquilibriumStatus;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** The content of a completed step. */
export interface StepBody {
  readonly kind: "step";
  readonly t: number;
  readonly time: string;
  readonly rental?: RentalRecord;
  readonly storageRequests: readonly DispatchRequest[];
  /** Load moved by agents' own flexibility this step, kW, by agent (only agents that moved any). */
  readonly loadShifts: Readonly<Record<string, number>>;
  /** Strategy states that changed this step (a new plan, a learning update), by agent. */
  readonly strategyStates: Readonly<Record<string, unknown>>;
  readonly orders: readonly EnergyOrder[];
  readonly clearing: {
    readonly mechanism: string;
    readonly prices: Readonly<Record<string, number>>;
    readonly trades: readonly EnergyTrade[];
    readonly operatorSurplus: number;
    readonly meta: Readonly<Record<string, unknown>>;
  };
  readonly dispatch: {
    readonly flows: readonly TenantFlow[];
    readonly curtailments: readonly Curtailment[];
    readonly netPhysicalKW: number;
    readonly lossesKWh: number;
    readonly throughputKWh: number;
    readonly degradationCost: number;
    readonly unrentedStoredKWh: number;
    /** The provider's arbitrage flow on its unrented pool; present only when arbitrage is on. */
    readonly poolFlow?: { readonly chargeKW: number; readonly dischargeKW: number };
  };
  readonly imbalances: readonly Imbalance[];
  /** What grid ties cut (load shed, generation spilled); present only in a step that cut any. */
  readonly gridTieCuts?: readonly TieCut[];
  readonly payments: readonly Payment[];
  /** Conservation residuals, all ≈ 0 (a violation stops the run). */
  readonly checks: { readonly energyResidualKWh: number; readonly storageResidualKWh: number; readonly moneyResidual: number };
  /** SHA-256 of the canonical state after the step. */
  readonly stateDigest: string;
}

/** The content of the record that ends a failed run. */
export interface ErrorBody {
  readonly kind: "error";
  readonly t: number;
  readonly time: string;
  readonly error: { readonly agent: string; readonly message: string };
}

/** Either body, chained by `prevHash` and `hash` (sealRecord, the rule in ./index.ts). */
export type LogRecord = (StepBody | ErrorBody) & { readonly prevHash: string; readonly hash: string };

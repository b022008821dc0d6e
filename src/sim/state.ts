import type { RentalContract } from "../market/types.js";
import type { StorageState } from "../storage/types.js";
import type { ArbitragePlan } from "../agents/provider-arbitrage.js";
import type { EquilibriumTrack } from "./equilibrium.js";

/**
 * What changes during a run. One immer `produce` per step turns a state into the next;
 * everything else a step needs is fixed in the World.
 */
export interface SimState {
  /** The next step to run. */
  readonly t: number;
  readonly storage: StorageState;
  /** Contracts of the current rental period, sorted by tenant. */
  readonly contracts: readonly RentalContract[];
  /** Each strategy's own state, by agent id (GSy-e style: state apart from logic). */
  readonly strategyStates: Readonly<Record<string, unknown>>;
  /** Ledger balances by account: money received minus money paid since the run began. */
  readonly balances: Readonly<Record<string, number>>;
  /** Peak grid import of each agent in the current rental period, kW (for demand charges). */
  readonly peakImportKW: Readonly<Record<string, number>>;
  /** Repeated play: what the last rental round cleared and how long it has been stable. */
  readonly equilibrium?: EquilibriumTrack;
  /** The provider's arbitrage plan for the current period; absent when arbitrage is off. */
  readonly arbitrage?: ArbitragePlan;
  /** The latest clearing prices, as agents may see them. */
  readonly lastClearing: { readonly energyPrice?: number; readonly cE?: number; readonly cP?: number };
}

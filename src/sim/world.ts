import type { ReadInput } from "../core/input-source.js";
import type { Calendar } from "../core/calendar.js";
import type { Tariff, TariffBand } from "../core/tariff.js";
import type { AgentModel, Strategy, StoragePhysics } from "../agents/types.js";
import type { ForecastSpec } from "../agents/index.js";
import type { ProviderTerms } from "../agents/storage-provider.js";
import type { EnergyMechanism, RentalMechanism, RentalOffer } from "../market/types.js";
import type { StorageSpec } from "../storage/types.js";
import type { ConvergenceRule } from "./equilibrium.js";

/**
 * Everything fixed about a run, built once from a validated scenario (lab/build-world.ts): the clock, prices per
 * step, the storage, the agents' physical models and strategies, and the mechanisms.
 * Nothing here changes while the run goes on; what changes lives in `SimState`.
 */
export interface World {
  /** The resolved scenario, as logged in the manifest and bound to the hash chain. */
  readonly scenario: unknown;
  /** Root seed of every random stream. */
  readonly seed: string;
  readonly calendar: Calendar;
  readonly tariff: Tariff;
  /** λ^b per step. */
  readonly buyPrice: Float64Array;
  /** λ^s per step. */
  readonly sellPrice: Float64Array;
  readonly band: readonly TariffBand[];
  /** Whether a peak-band step follows step t within its rental period. */
  readonly peakAhead: readonly boolean[];
  readonly storage: StorageSpec;
  readonly storagePhysics: StoragePhysics;
  readonly providerId: string;
  readonly offer: RentalOffer;
  /** The provider's annualised capex, O&M, the unit fixed cost of a battery and the floor prices (MODEL.md §2). */
  readonly providerEconomics: ProviderTerms;
  /** Whether the provider trades its unrented capacity against the grid (agents/provider-arbitrage.ts). */
  readonly providerArbitrage: boolean;
  /** Consumer agents, sorted by id. */
  readonly agents: readonly ConsumerAgent[];
  readonly energyMechanism: EnergyMechanism;
  readonly rentalMechanism: RentalMechanism;
  /** When repeated play counts as converged. */
  readonly convergence: ConvergenceRule;
  /** The input files (CSV profiles) the world was built from; a run folder keeps a copy of each. Absent: none. */
  readonly inputFiles?: readonly ReadInput[];
}

/** A consumer agent: its physical model and how it decides. */
export interface ConsumerAgent {
  readonly model: AgentModel;
  readonly strategy: Strategy;
  readonly bidJitter: number;
  /** How the agent forecasts its period ahead; perfect when absent. */
  readonly forecast?: ForecastSpec;
}


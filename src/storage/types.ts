/**
 * Types of the shared storage (MODEL.md §2). A physical battery owned by the provider, cut
 * into tenant partitions (E_i, P_i), each with its own virtual state of charge e_i.
 */

/** How tenants' flows meet the physical power rating. */
export type StorageMode = "partitioned" | "pooled";

/** The physical asset. Fractions are of the rated energy; σ is per step. */
export interface StorageSpec {
  /** E^max, kWh. */
  readonly energyKWh: number;
  /** P^max, kW. */
  readonly powerKW: number;
  /** η_c, charge efficiency (0, 1]. */
  readonly etaCharge: number;
  /** η_d, discharge efficiency (0, 1]. */
  readonly etaDischarge: number;
  /** σ, fraction of stored energy lost per step. */
  readonly selfDischargePerStep: number;
  /** s_min, lowest state of charge as a fraction of capacity. */
  readonly socMin: number;
  /** s_max, highest state of charge as a fraction of capacity. */
  readonly socMax: number;
  /** c_deg, currency per kWh of throughput (charge + discharge at the terminals). */
  readonly degradationCostPerKWh: number;
  /** partitioned: ΣP_i ≤ P^max; pooled: only the net flow is limited. */
  readonly mode: StorageMode;
}

/** A tenant's rented slice and its virtual energy. */
export interface Partition {
  readonly tenant: string;
  /** E_i, rented energy capacity, kWh. */
  readonly rentedEnergyKWh: number;
  /** P_i, rented power, kW. */
  readonly rentedPowerKW: number;
  /** e_i, energy the tenant has stored, kWh. */
  readonly storedKWh: number;
}

/** Physical storage state: Σ e_i + unrented energy = physical energy. */
export interface StorageState {
  /** Open partitions, sorted by tenant id. */
  readonly partitions: readonly Partition[];
  /** Energy held outside any partition (the provider's), kWh. */
  readonly unrentedStoredKWh: number;
}

/** What a tenant asks of its partition this step (powers at the grid side, kW). */
export interface DispatchRequest {
  readonly tenant: string;
  readonly chargeKW: number;
  readonly dischargeKW: number;
}

/**
 * What the provider asks of its unrented pool this step (arbitrage against the grid), powers at
 * the grid side, kW. It may use at most `powerKW` (power nobody rented) and the pool's own SOC
 * band s_min..s_max of the unrented capacity E^max − ΣE_i; it never takes a tenant's power.
 */
export interface PoolRequest {
  /** The provider's id: cuts of its flow are recorded under it. */
  readonly owner: string;
  readonly chargeKW: number;
  readonly dischargeKW: number;
  readonly powerKW: number;
}

/** Why a request was cut. */
export type CurtailmentReason = "partition-power" | "partition-soc" | "physical-power" | "no-partition";

/** A cut of one tenant's charge or discharge, with the reason. */
export interface Curtailment {
  readonly tenant: string;
  readonly side: "charge" | "discharge";
  readonly requestedKW: number;
  readonly grantedKW: number;
  readonly reason: CurtailmentReason;
}

/** What actually happened to one tenant's partition in a step. */
export interface TenantFlow {
  readonly tenant: string;
  readonly chargeKW: number;
  readonly dischargeKW: number;
  /** e_i after the step, kWh. */
  readonly storedKWh: number;
  /** Conversion and self-discharge losses of the partition this step, kWh. */
  readonly lossesKWh: number;
}

/** The outcome of one step's dispatch. */
export interface DispatchResult {
  readonly state: StorageState;
  /** One entry per open partition and per requester (all zeros if it has no partition), sorted by tenant id. */
  readonly flows: readonly TenantFlow[];
  /** Every cut, in the order the rules applied them (partition rules first, then physical). */
  readonly curtailments: readonly Curtailment[];
  /** The unrented pool's flow after cuts; present only when a pool request was made. */
  readonly poolFlow?: { readonly chargeKW: number; readonly dischargeKW: number };
  /** Σ(c_i − d_i) after curtailment (the pool's flow included), kW: what the physical battery sees. */
  readonly netPhysicalKW: number;
  /** All losses of the step (partitions and unrented energy), kWh. */
  readonly lossesKWh: number;
  /** Σ(c_i + d_i)·Δt, kWh. */
  readonly throughputKWh: number;
  /** c_deg × throughput, currency. */
  readonly degradationCost: number;
  /** energy in − energy out − losses − Δstored, kWh: zero up to rounding (energy conservation). */
  readonly energyResidualKWh: number;
}

/** A tenant's new contract as it opens its partition. */
export interface PartitionContract {
  readonly tenant: string;
  readonly rentedEnergyKWh: number;
  readonly rentedPowerKW: number;
}

/**
 * Opening and closing tenant partitions at rental-period boundaries (MODEL.md §2).
 */
import { compareIds } from "../core/ids.js";
import type { Partition, PartitionContract, StorageSpec, StorageState } from "./types.js";

/**
 * Slack on ΣE_i ≤ E^max and ΣP_i ≤ P^max, relative (absolute below 1): a mechanism that hands
 * out exactly the whole battery in several pieces may overshoot by a rounding error.
 */
const RATING_SLACK = 1e-9;

function exceeds(sum: number, rating: number): boolean {
  return sum > rating + RATING_SLACK * Math.max(1, Math.abs(rating));
}

/** A battery before any rental: no partitions, the provider holds s_min·E^max. */
export function initialStorageState(spec: StorageSpec): StorageState {
  return { partitions: [], unrentedStoredKWh: spec.socMin * spec.energyKWh };
}

/** The state after a rental round, and the energy the provider moved to keep its pool in bounds. */
export interface OpenPartitionsResult {
  readonly state: StorageState;
  /** Energy bought from the grid to lift the unrented pool to s_min·(E^max − ΣE_i), kWh (≥ 0). */
  readonly floorTopUpKWh: number;
  /** Energy released to the grid to bring the unrented pool down to s_max·(E^max − ΣE_i), kWh (≥ 0). */
  readonly excessReleaseKWh: number;
}

/**
 * Replaces every partition by the new contracts; called at the start of each rental period.
 *
 * Rule: every old partition closes and its energy returns to the unrented pool (energy a
 * tenant left above its floor is not compensated). Each contract with E_i > 0 opens a
 * partition seeded with s_min·E_i taken from the pool; contracts with E_i = 0 open nothing
 * but still count towards ΣP_i. Partitions come out sorted by tenant id. If the pool then
 * holds less than s_min·(E^max − ΣE_i), the provider tops it up from the grid to exactly
 * that floor and `floorTopUpKWh` says how much (the engine bills it). If it holds more than
 * s_max·(E^max − ΣE_i) — closed partitions returned more than the unrented slice can hold —
 * the provider releases the excess to the grid and `excessReleaseKWh` says how much (the
 * engine credits it). Without that release, new partitions charging to s_max·E_i could push
 * the physical energy past s_max·E^max. Both amounts are stored energy: no conversion loss.
 *
 * Throws a plain Error (the engine turns it into a run fault) when a tenant appears twice,
 * an E_i or P_i is not a finite number ≥ 0, ΣE_i > E^max, or — partitioned mode only —
 * ΣP_i > P^max (pooled mode may oversell power). Sums may exceed a rating by 1e-9 relative.
 */
export function openPartitions(
  spec: StorageSpec,
  state: StorageState,
  contracts: readonly PartitionContract[],
): OpenPartitionsResult {
  validateContracts(spec, contracts);
  const returned = state.partitions.reduce((sum, p) => sum + p.storedKWh, 0);
  const opened: Partition[] = contracts
    .filter((c) => c.rentedEnergyKWh > 0)
    .map((c) => ({
      tenant: c.tenant,
      rentedEnergyKWh: c.rentedEnergyKWh,
      rentedPowerKW: c.rentedPowerKW,
      storedKWh: spec.socMin * c.rentedEnergyKWh,
    }))
    .sort((a, b) => compareIds(a.tenant, b.tenant));
  const rented = opened.reduce((sum, p) => sum + p.rentedEnergyKWh, 0);
  const seeded = opened.reduce((sum, p) => sum + p.storedKWh, 0);
  const pool = state.unrentedStoredKWh + returned - seeded;
  // Within the rounding slack ΣE_i may pass E^max; the bounds are never negative.
  const unrented = Math.max(0, spec.energyKWh - rented);
  const floor = spec.socMin * unrented;
  const ceiling = spec.socMax * unrented;
  const bounded = Math.min(Math.max(pool, floor), ceiling);
  return {
    state: { partitions: opened, unrentedStoredKWh: bounded },
    floorTopUpKWh: pool < floor ? bounded - pool : 0,
    excessReleaseKWh: pool > ceiling ? pool - bounded : 0,
  };
}

function validateContracts(spec: StorageSpec, contracts: readonly PartitionContract[]): void {
  const seen = new Set<string>();
  let energy = 0;
  let power = 0;
  for (const c of contracts) {
    if (seen.has(c.tenant)) throw new Error(`openPartitions: tenant "${c.tenant}" has more than one contract`);
    seen.add(c.tenant);
    requireNonNegative(c.rentedEnergyKWh, `tenant "${c.tenant}" rentedEnergyKWh`);
    requireNonNegative(c.rentedPowerKW, `tenant "${c.tenant}" rentedPowerKW`);
    energy += c.rentedEnergyKWh;
    power += c.rentedPowerKW;
  }
  if (exceeds(energy, spec.energyKWh)) {
    throw new Error(`openPartitions: rented energy ΣE_i = ${energy} kWh exceeds E^max = ${spec.energyKWh} kWh`);
  }
  if (spec.mode === "partitioned" && exceeds(power, spec.powerKW)) {
    throw new Error(
      `openPartitions: rented power ΣP_i = ${power} kW exceeds P^max = ${spec.powerKW} kW (partitioned mode)`,
    );
  }
}

function requireNonNegative(value: number, what: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new Error(`openPartitions: ${what} must be a finite number ≥ 0, got ${String(value)}`);
  }
}

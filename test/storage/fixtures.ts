/** Small builders shared by the storage tests (not a test file itself). */
import type { Partition, StorageSpec, StorageState } from "../../src/storage/index.js";

/** A lossless 100 kWh / 50 kW pooled battery with SOC bounds [0, 1]; tests override what they exercise. */
export function spec(overrides: Partial<StorageSpec> = {}): StorageSpec {
  return {
    energyKWh: 100,
    powerKW: 50,
    etaCharge: 1,
    etaDischarge: 1,
    selfDischargePerStep: 0,
    socMin: 0,
    socMax: 1,
    degradationCostPerKWh: 0,
    mode: "pooled",
    ...overrides,
  };
}

/** A partition (E_i, P_i) holding e_i. */
export function part(tenant: string, rentedEnergyKWh: number, rentedPowerKW: number, storedKWh: number): Partition {
  return { tenant, rentedEnergyKWh, rentedPowerKW, storedKWh };
}

/** A state from partitions (sorted by the caller) and the unrented energy. */
export function stateOf(partitions: Partition[], unrentedStoredKWh = 0): StorageState {
  return { partitions, unrentedStoredKWh };
}

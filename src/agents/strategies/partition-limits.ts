import type { HeldCapacity, StoragePhysics } from "../types.js";

/** How much a partition can charge and discharge this step without leaving its SOC bounds. */
export interface PartitionLimits {
  /** Most charge power at the grid side, kW. */
  readonly maxChargeKW: number;
  /** Most discharge power at the grid side, kW. */
  readonly maxDischargeKW: number;
}

/**
 * The partition's limits this step, from e' = (1−σ)e + η_c·c·Δt − d·Δt/η_d and
 * s_min·E ≤ e' ≤ s_max·E: charge ≤ (s_max·E − (1−σ)e)/(η_c·Δt), discharge ≤ ((1−σ)e − s_min·E)·η_d/Δt,
 * both within [0, P]. Each limit alone keeps e' in bounds, and so does any mix of the two,
 * since charging and discharging push e' in opposite directions.
 */
export function partitionLimits(
  capacity: HeldCapacity,
  storedKWh: number,
  storage: StoragePhysics,
  dtHours: number,
): PartitionLimits {
  if (capacity.energyKWh <= 0 || capacity.powerKW <= 0) return { maxChargeKW: 0, maxDischargeKW: 0 };
  const decayed = (1 - storage.selfDischargePerStep) * storedKWh;
  const room = (storage.socMax * capacity.energyKWh - decayed) / (storage.etaCharge * dtHours);
  const available = ((decayed - storage.socMin * capacity.energyKWh) * storage.etaDischarge) / dtHours;
  return {
    maxChargeKW: clamp(room, 0, capacity.powerKW),
    maxDischargeKW: clamp(available, 0, capacity.powerKW),
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

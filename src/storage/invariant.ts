/**
 * The storage invariant (MODEL.md §2), checked every step: physical energy = Σe_i + unrented,
 * within bounds. A non-empty answer is a run fault, not a warning (DESIGN.md §6).
 */
import { compareIds } from "../core/ids.js";
import type { StorageSpec, StorageState } from "./types.js";

/**
 * Lists every way `state` breaks the storage invariant; empty when it holds. Each message
 * names the tenant and field. Checks: partitions sorted by tenant with no duplicates; each
 * E_i, P_i finite ≥ 0; each e_i finite and in [−tol, s_max·E_i + tol]; ΣE_i ≤ E^max + tol;
 * partitioned mode ΣP_i ≤ P^max + tol; unrented finite and ≥ −tol; physical energy
 * Σe_i + unrented ≤ s_max·E^max + tol. e_i may sit below s_min·E_i: self-discharge may drift it
 * there and only a rental round restores it.
 */
export function storageInvariantViolations(spec: StorageSpec, state: StorageState, tolerance = 1e-6): string[] {
  const issues: string[] = [];
  let energy = 0;
  let power = 0;
  let stored = 0;
  state.partitions.forEach((p, i) => {
    const previous = state.partitions[i - 1];
    if (previous !== undefined && compareIds(previous.tenant, p.tenant) >= 0) {
      issues.push(`partitions[${i}] tenant "${p.tenant}": not strictly after "${previous.tenant}" (sorted, unique)`);
    }
    const who = `tenant "${p.tenant}"`;
    const energyValid = Number.isFinite(p.rentedEnergyKWh) && p.rentedEnergyKWh >= 0;
    if (!energyValid) issues.push(`${who} rentedEnergyKWh = ${p.rentedEnergyKWh}: must be finite and ≥ 0`);
    if (!(Number.isFinite(p.rentedPowerKW) && p.rentedPowerKW >= 0)) {
      issues.push(`${who} rentedPowerKW = ${p.rentedPowerKW}: must be finite and ≥ 0`);
    }
    const cap = spec.socMax * p.rentedEnergyKWh;
    if (!Number.isFinite(p.storedKWh)) issues.push(`${who} storedKWh = ${p.storedKWh}: must be finite`);
    else if (p.storedKWh < -tolerance) issues.push(`${who} storedKWh = ${p.storedKWh}: below 0`);
    // A broken E_i is already reported; its cap would only repeat it.
    else if (energyValid && p.storedKWh > cap + tolerance) issues.push(`${who} storedKWh = ${p.storedKWh}: above s_max·E_i = ${cap}`);
    energy += p.rentedEnergyKWh;
    power += p.rentedPowerKW;
    stored += p.storedKWh;
  });
  if (energy > spec.energyKWh + tolerance) {
    issues.push(`partitions rentedEnergyKWh: ΣE_i = ${energy} exceeds E^max = ${spec.energyKWh}`);
  }
  if (spec.mode === "partitioned" && power > spec.powerKW + tolerance) {
    issues.push(`partitions rentedPowerKW: ΣP_i = ${power} exceeds P^max = ${spec.powerKW} (partitioned mode)`);
  }
  const pool = state.unrentedStoredKWh;
  if (!Number.isFinite(pool)) issues.push(`unrentedStoredKWh = ${pool}: must be finite`);
  else if (pool < -tolerance) issues.push(`unrentedStoredKWh = ${pool}: below 0`);
  const physical = stored + pool;
  const physicalCap = spec.socMax * spec.energyKWh;
  if (physical > physicalCap + tolerance) {
    issues.push(`physical energy Σe_i + unrentedStoredKWh = ${physical} exceeds s_max·E^max = ${physicalCap}`);
  }
  return issues;
}

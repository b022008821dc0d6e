import type { OwnBattery } from "./flexibility.js";

/**
 * The physics of batteries an agent owns behind its meter (a VPP's, a household's). Their
 * energy is never in the model: strategies keep it in their state (so it is logged and
 * replayed), and their net charge goes to the engine as load shift.
 *
 * Battery dynamics, the same in the LP (strategies/portfolio-lp.ts) and here:
 * s' = s + √η·c·Δt − d·Δt/√η, 0 ≤ s ≤ E, c, d ≤ P.
 */

/** Each battery's energy at the start of the run, kWh. */
export function initialBatteryKWh(flex: { readonly batteries: readonly OwnBattery[] }): number[] {
  return flex.batteries.map((b) => b.initialSoc * b.energyKWh);
}

/**
 * One battery's step at a requested net charge `netKW` (> 0 charge, < 0 discharge), clamped to
 * its power and to what its energy `storedKWh` allows; returns the net charge done and the energy after.
 */
export function batteryStep(b: OwnBattery, storedKWh: number, netKW: number, dtHours: number): { netKW: number; storedKWh: number } {
  const eta = Math.sqrt(b.efficiency);
  if (netKW > 0) {
    const c = Math.max(0, Math.min(netKW, b.powerKW, (b.energyKWh - storedKWh) / (eta * dtHours)));
    return { netKW: c, storedKWh: Math.min(b.energyKWh, storedKWh + eta * c * dtHours) };
  }
  if (netKW < 0) {
    const d = Math.max(0, Math.min(-netKW, b.powerKW, (storedKWh * eta) / dtHours));
    return { netKW: d === 0 ? 0 : -d, storedKWh: Math.max(0, storedKWh - (d * dtHours) / eta) };
  }
  return { netKW: 0, storedKWh };
}

/** What the own batteries did in a step: their summed net charge (the load shift, kW) and each one's energy after, kWh. */
export interface BatteriesStep {
  readonly shiftKW: number;
  readonly storedKWh: number[];
}

/**
 * Steps every battery in turn: battery k is asked for `requestKW(k, shiftSoFar)` (shiftSoFar =
 * `startShiftKW` plus the net charge of batteries 0…k−1) and does what {@link batteryStep}
 * allows. `storedKWh` null means every battery at its initial SOC. The shift returned is
 * `startShiftKW` + Σ_k net charge, summed in that order (so a VPP's load shift adds up exactly
 * as it always has) and not rounded: callers drop rounding noise.
 */
export function stepBatteries(
  batteries: readonly OwnBattery[],
  storedKWh: readonly number[] | null,
  requestKW: (k: number, shiftSoFarKW: number) => number,
  dtHours: number,
  startShiftKW = 0,
): BatteriesStep {
  const before = storedKWh ?? initialBatteryKWh({ batteries });
  let shiftKW = startShiftKW;
  const after = batteries.map((b, k) => {
    const step = batteryStep(b, before[k] ?? b.initialSoc * b.energyKWh, requestKW(k, shiftKW), dtHours);
    shiftKW += step.netKW;
    return step.storedKWh;
  });
  return { shiftKW, storedKWh: after };
}

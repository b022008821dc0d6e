import type { Calendar } from "../calendar.js";
import { localClock, localHourMid } from "../calendar.js";
import { normalDraw, type RandomStream } from "../rng.js";

/**
 * Correlated Gaussian noise shared by the profile generators: a stationary AR(1) process, so
 * consecutive steps move together the way measured loads and wind speeds do.
 */

/**
 * `steps` draws of a stationary AR(1) process with unit variance and lag-one correlation `rho`
 * (0 ≤ rho < 1). Draws exactly one normal per step, so the stream's use depends only on `steps`.
 */
export function ar1Noise(steps: number, rho: number, rng: RandomStream): Float64Array {
  const out = new Float64Array(steps);
  const innovation = Math.sqrt(1 - rho * rho);
  let z = 0;
  for (let t = 0; t < steps; t++) {
    // The first value comes from the stationary law, so the series has no warm-up transient.
    z = t === 0 ? normalDraw(rng) : rho * z + innovation * normalDraw(rng);
    out[t] = z;
  }
  return out;
}

/** Lag-one correlation for a step of `stepHours`, given the correlation over one hour. */
export function correlationPerStep(hourlyRho: number, stepHours: number): number {
  return Math.pow(hourlyRho, stepHours);
}

/**
 * A load profile, kW, from a weekly shape: meanKW × shape(local hour, weekend) × (1 + sd ·
 * AR(1) noise with hourly correlation rhoHourly), never negative. `shape` has mean 1 over a
 * week. Draws one normal per step from `rng`.
 */
export function weeklyShapedLoad(
  meanKW: number,
  shape: (hour: number, weekend: boolean) => number,
  calendar: Calendar,
  rng: RandomStream,
  noise: { readonly sd: number; readonly rhoHourly: number },
): Float64Array {
  const draws = ar1Noise(calendar.steps, correlationPerStep(noise.rhoHourly, calendar.stepHours), rng);
  const out = new Float64Array(calendar.steps);
  for (let t = 0; t < calendar.steps; t++) {
    out[t] = Math.max(0, meanKW * shape(localHourMid(calendar, t), localClock(calendar, t).weekend) * (1 + noise.sd * draws[t]!));
  }
  return out;
}

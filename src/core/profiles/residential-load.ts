import type { Calendar } from "../calendar.js";
import { localHourMid } from "../calendar.js";
import type { RandomStream } from "../rng.js";
import { ar1Noise, correlationPerStep } from "./noise.js";

/** Parameters of the household load generator. */
export interface ResidentialLoadParams {
  /** Mean load over a day, kW. */
  readonly meanKW: number;
}

/** Relative standard deviation of the noise around the daily shape (households are noisy). */
const NOISE_SD = 0.15;
/** Hour-to-hour correlation of the noise: appliances run for longer than one hour. */
const NOISE_RHO_HOURLY = 0.6;

/** Circular distance between two hours of the day. */
function hourGap(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}

function bump(hour: number, centre: number, width: number): number {
  return Math.exp(-0.5 * (hourGap(hour, centre) / width) ** 2);
}

/** Unnormalised daily shape: base load, a morning peak near 07:30 and a larger evening peak near 19:30. */
function rawShape(hour: number): number {
  return 0.55 + 0.6 * bump(hour, 7.5, 1.5) + 1.0 * bump(hour, 19.5, 2);
}

/** Mean of the raw shape over a day, found once numerically so the shape has mean exactly 1. */
const RAW_MEAN = (() => {
  const n = 24 * 600;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += rawShape(((i + 0.5) * 24) / n);
  return sum / n;
})();

/** The household's daily shape at a local hour, with mean 1 over the day. */
export function residentialShape(hour: number): number {
  return rawShape(hour) / RAW_MEAN;
}

/**
 * A household load profile, kW, one value per step: the daily shape (morning and evening
 * peaks) × meanKW × (1 + correlated noise), never negative. The noise has mean zero and is
 * clipped only far in its tail, so the mean stays at meanKW.
 */
export function residentialLoad(params: ResidentialLoadParams, calendar: Calendar, rng: RandomStream): Float64Array {
  const noise = ar1Noise(calendar.steps, correlationPerStep(NOISE_RHO_HOURLY, calendar.stepHours), rng);
  const out = new Float64Array(calendar.steps);
  for (let t = 0; t < calendar.steps; t++) {
    const shape = residentialShape(localHourMid(calendar, t));
    out[t] = Math.max(0, params.meanKW * shape * (1 + NOISE_SD * noise[t]!));
  }
  return out;
}

import type { Calendar } from "../calendar.js";
import { localClock, localHourMid } from "../calendar.js";
import type { RandomStream } from "../rng.js";
import { ar1Noise, correlationPerStep } from "./noise.js";

/** Parameters of the outdoor temperature generator, °C. */
export interface TemperatureParams {
  /** Annual mean temperature, °C. */
  readonly meanC: number;
  /** Half the difference between the warmest and the coldest day's mean, °C. */
  readonly seasonalAmplitudeC: number;
  /** Half the day's swing between the afternoon maximum and the early-morning minimum, °C. */
  readonly diurnalAmplitudeC: number;
  /** Standard deviation of the weather noise around the seasonal and diurnal cycles, °C. */
  readonly noiseSdC: number;
  /** Day of the year (1–365) of the warmest daily mean (about 200, mid-July, in the northern hemisphere). */
  readonly warmestDayOfYear: number;
  /** Local hour of the daily maximum (about 15). */
  readonly warmestHour: number;
}

/** Hour-to-hour correlation of the weather noise: temperature anomalies last for days. */
const NOISE_RHO_HOURLY = 0.95;

/**
 * An outdoor temperature profile, °C, one value per step:
 *
 *     T_t = meanC + seasonalAmplitudeC·cos(2π(d_t − warmestDayOfYear)/365)
 *                 + diurnalAmplitudeC·cos(2π(h_t − warmestHour)/24) + noiseSdC·z_t
 *
 * where d_t is the local day of the year (fractional, at the step's middle), h_t the local
 * hour at the step's middle, and z_t a stationary unit-variance AR(1) series (hourly
 * correlation 0.95). Draws exactly one normal per step from `rng`.
 */
export function outdoorTemperature(params: TemperatureParams, calendar: Calendar, rng: RandomStream): Float64Array {
  const noise = ar1Noise(calendar.steps, correlationPerStep(NOISE_RHO_HOURLY, calendar.stepHours), rng);
  const out = new Float64Array(calendar.steps);
  for (let t = 0; t < calendar.steps; t++) {
    const hour = localHourMid(calendar, t);
    const day = localClock(calendar, t).dayOfYear + hour / 24;
    out[t] =
      params.meanC +
      params.seasonalAmplitudeC * Math.cos((2 * Math.PI * (day - params.warmestDayOfYear)) / 365) +
      params.diurnalAmplitudeC * Math.cos((2 * Math.PI * (hour - params.warmestHour)) / 24) +
      params.noiseSdC * noise[t]!;
  }
  return out;
}

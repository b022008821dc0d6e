import type { Calendar } from "../calendar.js";
import { localClock, localHourMid } from "../calendar.js";
import type { RandomStream } from "../rng.js";
import { ar1Noise, correlationPerStep } from "./noise.js";

/** Parameters of the wind generator. */
export interface WindParams {
  /** Rated power of the site's turbines, kW. */
  readonly ratedKW: number;
  /** Mean wind speed at hub height over the year, m/s. */
  readonly meanSpeedMS: number;
  /** Weibull shape parameter k. */
  readonly weibullK: number;
  /**
   * Seasonal swing of the daily mean wind speed as a fraction of meanSpeedMS, 0 ≤ a < 1;
   * absent: 0, no seasonal cycle (the generator before seasons, draw for draw).
   */
  readonly seasonalAmplitude?: number | undefined;
  /** Day of the year (1–365) of the windiest daily mean; absent: {@link DEFAULT_WINDIEST_DAY_OF_YEAR}. */
  readonly windiestDayOfYear?: number | undefined;
}

/** Windiest day of the year when a scenario gives none: mid-January, as northern-hemisphere winters are windier. */
export const DEFAULT_WINDIEST_DAY_OF_YEAR = 15;

/** Power curve: below this wind speed, m/s, the turbine does not turn. */
export const CUT_IN_MS = 3;
/** Power curve: from this wind speed, m/s, the turbine gives its rated power. */
export const RATED_MS = 12;
/** Power curve: at and above this wind speed, m/s, the turbine shuts down for safety. */
export const CUT_OUT_MS = 25;
/** Hour-to-hour correlation of wind speed; measured hourly series show about 0.85–0.95. */
const SPEED_RHO_HOURLY = 0.9;

/**
 * Output of a turbine as a fraction of rated power at wind speed `speedMS`: 0 below cut-in and
 * at or above cut-out, rated between rated speed and cut-out, and cubic in speed in between
 * ((v³ − v_in³)/(v_r³ − v_in³), the shape of the kinetic power of the wind).
 */
export function turbinePowerFraction(speedMS: number): number {
  if (speedMS < CUT_IN_MS || speedMS >= CUT_OUT_MS) return 0;
  if (speedMS >= RATED_MS) return 1;
  return (speedMS ** 3 - CUT_IN_MS ** 3) / (RATED_MS ** 3 - CUT_IN_MS ** 3);
}

/** Γ(x) for x > 0 (Lanczos, g = 7), accurate to ~1e-15 relative. */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, y + 0.5) * Math.exp(-t) * a;
}

/** Weibull scale parameter c that gives mean speed `meanSpeedMS`: mean = c·Γ(1 + 1/k). */
export function weibullScale(meanSpeedMS: number, k: number): number {
  return meanSpeedMS / gammaFunction(1 + 1 / k);
}

/** Standard normal CDF Φ via the complementary error function (Numerical Recipes erfc, |ε| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * Mean wind speed of step `t`, m/s: meanSpeedMS·(1 + a·cos(2π(d_t − windiestDayOfYear)/365)),
 * with d_t the local day of the year (fractional) at the step's middle, as for outdoor
 * temperature. With a = 0 this is meanSpeedMS exactly (1 + 0·cos = 1 in floating point).
 */
export function seasonalMeanSpeed(params: Pick<WindParams, "meanSpeedMS" | "seasonalAmplitude" | "windiestDayOfYear">, calendar: Calendar, t: number): number {
  const a = params.seasonalAmplitude ?? 0;
  const windiest = params.windiestDayOfYear ?? DEFAULT_WINDIEST_DAY_OF_YEAR;
  // The day is read at the step's middle (t + ½), so a step that starts before local midnight
  // and ends after it counts with the day most of it lies in.
  const day = localClock(calendar, t + 0.5).dayOfYear + localHourMid(calendar, t) / 24;
  return params.meanSpeedMS * (1 + a * Math.cos((2 * Math.PI * (day - windiest)) / 365));
}

/**
 * Wind speeds, m/s, one per step: a Gaussian AR(1) series mapped through Φ to uniforms and
 * then through the Weibull(k, c_t) quantile, so every step is Weibull-distributed with the
 * step's mean while consecutive steps stay correlated. The shape k is fixed; the scale follows
 * the seasonal mean ({@link seasonalMeanSpeed}) in proportion, c_t = m_t/Γ(1 + 1/k), because a
 * Weibull's mean is c·Γ(1 + 1/k). Draws exactly one normal per step from `rng`, whatever the
 * season: the seasonal cycle rescales the same draws, it adds none.
 */
export function windSpeeds(
  params: Pick<WindParams, "meanSpeedMS" | "weibullK" | "seasonalAmplitude" | "windiestDayOfYear">,
  calendar: Calendar,
  rng: RandomStream,
): Float64Array {
  const z = ar1Noise(calendar.steps, correlationPerStep(SPEED_RHO_HOURLY, calendar.stepHours), rng);
  const seasonal = (params.seasonalAmplitude ?? 0) !== 0;
  const scale = weibullScale(params.meanSpeedMS, params.weibullK);
  const out = new Float64Array(calendar.steps);
  for (let t = 0; t < calendar.steps; t++) {
    // Without a seasonal cycle the scale is the year's, computed once: the same arithmetic as
    // before seasons existed, so existing scenarios keep every log byte.
    const c = seasonal ? weibullScale(seasonalMeanSpeed(params, calendar, t), params.weibullK) : scale;
    // Keep u off 1 so the quantile stays finite.
    const u = Math.min(normalCdf(z[t]!), 1 - 1e-12);
    out[t] = c * Math.pow(-Math.log(1 - u), 1 / params.weibullK);
  }
  return out;
}

/** A wind output profile, kW, one value per step: ratedKW × power curve(wind speed). */
export function windGeneration(params: WindParams, calendar: Calendar, rng: RandomStream): Float64Array {
  const speeds = windSpeeds(params, calendar, rng);
  return speeds.map((v) => params.ratedKW * turbinePowerFraction(v));
}

/**
 * The bounds of every physical magnitude a scenario may hold, in one place (docs/profiles.md
 * "Bounds"). They are generous — far beyond any real site — but finite, and chosen so that
 * every product and sum a run forms stays far below the float range: a price (≤ 1e6) times an
 * energy (≤ 1e9 kWh) times the longest horizon (≤ 1e7 steps) times the most agents is about
 * 1e28, nowhere near 1e300, and below HiGHS's "infinite" threshold (1e20) for any single LP
 * bound or coefficient a step forms. No valid input can therefore overflow to NaN or Infinity
 * anywhere in a run; the schemas (agents/spec-fields.ts, lab/scenario-schema.ts, the mechanism
 * parameter schemas) cite these constants and state them in their field descriptions.
 */

/** Largest energy of any storage, battery or daily energy need, kWh (1 TWh). */
export const MAX_ENERGY_KWH = 1e9;
/** Largest power of any storage, battery, generator, load, connection or profile value, kW (1 TW). */
export const MAX_POWER_KW = 1e9;
/** Largest |price| per kWh: grid tariffs, fuel, gas, degradation, lost load, capex, rental cE, currency/kWh. */
export const MAX_PRICE_PER_KWH = 1e6;
/** Largest price per kW: demand charges, capex per kW, rental cP, currency/kW. */
export const MAX_PRICE_PER_KW = 1e6;
/** Largest yearly or hourly currency amount (O&M per year, a generator's running cost per hour). */
export const MAX_AMOUNT = 1e12;
/** Most steps of a run (or of each representative span). */
export const MAX_STEPS = 10_000_000;
/** Shortest step, hours (one second): profile energies are divided by the step. */
export const MIN_STEP_HOURS = 1 / 3600;
/** Longest step, hours (one day): tariffs and generators are hourly within a day. */
export const MAX_STEP_HOURS = 24;
/** Longest horizon, hours (about 1,141 years): keeps every step's time a valid date. */
export const MAX_HORIZON_HOURS = 10_000_000;
/** Lowest temperature, °C (generated or from a CSV). */
export const MIN_TEMPERATURE_C = -100;
/** Highest temperature, °C (generated or from a CSV). */
export const MAX_TEMPERATURE_C = 100;
/** Largest temperature amplitude or standard deviation, °C. */
export const MAX_TEMPERATURE_SPREAD_C = 100;
/** Largest PUE, and the largest PUE added per °C. */
export const MAX_PUE = 10;
/** Largest coefficient of performance of a chiller, and the largest cooling load per kW of IT. */
export const MAX_COP = 100;
/** Largest mean wind speed, m/s. */
export const MAX_WIND_SPEED_MS = 100;
/** Smallest and largest Weibull shape k: Γ(1 + 1/k) stays finite and meaningful. */
export const MIN_WEIBULL_K = 0.5;
/** See {@link MIN_WEIBULL_K}. */
export const MAX_WEIBULL_K = 20;
/** Shortest and longest provider lifetime, years (the annuity and the NPV loop over it). */
export const MIN_LIFETIME_YEARS = 1;
/** See {@link MIN_LIFETIME_YEARS}. */
export const MAX_LIFETIME_YEARS = 100;
/** Largest factor a CSV profile's values are scaled by (after the unit conversion). */
export const MAX_PROFILE_SCALE = 1e6;
/** Largest multiple of P^max a pooled provider may rent out. */
export const MAX_POWER_OVERSELL = 100;
/** Largest forecast error, as a share of the mean |net load|. */
export const MAX_RELATIVE_SIGMA = 10;
/** Largest weight of a representative span, of a bargaining tenant, or a learning propensity. */
export const MAX_WEIGHT = 1e6;
/** Most random orders sampled Shapley may draw. */
export const MAX_SAMPLES = 1_000_000;
/** Most rental periods, groups or stable periods a count field may ask for. */
export const MAX_COUNT = 1_000_000;

/** A bound as written in messages and descriptions: `1e9`, `1e-6`, `100`, `0.5`. */
export function formatBound(value: number): string {
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split("e");
    return `${mantissa}e${Number(exponent)}`;
  }
  return String(value);
}

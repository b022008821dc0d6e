import { z } from "zod";
import { formatBound, MAX_POWER_KW, MAX_PROFILE_SCALE, MAX_RELATIVE_SIGMA, MAX_WEIBULL_K, MAX_WIND_SPEED_MS, MIN_WEIBULL_K, MAX_ENERGY_KWH } from "../core/bounds.js";
import type { StrategyEntry } from "./strategy-entry.js";

/**
 * Scenario fields several agent kinds share (profiles, PV, wind, own batteries, forecasts) and
 * the fields every agent has ({@link agentFields}). Each kind's own shape is in
 * kinds/<kind>/spec.ts; lab/scenario-schema.ts composes them into the whole scenario.
 */

/**
 * A number in [0, max]. Every magnitude has an upper bound (core/bounds.ts) so that no valid
 * input overflows in a run; the description states it, so `sesame schema` shows it.
 */
export const nonNegative = (what: string, max: number) => z.number().finite().nonnegative().max(max).describe(`${what} (0 ≤ x ≤ ${formatBound(max)})`);
/** A number in (0, max]; see {@link nonNegative}. */
export const positive = (what: string, max: number) => z.number().finite().positive().max(max).describe(`${what} (0 < x ≤ ${formatBound(max)})`);
/** A number in [min, max] (both bounds stated in the description). */
export const between = (what: string, min: number, max: number) => z.number().finite().min(min).max(max).describe(`${what} (${formatBound(min)} ≤ x ≤ ${formatBound(max)})`);
/** A number in [0, 1]. */
export const fraction = (what: string) => z.number().finite().min(0).max(1).describe(what);
export const hourOfDay = z.number().int().min(0).max(23);

/**
 * A profile read from a CSV file with a header row (path relative to the scenario file): rows
 * with ISO 8601 times resampled to the step, or one row per step (docs/profiles.md).
 */
export const CsvProfileSchema = z.strictObject({
  csv: z.string().min(1).describe("path of a CSV file with a header row: timed rows, or one row per step"),
  column: z.string().min(1).optional().describe("column to read; optional when the file has one value column"),
  timeColumn: z.string().min(1).optional().describe("column of ISO 8601 row start times; default `time` when it holds ISO times"),
  unit: z.enum(["kW", "W", "MW", "kWh"]).default("kW").describe("unit of the values: power (kW, W, MW) or energy per row (kWh)"),
  scale: between("factor applied to every value after conversion to kW", 0, MAX_PROFILE_SCALE).default(1),
  netLoad: z
    .boolean()
    .optional()
    .describe("the column is a net load (load minus on-site generation) and may be negative; absent: a load, whose values must be ≥ 0"),
});

/** A CSV profile of a quantity that is never a net load (a temperature): no `netLoad` field. */
export const CsvSignedProfileSchema = CsvProfileSchema.omit({ netLoad: true });

/**
 * What an agent plans its rental period with (docs/profiles.md): its true net load, or that
 * plus AR(1) noise of standard deviation `relativeSigma` × its mean |net load|.
 */
export const ForecastSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("perfect") }),
  z.strictObject({
    kind: z.literal("noisy"),
    relativeSigma: nonNegative("forecast error standard deviation as a share of the mean |net load|", MAX_RELATIVE_SIGMA).default(0.1),
    correlation: z.number().finite().gt(-1).lt(1).default(0.8).describe("AR(1) correlation ρ of the error from one step to the next"),
  }),
]);

/** Household load generator. */
export const ResidentialLoadSchema = z.strictObject({
  generator: z.literal("residential"),
  meanKW: positive("mean household load, kW", MAX_POWER_KW).default(0.5),
});

/** Household load: generated or from CSV (kW). */
export const LoadProfileSchema = z.union([ResidentialLoadSchema, CsvProfileSchema]);

/** Rooftop PV. */
export const PvSchema = z.strictObject({
  kWp: nonNegative("peak PV power, kW", MAX_POWER_KW),
  cloudiness: fraction("mean share of clear-sky output lost to clouds").default(0.3),
});

/**
 * On-site wind turbines (of a data center, a microgrid, a VPP). The seasonal fields are absent
 * unless given (not defaulted), so scenarios written before them keep their resolved form, and
 * with it their genesis hash and every log byte.
 */
export const WindSchema = z.strictObject({
  ratedKW: nonNegative("rated wind power at the site, kW", MAX_POWER_KW),
  meanSpeedMS: positive("mean wind speed at hub height over the year, m/s", MAX_WIND_SPEED_MS).default(7),
  weibullK: between("Weibull shape parameter k", MIN_WEIBULL_K, MAX_WEIBULL_K).default(2),
  seasonalAmplitude: z
    .number()
    .finite()
    .min(0)
    .lt(1)
    .optional()
    .describe("seasonal swing of the daily mean wind speed, fraction of meanSpeedMS, 0 ≤ a < 1: day d's mean is meanSpeedMS·(1 + a·cos(2π(d − windiestDayOfYear)/365)); absent: 0, no seasons"),
  windiestDayOfYear: z
    .number()
    .min(1)
    .max(365)
    .optional()
    .describe("day of the year (1–365) of the windiest daily mean; absent: 15 (mid-January)"),
});


/** A battery an agent owns behind its meter (a VPP's, a household's): not rented, not shared. */
export const OwnBatterySchema = z.strictObject({
  energyKWh: positive("capacity, kWh", MAX_ENERGY_KWH),
  powerKW: positive("most charge or discharge power, kW", MAX_POWER_KW),
  efficiency: z.number().finite().gt(0).max(1).default(0.9).describe("round-trip efficiency (√ on charge and on discharge)"),
  initialSoc: fraction("state of charge at the start of the run").default(0.5),
});


/**
 * The fields every agent has, for a kind whose strategies are `strategies` (the first is the
 * default): its id, its strategy by name, its bid jitter and forecast, and for each strategy
 * with settings an optional object of them under the strategy's name (only with that
 * strategy; agents/build.ts refuses it otherwise). Absent optional fields stay absent, so
 * scenarios written before a field hash as before.
 */
export function agentFields<const N extends string>(strategies: readonly StrategyEntry<N>[]) {
  const names = strategies.map((s) => s.name) as [N, ...N[]];
  const settings = Object.fromEntries(
    strategies
      .filter((s) => Object.keys(s.params.shape).length > 0)
      .map((s) => [s.name, s.params.optional().describe(`settings of the ${s.name} strategy; only with strategy: ${s.name}`)]),
  );
  return {
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '.', '_' or '-'").describe("agent id"),
    strategy: z.enum(names).default(names[0]).describe("bidding strategy"),
    bidJitter: fraction("spread of order limits inside [λ^s, λ^b], drawn from the agent's stream").default(0.05),
    forecast: ForecastSchema.optional().describe("forecast of net load the agent plans with; default perfect"),
    ...settings,
  };
}

export type OwnBatterySpec = z.output<typeof OwnBatterySchema>;
export type CsvProfileSpec = z.output<typeof CsvProfileSchema>;
export type ForecastSpec = z.output<typeof ForecastSchema>;

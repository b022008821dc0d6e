import { z } from "zod";
import { MAX_AMOUNT, MAX_ENERGY_KWH, MAX_LIFETIME_YEARS, MAX_POWER_KW, MAX_POWER_OVERSELL, MAX_PRICE_PER_KW, MAX_PRICE_PER_KWH, MIN_LIFETIME_YEARS } from "../core/bounds.js";
import { between, fraction, nonNegative, positive } from "./spec-fields.js";

/** The scenario shape of the shared storage and its owner, the provider, with units and defaults. */

/** Provider economics (MODEL.md §2), for floor prices. */
export const EconomicsSchema = z.strictObject({
  capexPerKWh: nonNegative("κ_E, currency per kWh of capacity", MAX_PRICE_PER_KWH).default(900),
  capexPerKW: nonNegative("κ_P, currency per kW of power", MAX_PRICE_PER_KW).default(400),
  lifetimeYears: between("n, years", MIN_LIFETIME_YEARS, MAX_LIFETIME_YEARS).default(15),
  discountRate: z.number().finite().min(0).max(1).default(0.06).describe("r, per year"),
  omPerYear: nonNegative("fixed O&M, currency per year", MAX_AMOUNT).default(20_000),
});

/** The shared storage and its owner. */
export const StorageSchema = z
  .strictObject({
    providerId: z.string().min(1).default("provider"),
    energyKWh: positive("E^max, kWh", MAX_ENERGY_KWH),
    powerKW: positive("P^max, kW", MAX_POWER_KW),
    etaCharge: z.number().finite().gt(0).max(1).default(0.95).describe("η_c"),
    etaDischarge: z.number().finite().gt(0).max(1).default(0.95).describe("η_d"),
    selfDischargePerStep: z.number().finite().min(0).lt(1).default(0.0002).describe("σ, fraction per step"),
    socMin: fraction("s_min").default(0.1),
    socMax: fraction("s_max").default(0.9),
    degradationCostPerKWh: nonNegative("c_deg, currency per kWh of throughput", MAX_PRICE_PER_KWH).default(0.02),
    mode: z.enum(["pooled", "partitioned"]).default("pooled"),
    powerOversell: between("pooled mode: rentable power as a multiple of P^max", 1, MAX_POWER_OVERSELL).default(1),
    economics: EconomicsSchema.default(EconomicsSchema.parse({})),
    /** Absent means off (kept absent so existing scenarios hash as before). */
    arbitrage: z.boolean().optional().describe("the provider trades its unrented capacity against the grid; absent: false"),
  })
  .refine((s) => s.socMin < s.socMax, { message: "socMin must be below socMax", path: ["socMin"] });


export type EconomicsSpec = z.output<typeof EconomicsSchema>;
export type StorageScenario = z.output<typeof StorageSchema>;

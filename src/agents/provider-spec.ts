import { z } from "zod";
import { fraction, nonNegative, positive } from "./spec-fields.js";

/** The scenario shape of the shared storage and its owner, the provider, with units and defaults. */

/** Provider economics (MODEL.md §2), for floor prices. */
export const EconomicsSchema = z.strictObject({
  capexPerKWh: nonNegative("κ_E, currency per kWh of capacity").default(900),
  capexPerKW: nonNegative("κ_P, currency per kW of power").default(400),
  lifetimeYears: positive("n, years").default(15),
  discountRate: z.number().finite().min(0).max(1).default(0.06).describe("r, per year"),
  omPerYear: nonNegative("fixed O&M, currency per year").default(20_000),
});

/** The shared storage and its owner. */
export const StorageSchema = z
  .strictObject({
    providerId: z.string().min(1).default("provider"),
    energyKWh: positive("E^max, kWh"),
    powerKW: positive("P^max, kW"),
    etaCharge: z.number().finite().gt(0).max(1).default(0.95).describe("η_c"),
    etaDischarge: z.number().finite().gt(0).max(1).default(0.95).describe("η_d"),
    selfDischargePerStep: z.number().finite().min(0).lt(1).default(0.0002).describe("σ, fraction per step"),
    socMin: fraction("s_min").default(0.1),
    socMax: fraction("s_max").default(0.9),
    degradationCostPerKWh: nonNegative("c_deg, currency per kWh of throughput").default(0.02),
    mode: z.enum(["pooled", "partitioned"]).default("pooled"),
    powerOversell: z.number().finite().min(1).default(1).describe("pooled mode: rentable power as a multiple of P^max"),
    economics: EconomicsSchema.default(EconomicsSchema.parse({})),
    /** Absent means off (kept absent so existing scenarios hash as before). */
    arbitrage: z.boolean().optional().describe("the provider trades its unrented capacity against the grid; absent: false"),
  })
  .refine((s) => s.socMin < s.socMax, { message: "socMin must be below socMax", path: ["socMin"] });


export type EconomicsSpec = z.output<typeof EconomicsSchema>;
export type StorageScenario = z.output<typeof StorageSchema>;

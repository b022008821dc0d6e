import { z } from "zod";
import { MAX_COP, MAX_HORIZON_HOURS, MAX_POWER_KW, MAX_PRICE_PER_KWH, MAX_PUE, MAX_TEMPERATURE_C, MAX_TEMPERATURE_SPREAD_C, MIN_TEMPERATURE_C } from "../../../core/bounds.js";
import { agentFields, between, CsvProfileSchema, CsvSignedProfileSchema, fraction, nonNegative, positive, WindSchema } from "../../spec-fields.js";
import { DCC_OPERATOR_STRATEGIES } from "./strategies.js";

/** The scenario shape of a data-center-cluster operator and its data centers (docs/agents/dcc-operator.md). */

/** Data-center IT load generator: diurnal interactive load plus a steady batch share. */
export const DatacenterItLoadSchema = z.strictObject({
  generator: z.literal("datacenter-it"),
  meanKW: positive("mean IT load, kW", MAX_POWER_KW),
  swing: fraction("diurnal amplitude of interactive load as a fraction of the mean").default(0.3),
  peakHour: z.number().min(0).max(24).default(14).describe("local hour of the interactive peak"),
});


/** IT load of one data center: generated or from CSV (kW). */
export const ItLoadProfileSchema = z.union([DatacenterItLoadSchema, CsvProfileSchema]);

/** Outdoor temperature generator (°C): seasonal + diurnal cycles + AR(1) weather noise. */
export const TemperatureGeneratorSchema = z.strictObject({
  generator: z.literal("temperature"),
  meanC: between("annual mean outdoor temperature, °C", MIN_TEMPERATURE_C, MAX_TEMPERATURE_C).default(16),
  seasonalAmplitudeC: nonNegative("half the warmest-to-coldest spread of daily means, °C", MAX_TEMPERATURE_SPREAD_C).default(10),
  diurnalAmplitudeC: nonNegative("half the day's maximum-to-minimum swing, °C", MAX_TEMPERATURE_SPREAD_C).default(5),
  noiseSdC: nonNegative("standard deviation of the weather noise, °C", MAX_TEMPERATURE_SPREAD_C).default(1.5),
  warmestDayOfYear: z.number().min(1).max(366).default(200).describe("day of the year of the warmest daily mean"),
  warmestHour: z.number().min(0).max(24).default(15).describe("local hour of the daily maximum"),
});

/** PUE that rises with outdoor temperature: PUE(t) = base + perDegreeC·max(0, T_t − aboveC). */
export const TemperaturePueSchema = z.strictObject({
  base: between("PUE at or below aboveC", 1, MAX_PUE),
  perDegreeC: nonNegative("PUE added per °C of outdoor temperature above aboveC", MAX_PUE),
  aboveC: between("outdoor temperature, °C, above which cooling costs more", MIN_TEMPERATURE_C, MAX_TEMPERATURE_C).default(18),
  temperature: z
    .union([TemperatureGeneratorSchema, CsvSignedProfileSchema])
    .default({ generator: "temperature", meanC: 16, seasonalAmplitudeC: 10, diurnalAmplitudeC: 5, noiseSdC: 1.5, warmestDayOfYear: 200, warmestHour: 15 })
    .describe("outdoor temperature at the site, °C: generated or from CSV"),
});

/**
 * A data center's cooling plant (MODEL.md §3, the DCC business model's electricity, heat, gas
 * and cooling flows). With it, PUE counts only the non-cooling overhead (UPS, lighting): the
 * cooling load loadFactor·IT kW_th is met by an electric chiller (kW_e = kW_th / COP) and,
 * optionally, an absorption chiller driven by recovered IT waste heat and a gas boiler.
 */
export const CoolingSchema = z.strictObject({
  loadFactor: positive("cooling load per kW of IT power, kW_th/kW", MAX_COP).default(1),
  chillerCop: positive("electric chiller COP, kW_th of cooling per kW_e", MAX_COP).default(4),
  absorption: z
    .strictObject({
      cop: positive("absorption chiller COP, kW_th of cooling per kW_th of driving heat", MAX_COP).default(0.7),
      maxCoolingKW: positive("most cooling the absorption chiller delivers, kW_th; absent: all of the load", MAX_POWER_KW).optional(),
      wasteHeatRecovery: fraction("recoverable waste heat as a share of IT power, kW_th/kW").default(0.5),
      boiler: z
        .strictObject({
          efficiency: z.number().finite().gt(0).max(1).default(0.9).describe("heat out per kWh of gas"),
          gasPricePerKWh: nonNegative("gas price, currency per kWh of gas", MAX_PRICE_PER_KWH).default(0.35),
          maxHeatKW: positive("most boiler heat, kW_th; absent: no limit", MAX_POWER_KW).optional(),
        })
        .optional()
        .describe("gas boiler topping up the absorption chiller's driving heat; absent: none"),
    })
    .optional()
    .describe("absorption chiller; absent: cooling is all electric"),
});

/** One data center of a cluster. */
export const DataCenterSchema = z.strictObject({
  id: z.string().min(1),
  itLoad: ItLoadProfileSchema,
  pue: z
    .union([z.number().finite().min(1).max(MAX_PUE), TemperaturePueSchema])
    .default(1.4)
    .describe(`power usage effectiveness: facility kW per IT kW, 1 ≤ PUE ≤ ${MAX_PUE}; a constant or temperature-driven`),
  wind: WindSchema.optional().describe("on-site wind turbines; absent: none"),
  batchShare: fraction("share of IT load that is batch work (deferrable, migratable); the rest is interactive").default(0.3),
  batchDeadlineHours: positive("hours within which batch work must be done after it arrives, ≥ one step; absent: done on arrival", MAX_HORIZON_HOURS).optional(),
  itCapacityKW: positive("most IT power the data center can run, kW; absent: 2 × its mean IT load", MAX_POWER_KW).optional(),
  /** Absent means none (kept absent so existing scenarios hash as before). */
  cooling: CoolingSchema.optional().describe("cooling plant; absent: cooling is inside the PUE"),
});

/** A data-center-cluster operator; its DCs net their surpluses and deficits before it trades. */
export const DccOperatorSchema = z.strictObject({
  ...agentFields(DCC_OPERATOR_STRATEGIES),
  kind: z.literal("dcc-operator").describe("agent kind"),
  dataCenters: z.array(DataCenterSchema).min(1).describe("the cluster's data centers, at least one"),
  migrationBandwidthKW: nonNegative("batch IT power that can move between data centers per step, kW, in total", MAX_POWER_KW).default(0),
  interconnectKW: nonNegative("most power a data center can exchange with the cluster's internal bus, kW; absent: unlimited", MAX_POWER_KW).optional(),
  migrationLossFraction: fraction("extra IT energy a migrated kWh costs at the receiving data center (transfer, warm-up), share; absent: 0").optional(),
});


export type DccOperatorSpec = z.output<typeof DccOperatorSchema>;
export type DataCenterSpec = z.output<typeof DataCenterSchema>;
export type CoolingSpec = z.output<typeof CoolingSchema>;
export type TemperaturePueSpec = z.output<typeof TemperaturePueSchema>;
export type TemperatureGeneratorSpec = z.output<typeof TemperatureGeneratorSchema>;

import { z } from "zod";

/**
 * The scenario shapes of agents and of the storage provider: what a scenario file says about
 * them, with units and defaults. lab/scenario-schema.ts composes these into the whole scenario.
 */

export const nonNegative = (what: string) => z.number().finite().nonnegative().describe(what);
export const positive = (what: string) => z.number().finite().positive().describe(what);
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
  scale: z.number().finite().default(1).describe("factor applied to every value after conversion to kW"),
});

/**
 * What an agent plans its rental period with (docs/profiles.md): its true net load, or that
 * plus AR(1) noise of standard deviation `relativeSigma` × its mean |net load|.
 */
export const ForecastSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("perfect") }),
  z.strictObject({
    kind: z.literal("noisy"),
    relativeSigma: nonNegative("forecast error standard deviation as a share of the mean |net load|").default(0.1),
    correlation: z.number().finite().gt(-1).lt(1).default(0.8).describe("AR(1) correlation ρ of the error from one step to the next"),
  }),
]);

/** Household load generator. */
export const ResidentialLoadSchema = z.strictObject({
  generator: z.literal("residential"),
  meanKW: positive("mean household load, kW").default(0.5),
});

/** Data-center IT load generator: diurnal interactive load plus a steady batch share. */
export const DatacenterItLoadSchema = z.strictObject({
  generator: z.literal("datacenter-it"),
  meanKW: positive("mean IT load, kW"),
  swing: fraction("diurnal amplitude of interactive load as a fraction of the mean").default(0.3),
  peakHour: z.number().min(0).max(24).default(14).describe("local hour of the interactive peak"),
});

/** Household load: generated or from CSV (kW). */
export const LoadProfileSchema = z.union([ResidentialLoadSchema, CsvProfileSchema]);
/** IT load of one data center: generated or from CSV (kW). */
export const ItLoadProfileSchema = z.union([DatacenterItLoadSchema, CsvProfileSchema]);

/** Rooftop PV. */
export const PvSchema = z.strictObject({
  kWp: nonNegative("peak PV power, kW"),
  cloudiness: fraction("mean share of clear-sky output lost to clouds").default(0.3),
});

/**
 * On-site wind turbines (of a data center, a microgrid, a VPP). The seasonal fields are absent
 * unless given (not defaulted), so scenarios written before them keep their resolved form, and
 * with it their genesis hash and every log byte.
 */
export const WindSchema = z.strictObject({
  ratedKW: nonNegative("rated wind power at the site, kW"),
  meanSpeedMS: positive("mean wind speed at hub height over the year, m/s").default(7),
  weibullK: positive("Weibull shape parameter k").default(2),
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

/** How a consumer agent bids; the same choice for every agent kind. */
export const StrategyNameSchema = z.enum(["rule-based", "lp-optimal", "learning"]).describe("bidding strategy");

/** Settings of the `learning` strategy (see strategies/learning.ts); only with `strategy: learning`. */
export const LearningSchema = z.strictObject({
  rule: z.enum(["roth-erev", "epsilon-greedy"]).default("roth-erev"),
  markups: z.array(fraction("markup, fraction of the spread λ^b − λ^s")).min(1).default([0, 0.1, 0.2, 0.3, 0.4, 0.5]),
  recency: fraction("φ, forgetting per period").default(0.1),
  experimentation: fraction("ε, experimentation").default(0.2),
  initialPropensity: positive("q_0, initial propensity of every markup (Roth–Erev)").default(1),
});

const agentCommon = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '.', '_' or '-'").describe("agent id"),
  strategy: StrategyNameSchema.default("rule-based"),
  bidJitter: fraction("spread of order limits inside [λ^s, λ^b], drawn from the agent's stream").default(0.05),
  /** Absent means perfect (kept absent so existing scenarios hash as before). */
  forecast: ForecastSchema.optional().describe("forecast of net load the agent plans with; default perfect"),
  /** Absent means the learning defaults (kept absent so existing scenarios hash as before). */
  learning: LearningSchema.optional().describe("learning strategy settings; only with strategy: learning"),
};

/** A battery an agent owns behind its meter (a VPP's, a household's): not rented, not shared. */
export const OwnBatterySchema = z.strictObject({
  energyKWh: positive("capacity, kWh"),
  powerKW: positive("most charge or discharge power, kW"),
  efficiency: z.number().finite().gt(0).max(1).default(0.9).describe("round-trip efficiency (√ on charge and on discharge)"),
  initialSoc: fraction("state of charge at the start of the run").default(0.5),
});

/** A household with load, PV and optionally its own battery; `count` > 1 makes `count` agents `id-001`, `id-002`, … */
export const ProsumerSchema = z.strictObject({
  ...agentCommon,
  kind: z.literal("prosumer"),
  count: z.number().int().min(1).max(100_000).default(1).describe("number of alike prosumers"),
  load: LoadProfileSchema.default({ generator: "residential", meanKW: 0.5 }),
  pv: PvSchema.optional(),
  /** Absent means none (kept absent so existing scenarios hash as before). */
  battery: OwnBatterySchema.optional().describe("the household's own battery behind its meter; absent: none"),
});

/** Outdoor temperature generator (°C): seasonal + diurnal cycles + AR(1) weather noise. */
export const TemperatureGeneratorSchema = z.strictObject({
  generator: z.literal("temperature"),
  meanC: z.number().finite().default(16).describe("annual mean outdoor temperature, °C"),
  seasonalAmplitudeC: nonNegative("half the warmest-to-coldest spread of daily means, °C").default(10),
  diurnalAmplitudeC: nonNegative("half the day's maximum-to-minimum swing, °C").default(5),
  noiseSdC: nonNegative("standard deviation of the weather noise, °C").default(1.5),
  warmestDayOfYear: z.number().min(1).max(366).default(200).describe("day of the year of the warmest daily mean"),
  warmestHour: z.number().min(0).max(24).default(15).describe("local hour of the daily maximum"),
});

/** PUE that rises with outdoor temperature: PUE(t) = base + perDegreeC·max(0, T_t − aboveC). */
export const TemperaturePueSchema = z.strictObject({
  base: z.number().finite().min(1).describe("PUE at or below aboveC, ≥ 1"),
  perDegreeC: nonNegative("PUE added per °C of outdoor temperature above aboveC"),
  aboveC: z.number().finite().default(18).describe("outdoor temperature, °C, above which cooling costs more"),
  temperature: z
    .union([TemperatureGeneratorSchema, CsvProfileSchema])
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
  loadFactor: positive("cooling load per kW of IT power, kW_th/kW").default(1),
  chillerCop: positive("electric chiller COP, kW_th of cooling per kW_e").default(4),
  absorption: z
    .strictObject({
      cop: positive("absorption chiller COP, kW_th of cooling per kW_th of driving heat").default(0.7),
      maxCoolingKW: positive("most cooling the absorption chiller delivers, kW_th; absent: all of the load").optional(),
      wasteHeatRecovery: fraction("recoverable waste heat as a share of IT power, kW_th/kW").default(0.5),
      boiler: z
        .strictObject({
          efficiency: z.number().finite().gt(0).max(1).default(0.9).describe("heat out per kWh of gas"),
          gasPricePerKWh: nonNegative("gas price, currency per kWh of gas").default(0.35),
          maxHeatKW: positive("most boiler heat, kW_th; absent: no limit").optional(),
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
    .union([z.number().finite().min(1), TemperaturePueSchema])
    .default(1.4)
    .describe("power usage effectiveness: facility kW per IT kW, ≥ 1; a constant or temperature-driven"),
  wind: WindSchema.optional(),
  batchShare: fraction("share of IT load that is batch work (deferrable, migratable); the rest is interactive").default(0.3),
  batchDeadlineHours: positive("hours within which batch work must be done after it arrives, ≥ one step; absent: done on arrival").optional(),
  itCapacityKW: positive("most IT power the data center can run, kW; absent: 2 × its mean IT load").optional(),
  /** Absent means none (kept absent so existing scenarios hash as before). */
  cooling: CoolingSchema.optional().describe("cooling plant; absent: cooling is inside the PUE"),
});

/** A data-center-cluster operator; its DCs net their surpluses and deficits before it trades. */
export const DccOperatorSchema = z.strictObject({
  ...agentCommon,
  kind: z.literal("dcc-operator"),
  dataCenters: z.array(DataCenterSchema).min(1),
  migrationBandwidthKW: nonNegative("batch IT power that can move between data centers per step, kW, in total").default(0),
  interconnectKW: nonNegative("most power a data center can exchange with the cluster's internal bus, kW; absent: unlimited").optional(),
  migrationLossFraction: fraction("extra IT energy a migrated kWh costs at the receiving data center (transfer, warm-up), share; absent: 0").optional(),
});

/** Office load generator: a plateau over weekday office hours, base load at night and weekends. */
export const CommercialLoadSchema = z
  .strictObject({
    generator: z.literal("commercial"),
    meanKW: positive("mean load over a week, kW"),
    openHour: z.number().min(0).max(24).default(8).describe("local hour the office opens on weekdays"),
    closeHour: z.number().min(0).max(24).default(18).describe("local hour the office closes on weekdays"),
    baseShare: fraction("load outside office hours and at weekends, fraction of the office-hours load").default(0.3),
  })
  .refine((s) => s.openHour < s.closeHour, { message: "openHour must be before closeHour", path: ["openHour"] });

/** Industrial load generator: shift work from 06:00 on a high base, flatter than commercial load. */
export const IndustrialLoadSchema = z.strictObject({
  generator: z.literal("industrial"),
  meanKW: positive("mean load over a week, kW"),
  shifts: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2).describe("eight-hour shifts per day from 06:00: 1, 2 or 3"),
  baseShare: fraction("load when no shift runs, fraction of the in-shift load").default(0.6),
  weekendShare: fraction("weekend shift activity as a fraction of a weekday's").default(0.5),
});

/** A microgrid's dispatchable generator: cost a per running hour + b per kWh, ramp-limited. */
export const DispatchableGeneratorSchema = z.strictObject({
  maxKW: positive("most output, kW"),
  costPerHourRunning: nonNegative("a: fixed cost per hour while running, currency/h (relaxed to a·P/maxKW in the LP)").default(0),
  costPerKWh: nonNegative("b: fuel cost per kWh generated, currency/kWh").default(0.8),
  rampKWPerStep: positive("most change of output between consecutive steps, kW; absent: no limit").optional(),
});

/** A microgrid: residential, commercial and industrial load classes, PV, wind, an optional generator, a grid tie. */
export const MicrogridSchema = z.strictObject({
  ...agentCommon,
  kind: z.literal("microgrid"),
  residential: LoadProfileSchema.optional().describe("residential load class, kW (generator or CSV); absent: none"),
  commercial: z.union([CommercialLoadSchema, CsvProfileSchema]).optional().describe("commercial load class, kW; absent: none"),
  industrial: z.union([IndustrialLoadSchema, CsvProfileSchema]).optional().describe("industrial load class, kW; absent: none"),
  pv: PvSchema.optional(),
  wind: WindSchema.optional(),
  generator: DispatchableGeneratorSchema.optional(),
  gridTieKW: positive("most import or export at the point of common coupling, kW; absent: no limit").optional(),
  valueOfLostLoadPerKWh: nonNegative("cost of load shed when the grid tie cannot carry the import, currency/kWh; absent: 10").optional(),
});

/** Hours of a daily window from start to end (end ≤ start wraps past midnight; equal: 24 h). */
export function windowHours(startHour: number, endHour: number): number {
  return ((endHour - startHour) % 24 + 24) % 24 || 24;
}

/** A shiftable load: energyKWh to deliver inside [windowStartHour, windowEndHour) every day. */
export const ShiftableLoadSchema = z
  .strictObject({
    energyKWh: positive("energy to deliver each day, kWh"),
    windowStartHour: hourOfDay.describe("local hour the window opens"),
    windowEndHour: hourOfDay.describe("local hour by which the energy is delivered (≤ start: next day)"),
    maxKW: positive("most power, kW"),
  })
  .refine((s) => s.energyKWh <= s.maxKW * windowHours(s.windowStartHour, s.windowEndHour) + 1e-9, {
    message: "energyKWh must fit in the window at maxKW",
    path: ["energyKWh"],
  });

/** An EV: energyKWh to charge between arrival and departure every day. */
export const EvSchema = z
  .strictObject({
    arrivalHour: hourOfDay.describe("local hour the EV plugs in"),
    departureHour: hourOfDay.describe("local hour it leaves (≤ arrival: next day)"),
    energyKWh: positive("energy needed by departure each day, kWh"),
    maxKW: positive("most charging power, kW"),
  })
  .refine((s) => s.energyKWh <= s.maxKW * windowHours(s.arrivalHour, s.departureHour) + 1e-9, {
    message: "energyKWh must fit between arrival and departure at maxKW",
    path: ["energyKWh"],
  });

/** A virtual power plant: base load, PV, wind, own batteries, shiftable loads and EVs, bidding as one. */
export const VppSchema = z.strictObject({
  ...agentCommon,
  kind: z.literal("vpp"),
  baseLoad: LoadProfileSchema.default({ generator: "residential", meanKW: 10 }).describe("base load, kW (residential generator or CSV)"),
  pv: PvSchema.optional(),
  wind: WindSchema.optional(),
  batteries: z.array(OwnBatterySchema).default([]),
  shiftableLoads: z.array(ShiftableLoadSchema).default([]),
  evs: z.array(EvSchema).default([]),
});

/** Any consumer agent. */
export const AgentSchema = z.discriminatedUnion("kind", [ProsumerSchema, DccOperatorSchema, MicrogridSchema, VppSchema]);

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

export type AgentSpec = z.output<typeof AgentSchema>;
export type ProsumerSpec = z.output<typeof ProsumerSchema>;
export type DccOperatorSpec = z.output<typeof DccOperatorSchema>;
export type MicrogridSpec = z.output<typeof MicrogridSchema>;
export type VppSpec = z.output<typeof VppSchema>;
export type DataCenterSpec = z.output<typeof DataCenterSchema>;
export type CoolingSpec = z.output<typeof CoolingSchema>;
export type OwnBatterySpec = z.output<typeof OwnBatterySchema>;
export type TemperaturePueSpec = z.output<typeof TemperaturePueSchema>;
export type TemperatureGeneratorSpec = z.output<typeof TemperatureGeneratorSchema>;
export type CsvProfileSpec = z.output<typeof CsvProfileSchema>;
export type ForecastSpec = z.output<typeof ForecastSchema>;
export type EconomicsSpec = z.output<typeof EconomicsSchema>;
export type StorageScenario = z.output<typeof StorageSchema>;

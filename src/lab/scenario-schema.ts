import { z } from "zod";

/**
 * The scenario file (DESIGN.md §8). Every field states its unit and every default is written
 * here, so the resolved scenario stored in a run's manifest says everything that ran.
 * Objects are strict: an unknown field is an error, never silently ignored.
 */

const nonNegative = (what: string) => z.number().finite().nonnegative().describe(what);
const positive = (what: string) => z.number().finite().positive().describe(what);
const fraction = (what: string) => z.number().finite().min(0).max(1).describe(what);
const hourOfDay = z.number().int().min(0).max(23);

/** A profile read from a CSV file with a header row (path relative to the scenario file). */
export const CsvProfileSchema = z.strictObject({
  csv: z.string().min(1).describe("path of a CSV file with a header row, one row per step"),
  column: z.string().optional().describe("column to read; optional when the file has one value column"),
  scale: z.number().finite().default(1).describe("factor applied to every value (e.g. 0.001 for W → kW)"),
});

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

/** On-site wind turbines of a data center. */
export const WindSchema = z.strictObject({
  ratedKW: nonNegative("rated wind power at the site, kW"),
  meanSpeedMS: positive("mean wind speed at hub height, m/s").default(7),
  weibullK: positive("Weibull shape parameter k").default(2),
});

/** How a consumer agent bids; the same choice for every agent kind. */
export const StrategyNameSchema = z.enum(["rule-based", "lp-optimal"]).describe("bidding strategy");

const agentCommon = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '.', '_' or '-'").describe("agent id"),
  strategy: StrategyNameSchema.default("rule-based"),
  bidJitter: fraction("spread of order limits inside [λ^s, λ^b], drawn from the agent's stream").default(0.05),
};

/** A household with load and PV; `count` > 1 makes `count` agents `id-001`, `id-002`, … */
export const ProsumerSchema = z.strictObject({
  ...agentCommon,
  kind: z.literal("prosumer"),
  count: z.number().int().min(1).max(100_000).default(1).describe("number of alike prosumers"),
  load: LoadProfileSchema.default({ generator: "residential", meanKW: 0.5 }),
  pv: PvSchema.optional(),
});

/** One data center of a cluster. */
export const DataCenterSchema = z.strictObject({
  id: z.string().min(1),
  itLoad: ItLoadProfileSchema,
  pue: z.number().finite().min(1).default(1.4).describe("power usage effectiveness: facility kW per IT kW, ≥ 1"),
  wind: WindSchema.optional(),
});

/** A data-center-cluster operator; its DCs net their surpluses and deficits before it trades. */
export const DccOperatorSchema = z.strictObject({
  ...agentCommon,
  kind: z.literal("dcc-operator"),
  dataCenters: z.array(DataCenterSchema).min(1),
});

/** Any consumer agent. */
export const AgentSchema = z.discriminatedUnion("kind", [ProsumerSchema, DccOperatorSchema]);

/** Grid prices: one number, 24 hourly numbers, or peak/flat/valley prices with `periods`. */
const PriceSpecSchema = z.union([
  z.number().finite(),
  z.array(z.number().finite()).length(24),
  z.strictObject({ peak: z.number().finite(), flat: z.number().finite(), valley: z.number().finite() }),
]);

const DayTariffSchema = z.strictObject({
  buy: PriceSpecSchema.describe("grid buy price λ^b, currency/kWh"),
  sell: PriceSpecSchema.describe("grid sell (feed-in) price λ^s, currency/kWh"),
});

/** Time-of-use tariff. */
export const TariffSchema = z.strictObject({
  buy: PriceSpecSchema.describe("grid buy price λ^b, currency/kWh"),
  sell: PriceSpecSchema.describe("grid sell (feed-in) price λ^s, currency/kWh"),
  periods: z
    .strictObject({ peak: z.array(hourOfDay), valley: z.array(hourOfDay) })
    .default({ peak: [10, 11, 18, 19, 20], valley: [0, 1, 2, 3, 4, 5, 6, 23] })
    .describe("local hours of the peak and valley bands; the rest are flat"),
  weekend: DayTariffSchema.optional().describe("weekend prices; weekday prices when omitted"),
  demandChargePerKW: nonNegative("currency per kW of peak grid import in a rental period").default(0),
});

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
  })
  .refine((s) => s.socMin < s.socMax, { message: "socMin must be below socMax", path: ["socMin"] });

const MechanismChoice = (fallback: string, params: Record<string, unknown>) =>
  z
    .strictObject({
      mechanism: z.string().min(1).default(fallback),
      params: z.record(z.string(), z.unknown()).default(params),
    })
    .default({ mechanism: fallback, params });

/** The whole scenario. */
export const ScenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(""),
  seed: z.string().min(1).default("42").describe("root seed; a string"),
  site: z.strictObject({ latitudeDeg: z.number().min(-90).max(90).default(30) }).default({ latitudeDeg: 30 }),
  calendar: z.strictObject({
    start: z.iso.datetime({ offset: true }).default("2026-01-01T00:00:00Z").describe("ISO 8601 start"),
    steps: z.number().int().positive().max(10_000_000).describe("number of steps"),
    stepHours: positive("Δt, hours").default(1),
    rentalPeriodSteps: z.number().int().positive().default(24).describe("steps per rental period"),
    utcOffsetHours: z.number().min(-14).max(14).default(0).describe("local time − UTC, hours"),
  }),
  currency: z.string().min(1).default("CNY"),
  tariff: TariffSchema,
  storage: StorageSchema,
  market: z
    .strictObject({
      rental: MechanismChoice("posted", {}),
      energy: MechanismChoice("uniform", { k: 0.5 }),
    })
    .default({ rental: { mechanism: "posted", params: {} }, energy: { mechanism: "uniform", params: { k: 0.5 } } }),
  agents: z.array(AgentSchema).min(1),
});

/** A scenario with every default filled in. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** A scenario as written in a file. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** One consumer agent entry as resolved. */
export type AgentSpec = z.output<typeof AgentSchema>;
export type ProsumerSpec = z.output<typeof ProsumerSchema>;
export type DccOperatorSpec = z.output<typeof DccOperatorSchema>;
export type DataCenterSpec = z.output<typeof DataCenterSchema>;
export type CsvProfileSpec = z.output<typeof CsvProfileSchema>;
export type EconomicsSpec = z.output<typeof EconomicsSchema>;
export type StorageScenario = z.output<typeof StorageSchema>;

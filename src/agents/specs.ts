import { z } from "zod";

/**
 * The scenario shapes of agents and of the storage provider: what a scenario file says about
 * them, with units and defaults. lab/scenario-schema.ts composes these into the whole scenario.
 */

export const nonNegative = (what: string) => z.number().finite().nonnegative().describe(what);
export const positive = (what: string) => z.number().finite().positive().describe(what);
export const fraction = (what: string) => z.number().finite().min(0).max(1).describe(what);
export const hourOfDay = z.number().int().min(0).max(23);

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

export type AgentSpec = z.output<typeof AgentSchema>;
export type ProsumerSpec = z.output<typeof ProsumerSchema>;
export type DccOperatorSpec = z.output<typeof DccOperatorSchema>;
export type DataCenterSpec = z.output<typeof DataCenterSchema>;
export type CsvProfileSpec = z.output<typeof CsvProfileSchema>;
export type EconomicsSpec = z.output<typeof EconomicsSchema>;
export type StorageScenario = z.output<typeof StorageSchema>;

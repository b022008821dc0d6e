import { z } from "zod";
import { AgentSchema, StorageSchema, hourOfDay, nonNegative, positive } from "../agents/index.js";
import { representativeIssues } from "./calendar-representative.js";

export { AgentSchema, StorageSchema, EconomicsSchema, type AgentSpec, type StorageScenario, type EconomicsSpec, type ForecastSpec } from "../agents/index.js";

/**
 * The scenario file (DESIGN.md §8). Every field states its unit and every default is written
 * here, so the resolved scenario stored in a run's manifest says everything that ran.
 * Objects are strict: an unknown field is an error, never silently ignored.
 */

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

const MechanismChoice = (fallback: string, params: Record<string, unknown>) =>
  z
    .strictObject({
      mechanism: z.string().min(1).default(fallback),
      params: z.record(z.string(), z.unknown()).default(params),
    })
    .default({ mechanism: fallback, params });

const CONVERGENCE_DEFAULT = { epsilon: 0.001, periods: 3 };

/** When repeated play counts as converged: rental prices moving less than ε (relative) for k periods. */
const ConvergenceSchema = z
  .strictObject({
    epsilon: z.number().finite().positive().default(0.001).describe("largest relative price change that counts as stable"),
    periods: z.number().int().min(1).default(3).describe("consecutive stable rental periods needed"),
  })
  .default(CONVERGENCE_DEFAULT);

/**
 * How the options a run is compared with are set up (MODEL.md §7, §8). Absent (the block or a
 * member) means the default written in each member's description; nothing is filled in here,
 * so scenarios without the block keep their resolved form (the hash rule, sim/log/index.ts).
 * What was used is written into the summary's comparison.
 */
export const BaselinesSchema = z.strictObject({
  ownBattery: z
    .strictObject({
      sizing: z.enum(["optimal", "given"]).describe("optimal (default): each agent's sizing LP sizes its battery once for the horizon; given: energyKWh and powerKW below, for every agent"),
      energyKWh: nonNegative("each agent's own battery, kWh (sizing: given)").optional(),
      powerKW: nonNegative("each agent's own battery, kW (sizing: given)").optional(),
    })
    .refine((b) => b.sizing !== "given" || (b.energyKWh !== undefined && b.powerKW !== undefined), { message: "sizing: given needs energyKWh and powerKW", path: ["sizing"] })
    .refine((b) => b.sizing !== "optimal" || (b.energyKWh === undefined && b.powerKW === undefined), { message: "sizing: optimal chooses the size; leave out energyKWh and powerKW", path: ["sizing"] })
    .optional()
    .describe("the own-battery option; absent: sizing optimal"),
  neighbourShared: z
    .strictObject({
      groupSize: z.number().int().min(2).describe("agents per neighbour group (the last group may be smaller)"),
      sizing: z
        .enum(["given", "optimal"])
        .optional()
        .describe("given (default): each group owns its share of the shared storage, E^max·|g|/N and P^max·|g|/N; optimal: each group's sizing LP sizes its battery"),
    })
    .optional()
    .describe("neighbour-shared batteries: agents in id order split into consecutive groups, each owning one battery; absent: not computed"),
  sizingPeriods: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("most rental periods an optimal-sizing LP sees (default 28); a longer horizon is sized on that many evenly spaced representative periods, then evaluated over every period"),
  perfectForesight: z
    .boolean()
    .optional()
    .describe("also compute no storage and the central optimum under perfect foresight, as separate columns (default false; nothing extra when every agent forecasts perfectly)"),
});

/** The start of a scenario that gives none (and has no representative spans). */
export const DEFAULT_START = "2026-01-01T00:00:00Z";

/**
 * Representative spans (docs/experiments.md, "Representative spans"): the run is several
 * ordinary runs of `calendar.steps` steps each, one from each start, weighted into a year.
 * Absent by default and kept absent, so scenarios without it resolve as before (the hash
 * rule, sim/log/index.ts).
 */
export const RepresentativeSchema = z.strictObject({
  starts: z
    .array(z.iso.datetime({ offset: true }))
    .min(1, "at least one start: the ISO 8601 instant each representative span begins at")
    .describe("ISO 8601 start of each representative span (each calendar.steps steps long); spans may not overlap"),
  weights: z
    .array(z.number().finite().positive("a weight > 0: how many such spans this one stands for in a year"))
    .optional()
    .describe("how many such spans each stands for in a year, relative (default: equal); normalised so that Σ weight·hours = 8760 h"),
});

const CalendarObjectSchema = z.strictObject({
  start: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(`ISO 8601 start; default ${DEFAULT_START}, or with representative spans the first span's start (and nothing else)`),
  steps: z.number().int().positive().max(10_000_000).describe("number of steps (of each span, with representative spans)"),
  stepHours: positive("Δt, hours").default(1),
  rentalPeriodSteps: z.number().int().positive().default(24).describe("steps per rental period"),
  utcOffsetHours: z.number().min(-14).max(14).default(0).describe("local time − UTC, hours"),
  representative: RepresentativeSchema.optional().describe("run one span from each start and weight them into a year; absent: one run from start"),
});

/**
 * The calendar: the checks on representative spans (calendar-representative.ts), then the
 * start filled in — the default, or the first span's — so a resolved calendar always has one.
 */
const CalendarSchema = CalendarObjectSchema.superRefine(representativeIssues).transform(({ start, ...rest }) => ({
  start: start ?? rest.representative?.starts[0] ?? DEFAULT_START,
  ...rest,
}));

/** The whole scenario. */
export const ScenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(""),
  seed: z.string().min(1).default("42").describe("root seed; a string"),
  site: z.strictObject({ latitudeDeg: z.number().min(-90).max(90).default(30) }).default({ latitudeDeg: 30 }),
  calendar: CalendarSchema,
  currency: z.string().min(1).default("CNY"),
  tariff: TariffSchema,
  storage: StorageSchema,
  market: z
    .strictObject({
      rental: MechanismChoice("posted", {}),
      energy: MechanismChoice("uniform", { k: 0.5 }),
      convergence: ConvergenceSchema,
    })
    .default({ rental: { mechanism: "posted", params: {} }, energy: { mechanism: "uniform", params: { k: 0.5 } }, convergence: CONVERGENCE_DEFAULT }),
  agents: z.array(AgentSchema).min(1),
  /** Absent means none (kept absent: the hash rule, sim/log/index.ts). */
  baselines: BaselinesSchema.optional().describe("how the options a run is compared with are set up; absent: every default"),
});

/** A scenario with every default filled in. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** A scenario as written in a file. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

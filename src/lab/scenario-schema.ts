import { z } from "zod";
import { AgentSchema, StorageSchema, hourOfDay, nonNegative } from "../agents/index.js";
import {
  formatBound,
  MAX_COUNT,
  MAX_ENERGY_KWH,
  MAX_HORIZON_HOURS,
  MAX_POWER_KW,
  MAX_PRICE_PER_KW,
  MAX_PRICE_PER_KWH,
  MAX_STEP_HOURS,
  MAX_STEPS,
  MAX_WEIGHT,
  MIN_STEP_HOURS,
} from "../core/bounds.js";
import { representativeIssues, type RepresentativeCalendar } from "./calendar-representative.js";

export { AgentSchema, StorageSchema, EconomicsSchema, type AgentSpec, type StorageScenario, type EconomicsSpec, type ForecastSpec } from "../agents/index.js";

/**
 * The scenario file (DESIGN.md §8). Every field states its unit and every default is written
 * here, so the resolved scenario stored in a run's manifest says everything that ran.
 * Objects are strict: an unknown field is an error, never silently ignored.
 */

/** One grid price, currency/kWh: negative prices are allowed, |price| ≤ MAX_PRICE_PER_KWH (core/bounds.ts). */
const price = z.number().finite().min(-MAX_PRICE_PER_KWH).max(MAX_PRICE_PER_KWH);

/** Grid prices: one number, 24 hourly numbers, or peak/flat/valley prices with `periods`. */
const PriceSpecSchema = z.union([price, z.array(price).length(24), z.strictObject({ peak: price, flat: price, valley: price })]);

const PRICE_BOUND = `, |price| ≤ ${formatBound(MAX_PRICE_PER_KWH)}`;

const DayTariffSchema = z.strictObject({
  buy: PriceSpecSchema.describe(`grid buy price λ^b, currency/kWh${PRICE_BOUND}`),
  sell: PriceSpecSchema.describe(`grid sell (feed-in) price λ^s, currency/kWh${PRICE_BOUND}`),
});

/** Time-of-use tariff. */
export const TariffSchema = z.strictObject({
  buy: PriceSpecSchema.describe(`grid buy price λ^b, currency/kWh${PRICE_BOUND}`),
  sell: PriceSpecSchema.describe(`grid sell (feed-in) price λ^s, currency/kWh${PRICE_BOUND}`),
  periods: z
    .strictObject({ peak: z.array(hourOfDay), valley: z.array(hourOfDay) })
    .default({ peak: [10, 11, 18, 19, 20], valley: [0, 1, 2, 3, 4, 5, 6, 23] })
    .describe("local hours of the peak and valley bands; the rest are flat"),
  weekend: DayTariffSchema.optional().describe("weekend prices; weekday prices when omitted"),
  demandChargePerKW: nonNegative("currency per kW of peak grid import in a rental period", MAX_PRICE_PER_KW).default(0),
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
    epsilon: z.number().finite().positive().max(1).default(0.001).describe("largest relative price change that counts as stable (0 < ε ≤ 1)"),
    periods: z.number().int().min(1).max(MAX_COUNT).default(3).describe(`consecutive stable rental periods needed (1 ≤ k ≤ ${formatBound(MAX_COUNT)})`),
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
      energyKWh: nonNegative("each agent's own battery, kWh (sizing: given)", MAX_ENERGY_KWH).optional(),
      powerKW: nonNegative("each agent's own battery, kW (sizing: given)", MAX_POWER_KW).optional(),
    })
    .refine((b) => b.sizing !== "given" || (b.energyKWh !== undefined && b.powerKW !== undefined), { message: "sizing: given needs energyKWh and powerKW", path: ["sizing"] })
    .refine((b) => b.sizing !== "optimal" || (b.energyKWh === undefined && b.powerKW === undefined), { message: "sizing: optimal chooses the size; leave out energyKWh and powerKW", path: ["sizing"] })
    .optional()
    .describe("the own-battery option; absent: sizing optimal"),
  neighbourShared: z
    .strictObject({
      groupSize: z.number().int().min(2).max(MAX_COUNT).describe(`agents per neighbour group (the last group may be smaller), 2 ≤ size ≤ ${formatBound(MAX_COUNT)}`),
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
    .max(MAX_COUNT)
    .optional()
    .describe("most rental periods an optimal-sizing LP sees (default 28, at most 1e6); a longer horizon is sized on that many evenly spaced representative periods, then evaluated over every period"),
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
    .array(
      z
        .number()
        .finite()
        .positive("a weight > 0: how many such spans this one stands for in a year")
        .max(MAX_WEIGHT, `a weight ≤ ${formatBound(MAX_WEIGHT)}: how many such spans this one stands for in a year, relative`),
    )
    .optional()
    .describe("how many such spans each stands for in a year, relative (default: equal); normalised so that Σ weight·hours = 8760 h"),
});

const CalendarObjectSchema = z.strictObject({
  start: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(`ISO 8601 start; default ${DEFAULT_START}, or with representative spans the first span's start (and nothing else)`),
  steps: z
    .number()
    .int()
    .positive()
    .max(MAX_STEPS)
    .describe(`number of steps (of each span, with representative spans), 1 ≤ steps ≤ ${formatBound(MAX_STEPS)}; a whole number of rental periods, and steps × stepHours ≤ ${formatBound(MAX_HORIZON_HOURS)} h`),
  stepHours: z
    .number()
    .finite()
    .min(MIN_STEP_HOURS, { error: (iss) => `a step of at least one second (1/3600 h), got ${String(iss.input)}` })
    .max(MAX_STEP_HOURS)
    .default(1)
    .describe(`Δt, hours, from one second (1/3600) to ${MAX_STEP_HOURS}`),
  rentalPeriodSteps: z
    .number()
    .int()
    .positive()
    .default(24)
    .describe("steps per rental period; must divide calendar.steps (every period is whole: no short last period)"),
  utcOffsetHours: z.number().min(-14).max(14).default(0).describe("local time − UTC, hours"),
  representative: RepresentativeSchema.optional().describe("run one span from each start and weight them into a year; absent: one run from start"),
});

/**
 * The checks of the horizon zod cannot state field by field: whole rental periods (a short last
 * period would be rented and priced as a full one — refused rather than prorated; docs/profiles.md
 * "Calendar") and a horizon within MAX_HORIZON_HOURS.
 */
function horizonIssues(calendar: RepresentativeCalendar & { readonly rentalPeriodSteps: number }, ctx: z.RefinementCtx): void {
  const { steps, stepHours, rentalPeriodSteps } = calendar;
  // A period that is not a whole number ≥ 1 already has its own issue.
  if (Number.isInteger(rentalPeriodSteps) && rentalPeriodSteps >= 1 && steps % rentalPeriodSteps !== 0) {
    const whole = Math.floor(steps / rentalPeriodSteps);
    const near = [whole, whole + 1].filter((n) => n > 0).map((n) => n * rentalPeriodSteps);
    ctx.addIssue({
      code: "custom",
      path: ["rentalPeriodSteps"],
      message: `a divisor of calendar.steps (${steps}), so that every rental period is whole; got ${rentalPeriodSteps}, which leaves a last period of ${steps % rentalPeriodSteps} steps (use steps ${near.join(" or ")}, or another period)`,
    });
  }
  if (steps * stepHours > MAX_HORIZON_HOURS) {
    ctx.addIssue({ code: "custom", path: ["steps"], message: `a horizon steps × stepHours ≤ ${formatBound(MAX_HORIZON_HOURS)} h, got ${steps} × ${stepHours} = ${steps * stepHours} h` });
  }
}

/**
 * The calendar: the checks on representative spans (calendar-representative.ts), then the
 * start filled in — the default, or the first span's — so a resolved calendar always has one.
 */
const CalendarSchema = CalendarObjectSchema.superRefine(horizonIssues).superRefine(representativeIssues).transform(({ start, ...rest }) => ({
  start: start ?? rest.representative?.starts[0] ?? DEFAULT_START,
  ...rest,
}));

/**
 * The calendar's fields without the checks across them (whole rental periods, spans), start
 * filled in: what building agents needs, so that `validate` can still check the agents' CSV
 * files when only such a check failed (scenario-issues.ts).
 */
export const CalendarFieldsSchema = CalendarObjectSchema.transform(({ start, ...rest }) => ({
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

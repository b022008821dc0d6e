import { z } from "zod";
import { MAX_AMOUNT, MAX_POWER_KW, MAX_PRICE_PER_KWH } from "../../../core/bounds.js";
import { agentFields, CsvProfileSchema, fraction, LoadProfileSchema, nonNegative, positive, PvSchema, WindSchema } from "../../spec-fields.js";
import { MICROGRID_STRATEGIES } from "./strategies.js";

/** The scenario shape of a microgrid (docs/agents/microgrid.md). */

/** Office load generator: a plateau over weekday office hours, base load at night and weekends. */
export const CommercialLoadSchema = z
  .strictObject({
    generator: z.literal("commercial"),
    meanKW: positive("mean load over a week, kW", MAX_POWER_KW),
    openHour: z.number().min(0).max(24).default(8).describe("local hour the office opens on weekdays"),
    closeHour: z.number().min(0).max(24).default(18).describe("local hour the office closes on weekdays"),
    baseShare: fraction("load outside office hours and at weekends, fraction of the office-hours load").default(0.3),
  })
  .refine((s) => s.openHour < s.closeHour, { message: "openHour must be before closeHour", path: ["openHour"] });

/** Industrial load generator: shift work from 06:00 on a high base, flatter than commercial load. */
export const IndustrialLoadSchema = z.strictObject({
  generator: z.literal("industrial"),
  meanKW: positive("mean load over a week, kW", MAX_POWER_KW),
  shifts: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2).describe("eight-hour shifts per day from 06:00: 1, 2 or 3"),
  baseShare: fraction("load when no shift runs, fraction of the in-shift load").default(0.6),
  weekendShare: fraction("weekend shift activity as a fraction of a weekday's").default(0.5),
});

/** A microgrid's dispatchable generator: cost a per running hour + b per kWh, ramp-limited. */
export const DispatchableGeneratorSchema = z.strictObject({
  maxKW: positive("most output, kW", MAX_POWER_KW),
  costPerHourRunning: nonNegative("a: fixed cost per hour while running, currency/h (relaxed to a·P/maxKW in the LP)", MAX_AMOUNT).default(0),
  costPerKWh: nonNegative("b: fuel cost per kWh generated, currency/kWh", MAX_PRICE_PER_KWH).default(0.8),
  rampKWPerStep: positive("most change of output between consecutive steps, kW; absent: no limit", MAX_POWER_KW).optional(),
});

/** A microgrid: residential, commercial and industrial load classes, PV, wind, an optional generator, a grid tie. */
export const MicrogridSchema = z.strictObject({
  ...agentFields(MICROGRID_STRATEGIES),
  kind: z.literal("microgrid").describe("agent kind"),
  residential: LoadProfileSchema.optional().describe("residential load class, kW (generator or CSV); absent: none"),
  commercial: z.union([CommercialLoadSchema, CsvProfileSchema]).optional().describe("commercial load class, kW; absent: none"),
  industrial: z.union([IndustrialLoadSchema, CsvProfileSchema]).optional().describe("industrial load class, kW; absent: none"),
  pv: PvSchema.optional().describe("rooftop PV; absent: none"),
  wind: WindSchema.optional().describe("on-site wind turbines; absent: none"),
  generator: DispatchableGeneratorSchema.optional().describe("dispatchable generator (diesel, gas); absent: none"),
  gridTieKW: positive("most import or export at the point of common coupling, kW; absent: no limit", MAX_POWER_KW).optional(),
  valueOfLostLoadPerKWh: nonNegative("cost of load shed when the grid tie cannot carry the import, currency/kWh; absent: 10", MAX_PRICE_PER_KWH).optional(),
});

export type MicrogridSpec = z.output<typeof MicrogridSchema>;

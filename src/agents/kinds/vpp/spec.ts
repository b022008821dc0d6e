import { z } from "zod";
import { MAX_ENERGY_KWH, MAX_POWER_KW } from "../../../core/bounds.js";
import { agentFields, hourOfDay, LoadProfileSchema, OwnBatterySchema, positive, PvSchema, WindSchema } from "../../spec-fields.js";
import { VPP_STRATEGIES } from "./strategies.js";

/** The scenario shape of a virtual power plant (docs/agents/vpp.md). */

/** Hours of a daily window from start to end (end ≤ start wraps past midnight; equal: 24 h). */
export function windowHours(startHour: number, endHour: number): number {
  return ((endHour - startHour) % 24 + 24) % 24 || 24;
}

/** A shiftable load: energyKWh to deliver inside [windowStartHour, windowEndHour) every day. */
export const ShiftableLoadSchema = z
  .strictObject({
    energyKWh: positive("energy to deliver each day, kWh", MAX_ENERGY_KWH),
    windowStartHour: hourOfDay.describe("local hour the window opens"),
    windowEndHour: hourOfDay.describe("local hour by which the energy is delivered (≤ start: next day)"),
    maxKW: positive("most power, kW", MAX_POWER_KW),
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
    energyKWh: positive("energy needed by departure each day, kWh", MAX_ENERGY_KWH),
    maxKW: positive("most charging power, kW", MAX_POWER_KW),
  })
  .refine((s) => s.energyKWh <= s.maxKW * windowHours(s.arrivalHour, s.departureHour) + 1e-9, {
    message: "energyKWh must fit between arrival and departure at maxKW",
    path: ["energyKWh"],
  });

/** A virtual power plant: base load, PV, wind, own batteries, shiftable loads and EVs, bidding as one. */
export const VppSchema = z.strictObject({
  ...agentFields(VPP_STRATEGIES),
  kind: z.literal("vpp").describe("agent kind"),
  baseLoad: LoadProfileSchema.default({ generator: "residential", meanKW: 10 }).describe("base load, kW (residential generator or CSV)"),
  pv: PvSchema.optional().describe("rooftop PV; absent: none"),
  wind: WindSchema.optional().describe("on-site wind turbines; absent: none"),
  batteries: z.array(OwnBatterySchema).default([]).describe("own batteries behind its meter"),
  shiftableLoads: z.array(ShiftableLoadSchema).default([]).describe("loads whose daily energy may move within a window"),
  evs: z.array(EvSchema).default([]).describe("EVs charged between arrival and departure"),
});

export type VppSpec = z.output<typeof VppSchema>;

import { z } from "zod";
import { agentFields, LoadProfileSchema, OwnBatterySchema, PvSchema } from "../../spec-fields.js";
import { PROSUMER_STRATEGIES } from "./strategies.js";

/** The scenario shape of a household (docs/agents/prosumer.md). */

/** A household with load, PV and optionally its own battery; `count` > 1 makes `count` agents `id-001`, `id-002`, … */
export const ProsumerSchema = z.strictObject({
  ...agentFields(PROSUMER_STRATEGIES),
  kind: z.literal("prosumer").describe("agent kind"),
  count: z.number().int().min(1).max(100_000).default(1).describe("number of alike prosumers (1 ≤ count ≤ 100000)"),
  load: LoadProfileSchema.default({ generator: "residential", meanKW: 0.5 }).describe("household load, kW (residential generator or CSV)"),
  pv: PvSchema.optional().describe("rooftop PV; absent: none"),
  /** Absent means none (kept absent so existing scenarios hash as before). */
  battery: OwnBatterySchema.optional().describe("the household's own battery behind its meter; absent: none"),
});

export type ProsumerSpec = z.output<typeof ProsumerSchema>;

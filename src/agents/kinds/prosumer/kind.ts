import { defineAgentKind } from "../../agent-kind.js";
import { portfolioPlanner } from "../../strategies/portfolio-lp.js";
import { buildProsumers, prosumerIds } from "./model.js";
import { ProsumerSchema } from "./spec.js";
import { PROSUMER_STRATEGIES } from "./strategies.js";

/** A household: load, optional PV and an optional battery of its own; `count` alike households. */
export const prosumerKind = defineAgentKind({
  name: "prosumer",
  description: "a household: load, optional rooftop PV and own battery; count > 1 makes that many alike households",
  schema: ProsumerSchema,
  strategies: PROSUMER_STRATEGIES,
  flexibility: [portfolioPlanner("own-battery", "its own battery behind the meter (charge, discharge)")],
  docs: "docs/agents/prosumer.md",
  example: { kind: "prosumer", id: "house", count: 2, pv: { kWp: 4 }, battery: { energyKWh: 5, powerKW: 2.5 } },
  ids: prosumerIds,
  build: (spec, ctx, path) => buildProsumers(spec, ctx, path),
});

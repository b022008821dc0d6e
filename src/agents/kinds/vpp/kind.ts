import { defineAgentKind } from "../../agent-kind.js";
import { portfolioPlanner } from "../../strategies/portfolio-lp.js";
import { buildVpp } from "./model.js";
import { VppSchema } from "./spec.js";
import { VPP_STRATEGIES } from "./strategies.js";

/** A virtual power plant: base load, PV, wind, own batteries, shiftable loads and EVs, bidding as one. */
export const vppKind = defineAgentKind({
  name: "vpp",
  description: "a virtual power plant: base load, PV, wind, own batteries, shiftable loads and EVs bidding as one",
  schema: VppSchema,
  strategies: VPP_STRATEGIES,
  flexibility: [portfolioPlanner("vpp", "own batteries (charge, discharge) and deferrable loads (shiftable appliances, EVs) within their daily windows")],
  docs: "docs/agents/vpp.md",
  example: {
    kind: "vpp",
    id: "vpp",
    pv: { kWp: 30 },
    batteries: [{ energyKWh: 20, powerKW: 10 }],
    shiftableLoads: [{ energyKWh: 6, windowStartHour: 9, windowEndHour: 17, maxKW: 2 }],
    evs: [{ arrivalHour: 18, departureHour: 7, energyKWh: 20, maxKW: 7 }],
  },
  ids: (spec) => [spec.id],
  build: (spec, ctx, path) => [buildVpp(spec, ctx, path)],
});

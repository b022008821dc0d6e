import { defineAgentKind } from "../../agent-kind.js";
import { addMicrogridFlexibility, buildMicrogridPeriodLp, solveMicrogridPeriodLp } from "./lp.js";
import { buildMicrogrid } from "./model.js";
import { MicrogridSchema } from "./spec.js";
import { MICROGRID_STRATEGIES } from "./strategies.js";

/** A microgrid: load classes, PV, wind, an optional generator, behind a grid tie. */
export const microgridKind = defineAgentKind({
  name: "microgrid",
  description: "a microgrid: residential, commercial and industrial load, PV, wind, an optional dispatchable generator and a grid tie",
  schema: MicrogridSchema,
  strategies: MICROGRID_STRATEGIES,
  flexibility: [
    {
      kind: "microgrid",
      description: "a dispatchable generator (fuel cost, ramp limit) that removes load",
      addToLp: (parts, period, prefix) => addMicrogridFlexibility(parts, period, prefix, null),
      solve: (period, choice) => solveMicrogridPeriodLp(period, choice, null),
      build: (period, choice) => buildMicrogridPeriodLp(period, choice, null),
    },
  ],
  docs: "docs/agents/microgrid.md",
  example: {
    kind: "microgrid",
    id: "mg",
    residential: { generator: "residential", meanKW: 40 },
    commercial: { generator: "commercial", meanKW: 60 },
    pv: { kWp: 80 },
    generator: { maxKW: 50, costPerKWh: 0.8, rampKWPerStep: 25 },
    gridTieKW: 150,
  },
  ids: (spec) => [spec.id],
  build: (spec, ctx, path) => [buildMicrogrid(spec, ctx, path)],
});

import { defineAgentKind } from "../../agent-kind.js";
import { addDccFlexibility } from "./lp.js";
import { buildDccOperator } from "./model.js";
import { DccOperatorSchema } from "./spec.js";
import { DCC_LP, DCC_OPERATOR_STRATEGIES } from "./strategies.js";

/** A data-center-cluster operator: data centers that net their loads and wind, trading as one. */
export const dccOperatorKind = defineAgentKind({
  name: "dcc-operator",
  description: "a data-center cluster: data centers with IT load, PUE or cooling plant and wind, netted behind one operator",
  schema: DccOperatorSchema,
  strategies: DCC_OPERATOR_STRATEGIES,
  flexibility: [
    {
      ...DCC_LP,
      description: "batch IT work deferred within its deadline and migrated between data centers; absorption chiller and boiler",
      addToLp: addDccFlexibility,
    },
  ],
  docs: "docs/agents/dcc-operator.md",
  example: {
    kind: "dcc-operator",
    id: "dcc",
    dataCenters: [
      { id: "dc1", itLoad: { generator: "datacenter-it", meanKW: 200 }, wind: { ratedKW: 100 }, batchDeadlineHours: 6 },
      { id: "dc2", itLoad: { generator: "datacenter-it", meanKW: 150, peakHour: 20 } },
    ],
    migrationBandwidthKW: 50,
  },
  ids: (spec) => [spec.id],
  build: (spec, ctx, path) => [buildDccOperator(spec, ctx, path)],
});

import type { TopLevelSpec } from "vega-lite";
import { CHART_HEIGHT, CHART_WIDTH, REPORT_CONFIG } from "./chart.js";
import type { SocPoint } from "./run-series.js";

/** Stored energy (SOC) of each tenant's partition after every step, one line per tenant. */
export function socChart(points: readonly SocPoint[], start: string): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: points as unknown as Record<string, unknown>[] },
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "hour", type: "quantitative", title: `hours since ${start}` },
      y: { field: "storedKWh", type: "quantitative", title: "stored energy, kWh" },
      color: { field: "tenant", type: "nominal", title: "tenant", sort: "ascending" },
    },
  };
}

import type { TopLevelSpec } from "vega-lite";
import { CHART_HEIGHT, CHART_WIDTH, REPORT_CONFIG } from "./chart.js";
import type { LeaderQuery } from "./run-series.js";

/**
 * The Stackelberg leader's search in every rental round: the revenue the provider would earn
 * at each queried price pair, in query order, one line per period; the query the round
 * settled on is drawn as a larger black-edged dot.
 */
export function stackelbergChart(queries: readonly LeaderQuery[], currency: string): TopLevelSpec {
  const periods = new Set(queries.map((q) => q.period)).size;
  // Periods are many in long runs: a continuous colour ramp reads better than dozens of hues.
  const color = periods > 10 ? ({ field: "period", type: "quantitative", title: "period" } as const) : ({ field: "period", type: "nominal", title: "period", sort: "ascending" } as const);
  const tooltip = [
    { field: "period", type: "ordinal" },
    { field: "query", type: "quantitative" },
    { field: "cE", type: "quantitative", format: ".4f" },
    { field: "cP", type: "quantitative", format: ".4f" },
    { field: "leaderRevenue", type: "quantitative", format: ".2f" },
  ] as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: queries as unknown as Record<string, unknown>[] },
    encoding: {
      x: { field: "query", type: "quantitative", title: "leader query (within the period)", axis: { tickMinStep: 1 } },
      y: { field: "leaderRevenue", type: "quantitative", title: `leader revenue, ${currency}` },
      color,
      detail: { field: "period", type: "nominal" },
    },
    layer: [
      { mark: { type: "line", strokeWidth: 1, opacity: 0.7 } },
      { mark: { type: "circle", size: 18 }, encoding: { tooltip: [...tooltip] } },
      { transform: [{ filter: "datum.chosen" }], mark: { type: "point", size: 110, filled: true, stroke: "black", strokeWidth: 1.5 } },
    ],
  };
}

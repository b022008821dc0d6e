import type { TopLevelSpec } from "vega-lite";
import { CHART_HEIGHT, CHART_WIDTH, REPORT_CONFIG } from "./chart.js";
import type { PricePoint } from "./run-series.js";

/**
 * Energy prices over time: the grid's buy and sell prices as step lines (they hold for the
 * whole step), and the peer market's clearing price as dots, because it exists only in steps
 * where peers traded and a line would join prices across steps without a market.
 */
export function energyPriceChart(points: readonly PricePoint[], currency: string, start: string): TopLevelSpec {
  const color = { field: "series", type: "nominal", title: null, sort: "ascending" } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: points as unknown as Record<string, unknown>[] },
    encoding: {
      x: { field: "hour", type: "quantitative", title: `hours since ${start}` },
      y: { field: "price", type: "quantitative", title: `${currency}/kWh` },
      color,
    },
    layer: [
      { transform: [{ filter: "datum.kind === 'grid'" }], mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5 } },
      { transform: [{ filter: "datum.kind === 'peer'" }], mark: { type: "circle", size: 28, opacity: 0.9 } },
    ],
  };
}

import type { TopLevelSpec } from "vega-lite";
import { CHART_WIDTH, REPORT_CONFIG } from "./chart.js";
import type { RentalPricePoint } from "./run-series.js";

/** Titles of the panels: energy and power prices have different units, so each gets its own panel and axis. */
const PANEL_TITLES: Record<RentalPricePoint["price"], string> = {
  cE: "cE (per kWh rented)",
  cP: "cP (per kW rented)",
  effective: "payments / kWh rented",
};

/** The rental prices of every period, one panel per price. */
export function rentalPriceChart(points: readonly RentalPricePoint[], currency: string): TopLevelSpec {
  const rows = points.map((p) => ({ ...p, panel: PANEL_TITLES[p.price] }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    data: { values: rows },
    facet: { row: { field: "panel", type: "nominal", title: null, sort: Object.values(PANEL_TITLES) } },
    spec: {
      width: CHART_WIDTH,
      height: 130,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "period", type: "quantitative", title: "rental period", axis: { tickMinStep: 1 } },
        y: { field: "value", type: "quantitative", title: currency, scale: { zero: false } },
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}

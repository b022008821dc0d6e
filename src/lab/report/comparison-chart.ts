import type { TopLevelSpec } from "vega-lite";
import { REPORT_CONFIG } from "./chart.js";
import type { GroupInterval } from "./experiment-series.js";

/**
 * Groups compared on each metric: the mean over replicates as a dot and its 95 % interval as
 * an error bar, one panel per metric with its own scale (profits, costs and efficiencies do
 * not share units).
 */
export function comparisonChart(intervals: readonly GroupInterval[], groupTitle: string, metrics: readonly string[]): TopLevelSpec {
  const x = { field: "group", type: "nominal", title: groupTitle, sort: null, axis: { labelAngle: -30 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    data: { values: intervals as unknown as Record<string, unknown>[] },
    facet: { column: { field: "metric", type: "nominal", title: null, sort: [...metrics] } },
    spec: {
      width: 200,
      height: 220,
      encoding: { x, color: { field: "group", type: "nominal", legend: null, sort: null } },
      layer: [
        {
          mark: { type: "rule", strokeWidth: 2 },
          encoding: { y: { field: "low", type: "quantitative", title: "mean and 95 % interval", scale: { zero: false } }, y2: { field: "high" } },
        },
        { mark: { type: "tick", thickness: 2, width: 14 }, encoding: { y: { field: "low", type: "quantitative" } } },
        { mark: { type: "tick", thickness: 2, width: 14 }, encoding: { y: { field: "high", type: "quantitative" } } },
        { mark: { type: "circle", size: 70, opacity: 1 }, encoding: { y: { field: "mean", type: "quantitative" } } },
      ],
    },
    resolve: { scale: { y: "independent" } },
  };
}

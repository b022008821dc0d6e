import type { TopLevelSpec } from "vega-lite";
import { REPORT_CONFIG } from "./chart.js";
import { VERDICTS, type PointViability, type ViabilityCell } from "./experiment-series.js";

/** Red (none viable) to green (all viable), fixed to [0, 1] so that maps are comparable across reports. */
const shareScale = () => ({ domain: [0, 1], scheme: "redyellowgreen" as const });

/**
 * One row of panels per verdict, in the fixed order users, provider, both (not alphabetical),
 * so that "both" sits under the two sides it combines. Labels stay rotated (Vega-Lite's default):
 * horizontal row labels are offset by their own width in Vega's layout and end up ragged.
 */
const verdictRow = () => ({ field: "verdict", type: "nominal" as const, title: "viable", sort: VERDICTS.map((v) => v.label) });

/** Least height of a map panel, px: the rotated "for the provider" and a scenario path broken at its dots fit beside it. */
const MIN_PANEL_HEIGHT = 110;

/**
 * A heat map of the viable share over two swept axes, each cell labelled with its share, one
 * row of panels per viability verdict and one column per mechanism when the cells carry one.
 * Axes are ordinal: sweep values are discrete and unevenly spaced cells would hide gaps.
 */
export function viabilityHeatmap(cells: readonly ViabilityCell[], xTitle: string, yTitle: string): TopLevelSpec {
  const cell = {
    // Wide enough cells that a full scenario path fits under two of them.
    width: { step: 110 },
    // Steps of 36 px, taller when there are few sweep values, so that the row's labels fit beside it.
    height: { step: Math.max(36, Math.ceil(MIN_PANEL_HEIGHT / Math.max(1, new Set(cells.map((c) => c.y)).size))) },
    encoding: {
      x: { field: "x", type: "ordinal", title: xTitle, sort: "ascending", axis: { labelAngle: 0 } },
      // Broken after each dot: in one line a scenario path is longer than a panel is high.
      y: { field: "y", type: "ordinal", title: yTitle.split(/(?<=\.)/), sort: "descending" },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white" },
        encoding: {
          color: { field: "share", type: "quantitative", title: "viable share", scale: shareScale() },
          tooltip: [{ field: "verdict" }, { field: "share", type: "quantitative", format: ".0%" }, { field: "viable" }, { field: "n" }],
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "label", type: "nominal" },
          // White on the dark ends of the scale, black in the pale middle.
          color: { condition: { test: "datum.share > 0.8 || datum.share < 0.15", value: "white" }, value: "black" },
        },
      },
    ],
  };
  const facet = {
    row: verdictRow(),
    ...(cells.some((c) => c.facet !== null) ? { column: { field: "facet", type: "nominal", title: "mechanism", sort: "ascending" } } : {}),
  };
  // Vega-Lite's types cannot follow literal types through the shared parts; the shape is checked when compiled.
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    data: { values: cells as unknown as Record<string, unknown>[] },
    transform: [{ calculate: "format(datum.share, '.0%') + ' (' + datum.viable + '/' + datum.n + ')'", as: "label" }],
    facet,
    spec: cell,
  } as unknown as TopLevelSpec;
}

/** The viable share per point as bars, one row of panels per verdict, when there are not two numeric axes to map over. */
export function viabilityBars(points: readonly PointViability[], pointTitle: string): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    data: { values: points as unknown as Record<string, unknown>[] },
    width: { step: 36 },
    // Three rows of panels: lower than a single panel so the chart still fits a page.
    height: 120,
    mark: { type: "bar" },
    encoding: {
      row: verdictRow(),
      x: { field: "point", type: "nominal", title: pointTitle, sort: null, axis: { labelAngle: -40 } },
      y: { field: "share", type: "quantitative", title: "viable share", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
      color: { field: "share", type: "quantitative", legend: null, scale: shareScale() },
      tooltip: [{ field: "verdict" }, { field: "point" }, { field: "viable" }, { field: "n" }],
    },
  } as TopLevelSpec;
}

import type { TopLevelSpec } from "vega-lite";

/**
 * What every chart builder hands back: the Vega-Lite spec plus the words the report page
 * shows with it. Builders stay pure (data in, spec out) so they can be tested without files.
 */

/** One chart of a report. */
export interface ReportChart {
  /** File stem of `<name>.svg` / `<name>.png` and the anchor in index.html; `[a-z0-9-]+`. */
  readonly name: string;
  readonly title: string;
  /** One or two sentences under the chart: what is plotted and what was left out. */
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/** The only font installed where reports are rendered; Vega's default (sans-serif) would fall back unpredictably. */
export const REPORT_FONT = "DejaVu Sans";

/** Vega-Lite config shared by every chart, so that all charts look alike and render the same everywhere. */
export const REPORT_CONFIG = {
  font: REPORT_FONT,
  background: "white",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
  title: { fontSize: 14 },
  header: { labelFontSize: 12, titleFontSize: 12 },
} as const;

/** Width of a single-panel time-series chart, px. */
export const CHART_WIDTH = 640;
/** Height of a single-panel chart, px. */
export const CHART_HEIGHT = 240;

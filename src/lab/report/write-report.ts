import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ReportChart } from "./chart.js";
import { reportHtml, type HtmlTable } from "./html.js";
import { renderChart } from "./render.js";

/** The page's words, without the charts. */
export interface ReportText {
  readonly title: string;
  /** A warning shown above everything else (a partial run's), or none. */
  readonly banner?: string;
  readonly lines: readonly string[];
  readonly tables: readonly HtmlTable[];
}

/** What was written. */
export interface ReportOutput {
  /** The report folder. */
  readonly dir: string;
  /** `<dir>/index.html`. */
  readonly index: string;
  /** Chart names, in page order; each has `<name>.svg` and `<name>.png` beside index.html. */
  readonly charts: readonly string[];
}

/**
 * Renders every chart (one after another: Vega's renderer is single-threaded anyway), writes
 * `<name>.svg` and `<name>.png` for each, then index.html with the SVGs inline.
 */
export async function writeReport(outDir: string, text: ReportText, charts: readonly ReportChart[]): Promise<ReportOutput> {
  mkdirSync(outDir, { recursive: true });
  const placed = [];
  for (const chart of charts) {
    const { svg, png } = await renderChart(chart.spec, chart.name);
    writeFileSync(join(outDir, `${chart.name}.svg`), svg);
    writeFileSync(join(outDir, `${chart.name}.png`), png);
    placed.push({ name: chart.name, title: chart.title, caption: chart.caption, svg });
  }
  const index = join(outDir, "index.html");
  writeFileSync(index, reportHtml({ ...text, charts: placed }));
  return { dir: outDir, index, charts: charts.map((c) => c.name) };
}

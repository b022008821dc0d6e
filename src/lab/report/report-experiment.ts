import { basename, join, resolve } from "node:path";
import type { ReportChart } from "./chart.js";
import { comparisonChart } from "./comparison-chart.js";
import { MECHANISM_PATH, readExperimentData, type ExperimentData } from "./experiment-data.js";
import { COMPARED_METRICS, VERDICTS, groupIntervals, groupingOf, numericAxes, pointViability, viabilityCells, type VerdictLabel } from "./experiment-series.js";
import { formatNumber, type HtmlTable } from "./html.js";
import { viabilityBars, viabilityHeatmap } from "./viability-chart.js";
import { writeReport, type ReportOutput, type ReportText } from "./write-report.js";

/** Writes the report of the experiment folder `dir` into `outDir` (default `<dir>/report`). */
export async function reportExperiment(dir: string, outDir = join(dir, "report")): Promise<ReportOutput> {
  const data = readExperimentData(dir);
  return writeReport(outDir, experimentReportText(data), experimentCharts(data));
}

/** The charts of an experiment report, in page order. Charts with nothing to plot are left out. */
export function experimentCharts(data: ExperimentData): ReportChart[] {
  const charts: ReportChart[] = [];
  const grouping = groupingOf(data);
  const intervals = groupIntervals(data, grouping);
  const metrics = COMPARED_METRICS.filter((m) => intervals.some((i) => i.metric === m));
  const missing = COMPARED_METRICS.filter((m) => !metrics.includes(m));
  const groupTitle = grouping.by === MECHANISM_PATH ? "rental mechanism" : data.swept.length > 0 ? data.swept.join(" / ") : "point";
  if (intervals.length > 0) {
    charts.push({
      name: "comparison",
      title: grouping.by === MECHANISM_PATH ? "Mechanism comparison" : "Point comparison",
      caption:
        `Mean over replicates (dot) and 95 % t-interval (bar) of ${metrics.join(", ")} per ${groupTitle}` +
        (grouping.by === MECHANISM_PATH && data.swept.length > 1 ? ", pooling the other swept parameters." : ".") +
        (missing.length > 0 ? ` Not shown (no values in the table): ${missing.join(", ")}.` : ""),
      spec: comparisonChart(intervals, groupTitle, metrics),
    });
  }

  const axes = numericAxes(data);
  if (axes.length >= 2) {
    const [x, y] = axes as [string, string];
    const cells = viabilityCells(data, x, y);
    if (cells.length > 0) {
      const pooled = data.swept.filter((c) => c !== x && c !== y && c !== MECHANISM_PATH);
      charts.push({
        name: "viability",
        title: "Viability map",
        caption:
          `Share of replicates that are viable over ${x} and ${y}, one row of panels per verdict (${verdictList(cells)})` +
          (cells.some((c) => c.facet !== null) ? " and one column per rental mechanism" : "") +
          (pooled.length > 0 ? `, pooling ${pooled.join(", ")}` : "") +
          ". Each verdict counts only the runs that have one; the others are left out." +
          yearBasisLine(data).map((l) => ` ${l}`).join(""),
        spec: viabilityHeatmap(cells, x, y),
      });
    }
  } else {
    const points = pointViability(data);
    if (points.length > 0) {
      charts.push({
        name: "viability",
        title: "Viable share per point",
        caption:
          `Share of replicates that are viable per point, one row of panels per verdict (${verdictList(points)}); ` +
          "fewer than two numeric swept parameters to map over. Each verdict counts only the runs that have one; the others are left out.",
        spec: viabilityBars(points, data.swept.length > 0 ? data.swept.join(" / ") : "point"),
      });
    }
  }
  return charts;
}

/** The verdicts a viability chart shows, in its order, for its caption: "for users, for the provider, both". */
function verdictList(values: readonly { verdict: VerdictLabel }[]): string {
  const shown = new Set(values.map((v) => v.verdict));
  return VERDICTS.filter((v) => shown.has(v.label))
    .map((v) => (v.label === "both" ? "both: for users and the provider" : v.label))
    .join("; ");
}

/** What the yearly figures (NPV, the viability verdicts) rest on: every distinct basis of the table's runs. */
function yearBasisLine(data: ExperimentData): string[] {
  const bases = [...new Set(data.rows.map((r) => r["yearBasis"]).filter((b): b is string => typeof b === "string"))];
  return bases.length > 0 ? [`Yearly figures (NPV, viability): ${bases.join("; ")}.`] : [];
}

/** Title, header lines and the summary table (per group: runs, means with intervals, viable share). */
export function experimentReportText(data: ExperimentData): ReportText {
  const grouping = groupingOf(data);
  const intervals = groupIntervals(data, grouping);
  const complete = data.rows.filter((r) => r.status === "complete").length;
  const lines = [
    `Experiment folder: ${basename(resolve(data.dir))}`,
    ...(data.experimentId ? [`Experiment id: ${data.experimentId}`] : []),
    `${data.rows.length} runs (${complete} complete); swept: ${data.swept.length > 0 ? data.swept.join(", ") : "nothing"}.`,
    ...yearBasisLine(data),
  ];
  const header = [grouping.by === MECHANISM_PATH ? "mechanism" : "point", "runs", ...COMPARED_METRICS.map((m) => `${m} mean [95 % interval]`), "viable"];
  const rows = grouping.groups.map((group) => {
    const inGroup = data.rows.filter((r) => grouping.labelOf(r) === group);
    const judged = inGroup.filter((r) => typeof r.viable === "boolean");
    const cells = COMPARED_METRICS.map((metric) => {
      const i = intervals.find((x) => x.group === group && x.metric === metric);
      const decimals = metric === "efficiency" ? 3 : 2;
      return i ? `${formatNumber(i.mean, decimals)} [${formatNumber(i.low, decimals)}, ${formatNumber(i.high, decimals)}]` : "–";
    });
    const viable = judged.length > 0 ? `${judged.filter((r) => r.viable === true).length}/${judged.length}` : "–";
    return [group, String(inGroup.length), ...cells, viable];
  });
  const table: HtmlTable = { caption: "Replicate statistics", header, rows, numeric: [1, 2, 3, 4, 5] };
  return { title: `SESAME experiment report: ${data.name ?? basename(resolve(data.dir))}`, lines, tables: [table] };
}

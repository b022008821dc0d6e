import { HOURS_PER_YEAR } from "../core/calendar.js";
import type { RepresentativeSummary } from "../lab/representative-year.js";
import { summaryBody } from "./summary-table.js";
import { formatNumber, renderTable } from "./table.js";

/**
 * The end-of-run summary of a representative run (`calendar.representative`): one line per
 * span with the figures over its own hours, then the pooled year in the form of a run's
 * summary, every figure marked as a yearly one, and the basis the year rests on.
 */
export function renderRepresentativeSummary(summary: RepresentativeSummary, dir: string): string {
  const cur = summary.currency;
  const { spans } = summary.representative;
  const hours = spans[0]?.hours ?? 0;
  const spanTable = renderTable(
    ["span", "start", "steps", "weight", `users' cost ${cur}`, `provider profit ${cur}`, "status", "fingerprint"],
    spans.map((s) => [s.folder.replace(/^spans\//, ""), s.start, String(s.steps), formatNumber(s.weight), formatNumber(s.usersCost), formatNumber(s.providerProfit), s.status, `${s.fingerprint.slice(0, 16)}…`]),
  );
  const header = `SESAME run ${summary.scenario} (seed ${summary.seed}): ${summary.status}, ${spans.length} representative span${spans.length === 1 ? "" : "s"} of ${formatNumber(hours, 0)} h, rental ${summary.mechanisms.rental}, energy ${summary.mechanisms.energy}`;
  const spanNote = `(each span's figures over its own ${formatNumber(hours, 0)} h, from its own seed; weight = how many such spans it stands for in a year, Σ weight × ${formatNumber(hours, 0)} h = ${formatNumber(HOURS_PER_YEAR, 0)} h)`;
  if (summary.status !== "complete") {
    const error = summary.error;
    return [
      header,
      error ? `FAILED in span ${error.span} at step ${error.step} (${error.agent}): ${error.message}` : "FAILED",
      "",
      spanTable,
      spanNote,
      "nothing pooled: a year needs every span",
      `fingerprint ${summary.fingerprint}`,
      `run folder ${dir} (spans in ${dir}/spans/)`,
    ].join("\n");
  }
  const converged = spans.filter((s) => s.equilibrium.converged).length;
  const tracked = summary.equilibrium.tracked === "revenue" ? "provider revenue" : "rental prices";
  const equilibrium = `equilibrium ${tracked} converged in ${converged} of ${spans.length} spans (each span's trajectory in its own summary.json)`;
  return [
    header,
    "",
    spanTable,
    spanNote,
    "",
    `pooled     ${summary.representative.description}; every figure below is per year`,
    "",
    ...summaryBody(summary, { over: "a year", per: "per year: ", equilibrium, sizedFor: "the year" }),
    `fingerprint ${summary.fingerprint}`,
    `run folder ${dir} (spans in ${dir}/spans/)`,
  ].join("\n");
}

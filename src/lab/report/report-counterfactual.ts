import { join } from "node:path";
import { readCounterfactual } from "../counterfactual/counterfactual-folder.js";
import type { CounterfactualDocument } from "../counterfactual/counterfactual-document.js";
import type { ReportChart } from "./chart.js";
import { counterfactualBars, counterfactualChart } from "./counterfactual-chart.js";
import { formatNumber, type HtmlTable } from "./html.js";
import { writeReport, type ReportOutput, type ReportText } from "./write-report.js";

/** Agents drawn in the counterfactual chart: the ones with the largest differences. */
export const COUNTERFACTUAL_AGENT_LIMIT = 20;

/**
 * The report of a counterfactual folder (counterfactual-folder.ts): the counterfactual chart and
 * the per-agent table, from counterfactual.json alone (the run it re-cleared need not be there).
 */
export async function reportCounterfactual(dir: string, outDir = join(dir, "report")): Promise<ReportOutput> {
  const doc = readCounterfactual(dir);
  return writeReport(outDir, counterfactualReportText(doc), counterfactualCharts(doc));
}

/** The counterfactual chart, or none when no agent has a figure under either loop. */
export function counterfactualCharts(doc: CounterfactualDocument): ReportChart[] {
  const { bars, agents } = counterfactualBars(doc, COUNTERFACTUAL_AGENT_LIMIT);
  if (bars.length === 0) return [];
  const shown = new Set(bars.map((b) => b.agent)).size;
  const loops = doc.closedLoop && doc.openLoop.available ? "open loop (the logged behaviour re-priced) and closed loop (the agents re-asked)" : doc.closedLoop ? "closed loop (the agents re-asked; open loop was not available)" : "open loop (the logged behaviour re-priced)";
  return [
    {
      name: "counterfactual",
      title: `Counterfactual: ${doc.market} ${doc.logged.mechanism} → ${doc.target.mechanism}`,
      caption:
        `Each agent's cost under ${doc.market} ${doc.target.mechanism} minus its logged cost over the run, ${doc.currency}, ${loops}.` +
        (agents > shown ? ` The ${shown} of ${agents} agents with the largest differences are shown.` : ""),
      spec: counterfactualChart(bars, doc.currency),
    },
  ];
}

/** Title, the footing and the per-agent table. */
export function counterfactualReportText(doc: CounterfactualDocument): ReportText {
  const c = doc.currency;
  const open = doc.openLoop.available ? doc.openLoop : null;
  const closed = doc.closedLoop;
  const ids = Object.keys(open?.agents ?? closed?.agents ?? {}).sort();
  const cell = (x: number | undefined) => (x === undefined ? "–" : formatNumber(x));
  const header = ["agent", `logged cost (${c})`, ...(open ? [`open-loop cost (${c})`, `Δ open (${c})`] : []), ...(closed ? [`closed-loop cost (${c})`, `Δ closed (${c})`] : [])];
  const rows = ids.map((id) => {
    const logged = open?.agents[id]?.logged.cost ?? (closed ? closed.agents[id]!.figures.cost - closed.agents[id]!.difference.cost : undefined);
    return [
      id,
      cell(logged),
      ...(open ? [cell(open.agents[id]?.counterfactual.cost), cell(open.agents[id]?.difference.cost)] : []),
      ...(closed ? [cell(closed.agents[id]?.figures.cost), cell(closed.agents[id]?.difference.cost)] : []),
    ];
  });
  const table: HtmlTable = { caption: "Agents", header, rows, numeric: header.map((_, i) => i).slice(1) };
  return {
    title: `SESAME counterfactual: ${doc.run.scenario}, ${doc.market} ${doc.logged.mechanism} → ${doc.target.mechanism}`,
    lines: [
      `Run: ${doc.run.dir} (seed ${doc.run.seed}, ${doc.run.steps} steps, ${doc.run.status}; fingerprint ${doc.run.fingerprint}, verified).`,
      doc.footing.openLoop,
      ...(open ? [`Held as logged: ${doc.footing.held.join(", ")}.`] : []),
      ...(doc.footing.closedLoop ? [doc.footing.closedLoop] : []),
    ],
    tables: [table],
  };
}

import type { TopLevelSpec } from "vega-lite";
import type { CounterfactualDocument } from "../counterfactual/counterfactual-document.js";
import { CHART_HEIGHT, REPORT_CONFIG } from "./chart.js";
import { compareIds } from "../../core/ids.js";

/**
 * The counterfactual chart (`sesame report` on a counterfactual folder): each agent's cost
 * difference against the logged run, counterfactual − logged, as bars side by side — open loop
 * (the logged behaviour re-priced by the other mechanism) and, when it was run, closed loop (the
 * agents re-asked under it). Where the two bars differ, the agents' reaction made the difference;
 * where they agree, the mechanism's pricing did.
 */

/** One bar: an agent's cost difference under one loop, currency. */
export interface CounterfactualBar {
  readonly agent: string;
  readonly loop: "open loop" | "closed loop";
  readonly difference: number;
}

/** The agents with the largest absolute difference (either loop), at most `limit`; bars in agent order. */
export function counterfactualBars(doc: CounterfactualDocument, limit: number): { bars: CounterfactualBar[]; agents: number } {
  const open = doc.openLoop.available ? doc.openLoop.agents : {};
  const closed = doc.closedLoop?.agents ?? {};
  const ids = [...new Set([...Object.keys(open), ...Object.keys(closed)])].sort();
  const size = (id: string) => Math.max(Math.abs(open[id]?.difference.cost ?? 0), Math.abs(closed[id]?.difference.cost ?? 0));
  const shown = new Set([...ids].sort((a, b) => size(b) - size(a) || compareIds(a, b)).slice(0, limit));
  const bars: CounterfactualBar[] = [];
  for (const id of ids) {
    if (!shown.has(id)) continue;
    if (open[id]) bars.push({ agent: id, loop: "open loop", difference: open[id]!.difference.cost });
    if (closed[id]) bars.push({ agent: id, loop: "closed loop", difference: closed[id]!.difference.cost });
  }
  return { bars, agents: ids.length };
}

/** Grouped bars of the cost differences per agent, one colour per loop, agents ordered by their smaller difference. */
export function counterfactualChart(bars: readonly CounterfactualBar[], currency: string): TopLevelSpec {
  const agents = new Set(bars.map((b) => b.agent)).size;
  const loops = [...new Set(bars.map((b) => b.loop))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    width: Math.max(200, agents * 22 * loops.length),
    height: CHART_HEIGHT,
    data: { values: bars as unknown as Record<string, unknown>[] },
    mark: { type: "bar" },
    encoding: {
      x: { field: "agent", type: "nominal", title: null, sort: { field: "difference", op: "min", order: "ascending" }, axis: { labelAngle: -40 } },
      xOffset: { field: "loop", type: "nominal", sort: ["open loop", "closed loop"] },
      y: { field: "difference", type: "quantitative", title: `Δ cost, counterfactual − logged (${currency})` },
      color: { field: "loop", type: "nominal", title: null, scale: { domain: ["open loop", "closed loop"].filter((l) => loops.includes(l as CounterfactualBar["loop"])) } },
    },
  };
}

import type { TopLevelSpec } from "vega-lite";
import { CHART_HEIGHT, REPORT_CONFIG } from "./chart.js";
import type { CostPart } from "./run-series.js";

/** Order of the stack, bottom to top, and of the legend. */
const COMPONENTS = ["energy", "rental", "degradation fees", "demand charges", "other"];

/**
 * Each agent's cost split into its components as a stacked bar, agents ordered by total cost.
 * Earnings (negative components, e.g. energy sold) stack below zero, so a bar's extent is
 * gross money moved and its net is the agent's cost, shown as a tick.
 */
export function costBreakdownChart(parts: readonly CostPart[], currency: string): TopLevelSpec {
  const agents = new Set(parts.map((p) => p.agent)).size;
  const x = { field: "agent", type: "nominal", title: null, sort: { field: "total", op: "max", order: "descending" }, axis: { labelAngle: -40 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: REPORT_CONFIG,
    width: Math.max(160, agents * 36),
    height: CHART_HEIGHT,
    data: { values: parts as unknown as Record<string, unknown>[] },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x,
          y: { field: "amount", type: "quantitative", title: currency, stack: "zero" },
          color: { field: "component", type: "nominal", title: "component", scale: { domain: COMPONENTS.filter((c) => parts.some((p) => p.component === c)) } },
          order: { field: "componentOrder", type: "quantitative" },
        },
        transform: [{ calculate: `indexof(${JSON.stringify(COMPONENTS)}, datum.component)`, as: "componentOrder" }],
      },
      {
        // One tick per agent at its net cost.
        transform: [{ filter: "datum.component === 'energy'" }],
        mark: { type: "tick", color: "black", thickness: 2 },
        encoding: { x, y: { field: "total", type: "quantitative" } },
      },
    ],
  };
}

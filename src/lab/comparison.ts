import type { Baselines } from "./baselines.js";
import type { Comparison, RunSummary } from "./run-summary.js";

/** Compares a run's summary with its baselines. Both must cover the same steps. */
export function compareWithBaselines(summary: RunSummary, baselines: Baselines): Comparison {
  const perAgent: Record<string, Comparison["perAgent"][string]> = {};
  const savings: number[] = [];
  const irViolations: string[] = [];
  let agentsCost = 0;
  for (const [id, metrics] of Object.entries(summary.agents)) {
    const noStorage = baselines.noStorage.perAgent[id] ?? 0;
    const own = baselines.ownBattery.perAgent[id]?.cost ?? 0;
    const neighbour = baselines.neighbourShared?.perAgent[id]?.cost;
    perAgent[id] = {
      cost: metrics.cost,
      savingVsNoStorage: noStorage - metrics.cost,
      savingVsOwnBattery: own - metrics.cost,
      // Absent without the baseline, so summaries of scenarios without it keep their shape.
      ...(neighbour !== undefined ? { savingVsNeighbourShared: neighbour - metrics.cost } : {}),
    };
    savings.push(noStorage - metrics.cost);
    if (metrics.cost > noStorage + 1e-6 * Math.max(1, Math.abs(noStorage))) irViolations.push(id);
    agentsCost += metrics.cost;
  }
  const systemCost = agentsCost - summary.provider.profit - summary.market.operatorSurplus;
  const welfareGain = baselines.noStorage.total - systemCost;
  const centralWelfareGain = baselines.noStorage.total - baselines.centralOptimum.atSharedSize.systemCost;
  return {
    baselines,
    perAgent,
    systemCost,
    welfareGain,
    centralWelfareGain,
    optimalCentralWelfareGain: baselines.noStorage.total - baselines.centralOptimum.optimal.systemCost,
    efficiency: centralWelfareGain > 1e-9 ? welfareGain / centralWelfareGain : null,
    budgetSurplus: summary.market.operatorSurplus,
    irViolations,
    giniOfSavings: gini(savings),
  };
}

/** Gini coefficient: mean absolute difference over twice the mean; null unless the mean is positive. */
export function gini(values: readonly number[]): number | null {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / Math.max(n, 1);
  if (!(mean > 0)) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − n + 1) x_(i) for sorted x.
  let weighted = 0;
  sorted.forEach((x, i) => (weighted += (2 * i - n + 1) * x));
  return weighted / (n * n * mean);
}

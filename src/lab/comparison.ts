import type { Baselines } from "./baselines.js";
import type { RunSummary } from "./metrics.js";

/**
 * A mechanism's result against the options it is compared with (MODEL.md §7, §8). Money
 * moving between agents, the provider and the market operator cancels out of the system cost;
 * what is left is what the community pays the outside world (grid, fuel, gas) plus the
 * storage's real costs (wear, capex annuity and O&M) — the same cost every option is given.
 */
export interface Comparison {
  readonly baselines: Baselines;
  readonly perAgent: Readonly<
    Record<
      string,
      {
        readonly cost: number;
        /** No-storage cost (with the agent's own flexibility) − this run's cost: the saving due to storage. */
        readonly savingVsNoStorage: number;
        /** Own-battery cost − this run's cost: > 0 when renting beats owning. */
        readonly savingVsOwnBattery: number;
        /** Neighbour-shared cost − this run's cost; only with the neighbour-shared baseline. */
        readonly savingVsNeighbourShared?: number;
      }
    >
  >;
  /** Σ agent costs − provider profit − operator surplus. */
  readonly systemCost: number;
  /** No-storage system cost − this run's system cost. */
  readonly welfareGain: number;
  /** No-storage system cost − the central optimum's at the shared storage's size: the most any mechanism can gain with this storage. */
  readonly centralWelfareGain: number;
  /** No-storage system cost − the optimally sized central optimum's: the most any storage could gain. */
  readonly optimalCentralWelfareGain: number;
  /**
   * welfareGain / centralWelfareGain: how much of what this storage can gain the mechanism
   * gains; null when the central optimum gains nothing. Read it with
   * `baselines.centralOptimum.boundsTheRun` (false under noisy forecasts, where it may exceed 1).
   */
  readonly efficiency: number | null;
  /** What the market operator kept (> 0 surplus) or had to add (< 0 deficit). */
  readonly budgetSurplus: number;
  /** Agents paying more than with no storage at all: individual rationality broken for them. */
  readonly irViolations: readonly string[];
  /** Gini coefficient of savings vs no storage; null when the mean saving is not positive. */
  readonly giniOfSavings: number | null;
}

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

import type { Baselines } from "./baselines.js";
import type { YearBasis } from "./year-basis.js";

// summary.json's shape, whole, in one file. Its parts (the comparison, the viability) were
// each beside the code computing them, which reads a RunSummary: metrics.ts, comparison.ts and
// viability.ts imported each other. This file imports none of the modules that use it.

/** One consumer agent's totals over the run. */
export interface AgentMetrics {
  /** Everything paid minus everything received. */
  readonly cost: number;
  readonly energyCost: number;
  readonly rentalCost: number;
  readonly degradationFees: number;
  readonly demandCharges: number;
  /**
   * Cost with no storage and no peer market, the agent using its own flexibility (its own
   * strategy, its forecast): the reference a saving due to storage is measured against.
   */
  readonly noStorageCost: number;
  /** noStorageCost − cost: the saving due to storage (and the market around it). */
  readonly saving: number;
  /** The profile's net load at the tariff, plus demand charges: no storage and no flexibility either. */
  readonly noStorageNoFlexibilityCost: number;
  readonly meanRentedEnergyKWh: number;
  readonly meanRentedPowerKW: number;
  readonly peerBoughtKWh: number;
  readonly peerSoldKWh: number;
  readonly gridImportKWh: number;
  readonly gridExportKWh: number;
}

/** summary.json, as MetricsCollector (metrics.ts) writes it. Costs are net money paid (negative = earned). */
export interface RunSummary {
  readonly scenario: string;
  readonly seed: string;
  readonly currency: string;
  readonly status: "complete" | "failed";
  readonly stepsCompleted: number;
  /** Hours the completed steps cover: the horizon every figure of the summary is over. */
  readonly hours: number;
  readonly mechanisms: { readonly rental: string; readonly energy: string };
  readonly fingerprint: string;
  readonly agents: Readonly<Record<string, AgentMetrics>>;
  readonly provider: {
    readonly rentalRevenue: number;
    readonly degradationFees: number;
    /** Net cost of keeping the unrented pool in its SOC band (top-ups bought minus releases sold). */
    readonly floorTopUpCost: number;
    /** Arbitrage of the unrented pool against the grid: sales minus purchases (0 when arbitrage is off). */
    readonly arbitrageProfit: number;
    /** Wear the storage suffered (c_deg × throughput): a cost, not a payment. */
    readonly degradationCost: number;
    /** Annualised capex × the simulated share of a year. */
    readonly capexShare: number;
    /** Fixed O&M per year × the simulated share of a year. */
    readonly omShare: number;
    /** rent + fees + arbitrage − pool upkeep − wear − capexShare − omShare. */
    readonly profit: number;
  };
  readonly market: {
    /** Volume-weighted mean price buyers paid in peer trades; null without trades. */
    readonly meanEnergyPrice: number | null;
    readonly peerTradedKWh: number;
    readonly operatorSurplus: number;
    readonly meanRentalPrices: { readonly cE: number; readonly cP: number } | null;
  };
  readonly storage: {
    /** E^max of the shared storage, kWh. */
    readonly energyKWh: number;
    /** P^max of the shared storage, kW. */
    readonly powerKW: number;
    readonly throughputKWh: number;
    readonly lossesKWh: number;
    /** throughput / (2 · E^max · days). */
    readonly utilisation: number;
    /** Mean over rental periods of Σ E_i / E^max. */
    readonly meanRentedShare: number;
    readonly curtailedKWh: number;
  };
  /** Repeated play across rental periods: converged or not, and the trajectory. */
  readonly equilibrium: {
    readonly tracked: "prices" | "revenue" | null;
    readonly converged: boolean;
    /** First period at which the convergence rule held; null if it never did. */
    readonly convergedAtPeriod: number | null;
    readonly trajectory: readonly { readonly period: number; readonly values: readonly number[]; readonly maxRelativeChange: number | null }[];
  };
  readonly checks: { readonly maxEnergyResidualKWh: number; readonly maxStorageResidualKWh: number; readonly maxMoneyResidual: number };
  readonly error?: { readonly step: number; readonly agent: string; readonly message: string };
  /** The run against its baselines (complete runs with baselines on). */
  readonly comparison?: Comparison;
  /** NPV, IRR, payback and whether shared storage pays for users and provider (complete runs). */
  readonly viability?: Viability;
}

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

/**
 * Viability of shared storage (MODEL.md §7), each side with its margin so that a verdict reads
 * "no, by 1,410 CNY over 7 days". How it is computed (the provider's year, the cash flows):
 * viability.ts.
 */
export interface Viability {
  /** What the yearly figures were estimated from (a full year, or an extrapolation from a shorter span). */
  readonly basis: YearBasis;
  /** κ_E·E^max + κ_P·P^max, paid at t = 0. */
  readonly capex: number;
  /** The provider's operating cash flow per year, see annualProviderCashFlow (viability.ts). */
  readonly annualCashFlow: number;
  readonly lifetimeYears: number;
  readonly discountRate: number;
  /** NPV at the scenario's discount rate over its lifetime. */
  readonly npv: number;
  /** The rate at which NPV = 0; null when there is none in [−0.99, 10]. */
  readonly irr: number | null;
  /** Simple payback, years; null when it takes longer than the lifetime. */
  readonly paybackYears: number | null;
  /** Payback of the discounted cash flows, years; null when it takes longer than the lifetime. */
  readonly discountedPaybackYears: number | null;
  /** npv ≥ 0. */
  readonly viableForProvider: boolean;
  /** Σ consumer agents' cost below both Σ no-storage and Σ own-battery; null without the baselines. */
  readonly viableForUsers: boolean | null;
  /** Viable for both; null when the users' side is unknown. */
  readonly viable: boolean | null;
  /** The users' side against each alternative, over the run's horizon; null without the baselines. */
  readonly users: UsersMargins | null;
}

/** The users' total cost with shared storage against the alternatives, over the run's horizon, currency. */
export interface UsersMargins {
  /** Σ consumer agents' cost in the run. */
  readonly cost: number;
  /** Σ no-storage costs (each agent with its own flexibility). */
  readonly noStorage: number;
  /** Σ own-battery costs (each battery sized once for the horizon, at the same unit capex and O&M). */
  readonly ownBattery: number;
  /** How the own batteries were sized: `optimal` makes the verdict a test against the best own battery. */
  readonly ownBatterySizing: "optimal" | "given";
  /** noStorage − cost: > 0 means shared storage beats having none. */
  readonly marginVsNoStorage: number;
  /** ownBattery − cost: > 0 means renting beats owning. */
  readonly marginVsOwnBattery: number;
}

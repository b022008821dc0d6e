import type { RunSummary } from "../run-summary.js";
import type { ColumnType, DataTable } from "../exports/table.js";
import { valueAt } from "./scenario-paths.js";

/**
 * The experiment table (docs/experiments.md, "The output folder"): one row per finished run —
 * its identity (run, point, replicate, seed and fingerprint, which names the exact log behind the
 * row), the swept values, then the standard metric columns and any extra ones.
 */

/** A finished run as the table sees it. */
export interface FinishedRun {
  readonly runId: string;
  readonly pointId: string;
  readonly replicate: number;
  readonly seed: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly summary: RunSummary;
  /** The run's fingerprint (its final manifest's: the last hash of its log's chain). */
  readonly fingerprint: string;
}

type Cell = string | number | boolean | null;

/** The standard metric columns and how each is read from a summary. */
export const STANDARD_METRICS: readonly { readonly name: string; readonly type: ColumnType; read(s: RunSummary): Cell }[] = [
  { name: "systemCost", type: "number", read: (s) => systemCostOf(s) },
  { name: "usersCost", type: "number", read: (s) => usersCostOf(s) },
  { name: "welfareGain", type: "number", read: (s) => s.comparison?.welfareGain ?? null },
  { name: "efficiency", type: "number", read: (s) => s.comparison?.efficiency ?? null },
  { name: "noStorageCost", type: "number", read: (s) => s.comparison?.baselines.noStorage.total ?? null },
  { name: "ownBatteryCost", type: "number", read: (s) => s.comparison?.baselines.ownBattery.total ?? null },
  { name: "ownBatteryKWh", type: "number", read: (s) => s.comparison?.baselines.ownBattery.energyKWh ?? null },
  { name: "ownBatteryKW", type: "number", read: (s) => s.comparison?.baselines.ownBattery.powerKW ?? null },
  { name: "centralOptimumCost", type: "number", read: (s) => s.comparison?.baselines.centralOptimum.atSharedSize.systemCost ?? null },
  { name: "optimalCentralCost", type: "number", read: (s) => s.comparison?.baselines.centralOptimum.optimal.systemCost ?? null },
  { name: "optimalCentralKWh", type: "number", read: (s) => s.comparison?.baselines.centralOptimum.optimal.energyKWh ?? null },
  { name: "optimalCentralKW", type: "number", read: (s) => s.comparison?.baselines.centralOptimum.optimal.powerKW ?? null },
  { name: "providerRevenue", type: "number", read: (s) => s.provider.rentalRevenue + s.provider.degradationFees + s.provider.arbitrageProfit },
  { name: "providerProfit", type: "number", read: (s) => s.provider.profit },
  { name: "npv", type: "number", read: (s) => viability(s)?.["npv"] ?? null },
  { name: "irr", type: "number", read: (s) => viability(s)?.["irr"] ?? null },
  { name: "paybackYears", type: "number", read: (s) => viability(s)?.["paybackYears"] ?? null },
  { name: "viableForUsers", type: "boolean", read: (s) => viability(s)?.["viableForUsers"] ?? null },
  { name: "viableForProvider", type: "boolean", read: (s) => viability(s)?.["viableForProvider"] ?? null },
  { name: "viable", type: "boolean", read: (s) => viability(s)?.["viable"] ?? null },
  { name: "usersMarginVsNoStorage", type: "number", read: (s) => s.viability?.users?.marginVsNoStorage ?? null },
  { name: "usersMarginVsOwnBattery", type: "number", read: (s) => s.viability?.users?.marginVsOwnBattery ?? null },
  { name: "yearBasis", type: "string", read: (s) => s.viability?.basis.description ?? null },
  { name: "utilisation", type: "number", read: (s) => s.storage.utilisation },
  { name: "meanRentedShare", type: "number", read: (s) => s.storage.meanRentedShare },
  { name: "irViolations", type: "number", read: (s) => s.comparison?.irViolations.length ?? null },
  { name: "gini", type: "number", read: (s) => s.comparison?.giniOfSavings ?? null },
  { name: "meanCE", type: "number", read: (s) => s.market.meanRentalPrices?.cE ?? null },
  { name: "meanCP", type: "number", read: (s) => s.market.meanRentalPrices?.cP ?? null },
  { name: "meanEnergyPrice", type: "number", read: (s) => s.market.meanEnergyPrice },
];

/** Σ consumer agents' cost: what the users paid, to set against the no-storage and individual-storage totals. */
export function usersCostOf(s: RunSummary): number {
  return Object.values(s.agents).reduce((sum, a) => sum + a.cost, 0);
}

/** Σ agents' cost − provider profit − operator surplus: what the whole system paid (as comparison.systemCost, also without baselines). */
export function systemCostOf(s: RunSummary): number {
  return usersCostOf(s) - s.provider.profit - s.market.operatorSurplus;
}

function viability(s: RunSummary): Readonly<Record<string, Cell>> | undefined {
  return (s as unknown as { viability?: Record<string, Cell> }).viability;
}

/** A cell from any value: scalars as they are, anything else as canonical-ish JSON text. */
function cell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

function typeOf(values: readonly Cell[]): ColumnType {
  const present = values.filter((v) => v !== null);
  if (present.length > 0 && present.every((v) => typeof v === "number")) return "number";
  if (present.length > 0 && present.every((v) => typeof v === "boolean")) return "boolean";
  return "string";
}

/** The experiment table of `runs` (in the given order), with columns for `sweptPaths` and `extraMetrics`. */
export function experimentTable(runs: readonly FinishedRun[], sweptPaths: readonly string[], extraMetrics: readonly string[]): DataTable {
  const swept = sweptPaths.map((path) => ({ name: path, values: runs.map((r) => cell(r.params[path])) }));
  const extra = extraMetrics.map((path) => ({ name: path, values: runs.map((r) => cell(valueAt(r.summary, path))) }));
  const columns = [
    { name: "runId", type: "string" as const },
    { name: "pointId", type: "string" as const },
    { name: "replicate", type: "number" as const },
    { name: "seed", type: "string" as const },
    // Before status: the swept columns are those between status and the first metric (compare-experiment.ts).
    { name: "fingerprint", type: "string" as const },
    { name: "status", type: "string" as const },
    ...swept.map((c) => ({ name: c.name, type: typeOf(c.values) })),
    ...STANDARD_METRICS.map((m) => ({ name: m.name, type: m.type })),
    ...extra.map((c) => ({ name: c.name, type: typeOf(c.values) })),
  ];
  const rows = runs.map((run, i) => {
    const row: Record<string, Cell> = { runId: run.runId, pointId: run.pointId, replicate: run.replicate, seed: run.seed, fingerprint: run.fingerprint, status: run.summary.status };
    for (const c of swept) row[c.name] = typeOf(c.values) === "string" && c.values[i] !== null ? String(c.values[i]) : c.values[i]!;
    for (const m of STANDARD_METRICS) row[m.name] = cell(m.read(run.summary));
    for (const c of extra) row[c.name] = typeOf(c.values) === "string" && c.values[i] !== null ? String(c.values[i]) : c.values[i]!;
    return row;
  });
  return { columns, rows };
}

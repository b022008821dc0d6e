import { meanInterval } from "../statistics.js";
import { MECHANISM_PATH, type ExperimentData, type ResultRow } from "./experiment-data.js";

/**
 * The tables the experiment charts plot: replicate statistics per group, and the share of
 * viable replicates per verdict and cell of the swept parameters.
 */

/** The metrics compared across groups, in the order of the panels. */
export const COMPARED_METRICS = ["providerProfit", "systemCost", "efficiency"] as const;

/** A metric's mean and 95 % interval over one group's replicates. */
export interface GroupInterval {
  readonly group: string;
  readonly metric: string;
  readonly n: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** How the rows are grouped for comparison: by mechanism when it is swept, else by point. */
export interface Grouping {
  /** The column grouped by (`market.rental.mechanism` or `pointId`). */
  readonly by: string;
  /** Group labels in order of first appearance (the table's expansion order). */
  readonly groups: readonly string[];
  readonly labelOf: (row: ResultRow) => string;
}

/**
 * The three viability verdicts of the results table, in the order the charts show them. The
 * issue asks which mechanisms make shared storage viable for the cluster and for the provider,
 * so each side is shown on its own as well as both together (`viable`).
 */
export const VERDICTS = [
  { column: "viableForUsers", label: "for users" },
  { column: "viableForProvider", label: "for the provider" },
  { column: "viable", label: "both" },
] as const;

/** The label of one viability verdict (a row of the viability charts). */
export type VerdictLabel = (typeof VERDICTS)[number]["label"];

/** The share of a cell's replicates that were viable under one verdict. */
export interface ViabilityCell {
  readonly verdict: VerdictLabel;
  readonly x: string | number;
  readonly y: string | number;
  /** The mechanism, when the map is faceted by it. */
  readonly facet: string | null;
  readonly share: number;
  /** Replicates with the verdict `true`. */
  readonly viable: number;
  /** Replicates with a verdict (true or false) in the verdict's column. */
  readonly n: number;
}

/** The viable share of one point under one verdict (the fallback when fewer than two numeric axes are swept). */
export interface PointViability {
  readonly verdict: VerdictLabel;
  readonly point: string;
  readonly share: number;
  readonly viable: number;
  readonly n: number;
}

/**
 * Groups rows by mechanism when it is swept; otherwise by point, labelled by its swept values
 * (more readable than a hash) or, with nothing swept, by pointId.
 */
export function groupingOf(data: ExperimentData): Grouping {
  const byMechanism = data.swept.includes(MECHANISM_PATH);
  const labelOf = byMechanism
    ? (row: ResultRow) => String(row[MECHANISM_PATH])
    : data.swept.length > 0
      ? (row: ResultRow) => data.swept.map((c) => String(row[c])).join(" / ")
      : (row: ResultRow) => String(row.pointId);
  const groups = [...new Set(data.rows.map(labelOf))];
  return { by: byMechanism ? MECHANISM_PATH : "pointId", groups, labelOf };
}

/** Mean and 95 % interval of each compared metric per group; non-numeric values (a failed run's nulls) are left out. */
export function groupIntervals(data: ExperimentData, grouping: Grouping, metrics: readonly string[] = COMPARED_METRICS): GroupInterval[] {
  const intervals: GroupInterval[] = [];
  for (const metric of metrics) {
    for (const group of grouping.groups) {
      const values = data.rows.filter((r) => grouping.labelOf(r) === group).map((r) => r[metric]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
      if (values.length === 0) continue;
      const { n, mean, low, high } = meanInterval(values);
      intervals.push({ group, metric, n, mean, low, high });
    }
  }
  return intervals;
}

/** Swept columns other than the mechanism whose every value is a number: the viability map's candidate axes. */
export function numericAxes(data: ExperimentData): string[] {
  return data.swept.filter((c) => c !== MECHANISM_PATH && data.rows.length > 0 && data.rows.every((r) => typeof r[c] === "number"));
}

/**
 * Rows with a verdict in `column`; runs without one (failed, or no viability computed) cannot
 * count either way. Judged per column, so a run missing one side's verdict still counts for the other.
 */
const judged = (rows: readonly ResultRow[], column: string) => rows.filter((r) => typeof r[column] === "boolean");

/**
 * The verdicts the table has at least one value for. Tables written before the per-side columns
 * existed (or hand-made ones) may carry only `viable`; an empty row of panels would say nothing.
 */
export function presentVerdicts(data: ExperimentData): (typeof VERDICTS)[number][] {
  return VERDICTS.filter((v) => judged(data.rows, v.column).length > 0);
}

/** Viable share per verdict and (x, y[, mechanism]) cell, pooling replicates and any further swept axes. */
export function viabilityCells(data: ExperimentData, xAxis: string, yAxis: string): ViabilityCell[] {
  const faceted = data.swept.includes(MECHANISM_PATH);
  const cells: ViabilityCell[] = [];
  for (const { column, label } of presentVerdicts(data)) {
    const byCell = new Map<string, { x: string | number; y: string | number; facet: string | null; viable: number; n: number }>();
    for (const row of judged(data.rows, column)) {
      const x = row[xAxis] as number;
      const y = row[yAxis] as number;
      const facet = faceted ? String(row[MECHANISM_PATH]) : null;
      const key = JSON.stringify([facet, x, y]);
      const cell = byCell.get(key) ?? { x, y, facet, viable: 0, n: 0 };
      cell.n++;
      if (row[column] === true) cell.viable++;
      byCell.set(key, cell);
    }
    for (const c of byCell.values()) cells.push({ verdict: label, ...c, share: c.viable / c.n });
  }
  return cells;
}

/** Viable share per verdict and point, points labelled as in the comparison chart. */
export function pointViability(data: ExperimentData): PointViability[] {
  const pointLabel = data.swept.length > 0 ? (r: ResultRow) => data.swept.map((c) => String(r[c])).join(" / ") : (r: ResultRow) => String(r.pointId);
  const points: PointViability[] = [];
  for (const { column, label } of presentVerdicts(data)) {
    const byPoint = new Map<string, { viable: number; n: number }>();
    for (const row of judged(data.rows, column)) {
      const point = pointLabel(row);
      const p = byPoint.get(point) ?? { viable: 0, n: 0 };
      p.n++;
      if (row[column] === true) p.viable++;
      byPoint.set(point, p);
    }
    for (const [point, p] of byPoint) points.push({ verdict: label, point, share: p.viable / p.n, ...p });
  }
  return points;
}

/**
 * The figures `npm run bench` reports against the goals of issue 13 ("Speed and size at scale"):
 * each measured value beside its goal, and how far it is from the goal when it is not met, so
 * the table is the state of the work at a glance.
 */

/** One measured figure and its goal. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  /** Unit of value and goal, e.g. "s", "×", "bytes/agent-step", "MiB". */
  readonly unit: string;
  readonly goal: number;
  /** Whether the goal is a ceiling (lower is better) or a floor. */
  readonly better: "lower" | "higher";
  /** How it was measured when that is not the full-size figure (e.g. "extrapolated from 200 steps"). */
  readonly note?: string;
}

/** Whether `figure` meets its goal. */
export function meets(figure: Figure): boolean {
  return figure.better === "lower" ? figure.value <= figure.goal : figure.value >= figure.goal;
}

/** The figures as a table: figure, measured, goal, and `met` or the factor still to go. */
export function figureTable(figures: readonly Figure[]): string[] {
  const rows = figures.map((f) => {
    const off = f.better === "lower" ? f.value / f.goal : f.goal / f.value;
    return [f.name, `${format(f.value)} ${f.unit}`, `${f.better === "lower" ? "≤" : "≥"} ${format(f.goal)} ${f.unit}`, meets(f) ? "met" : `${off.toFixed(1)}× off`, f.note ?? ""];
  });
  const header = ["figure", "measured", "goal", "status", "how"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}

function format(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { BASELINE_COLUMNS, compareExperiment, parseResultsTable, type CompareOptions, type ExperimentComparison } from "../../lab/compare-experiment.js";
import type { MeanInterval } from "../../lab/statistics.js";
import { commandAction } from "../action.js";
import { formatNumber, renderTable } from "../table.js";

/** Registers `sesame compare`. */
export function registerCompareCommand(program: Command): void {
  program
    .command("compare")
    .description("compare an experiment's points: mean and 95% interval of each metric per group of replicates")
    .argument("<dir>", "experiment folder (holding results.json)")
    .option("--by <path...>", "group by these columns (default: every swept column, i.e. every dotted path)")
    .option("--metrics <metric...>", "metric columns to compare (default: systemCost welfareGain efficiency providerProfit npv)")
    .option("--json", "print the comparison as JSON")
    .addHelpText("after", "\nExamples:\n  sesame compare out/rental-mechanisms\n  sesame compare out/rental-mechanisms --by market.rental.mechanism --metrics welfareGain npv\n")
    .action(
      commandAction((dir: string, flags: CompareFlags) => {
        const comparison = compareExperiment(readResults(dir), optionsOf(flags));
        process.stdout.write((flags.json ? JSON.stringify(comparison, null, 2) : renderComparison(comparison, dir)) + "\n");
      }),
    );
}

interface CompareFlags {
  by?: string[];
  metrics?: string[];
  json?: boolean;
}

/** Flags to options; `--by a,b` is read as `--by a b`. */
function optionsOf(flags: CompareFlags): CompareOptions {
  const split = (values: string[]) => values.flatMap((v) => v.split(",")).filter((v) => v !== "");
  return { ...(flags.by ? { by: split(flags.by) } : {}), ...(flags.metrics ? { metrics: split(flags.metrics) } : {}) };
}

/** DIR/results.json, parsed and shape-checked. */
function readResults(dir: string) {
  const file = join(dir, "results.json");
  if (!existsSync(file)) throw new InputError({ path: dir, expected: "an experiment folder holding results.json (run `sesame experiment` first)" });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError({ path: file, expected: `valid JSON (${error instanceof Error ? error.message : String(error)})` });
  }
  return parseResultsTable(json, file);
}

/** The aligned table: group columns, `mean [low, high]` per metric, n, then the baselines' means. */
function renderComparison(c: ExperimentComparison, dir: string): string {
  const header = [...c.by, ...c.metrics, "n", "no-storage", "own-battery", "central (same size)", "central (optimal size)"];
  const rows = c.groups.map((g) => [
    ...c.by.map((name) => String(g.key[name] ?? "—")),
    ...c.metrics.map((m) => interval(g.metrics[m])),
    g.excluded > 0 ? `${g.n} (+${g.excluded} failed)` : String(g.n),
    ...BASELINE_COLUMNS.map((b) => figure(g.baselines[b] ?? null)),
  ]);
  const runs = c.groups.reduce((s, g) => s + g.n, 0);
  const excluded = c.groups.reduce((s, g) => s + g.excluded, 0);
  return [
    `sesame compare ${dir}: ${c.groups.length} groups, ${runs} complete runs${excluded > 0 ? `, ${excluded} not complete (left out)` : ""}; 95% t-intervals over replicates`,
    "",
    renderTable(header, rows),
  ].join("\n");
}

function interval(m: MeanInterval | undefined): string {
  if (!m || m.n === 0) return "—";
  return `${figure(m.mean)} [${figure(m.low)}, ${figure(m.high)}]`;
}

/** Money figures with 2 decimals; ratios and small numbers with 4. */
function figure(x: number | null): string {
  if (x === null) return "—";
  return formatNumber(x, Math.abs(x) < 10 ? 4 : 2);
}

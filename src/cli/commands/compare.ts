import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { BASELINE_COLUMNS, comparisonJson, compareExperiment, type CompareOptions, type ExperimentComparison } from "../../lab/compare-experiment.js";
import { readCompareFolders, type ExperimentFolder } from "../../lab/compare-folders.js";
import { compareRuns, type RunComparison } from "../../lab/compare-runs.js";
import { differencesAgainst, experimentSeeds, type ExperimentDifferences, type ExperimentSeeds } from "../../lab/paired-differences.js";
import { groupLabel } from "../../lab/reference-group.js";
import { meanEstimate, type DifferenceEstimate, type MeanEstimate } from "../../lab/statistics.js";
import { collect, commandAction } from "../action.js";
import { formatNumber, renderTable } from "../table.js";

const EXAMPLES = `
Forms:
  sesame compare EXPERIMENT_DIR                 mean and 95% interval of each metric per group
  sesame compare EXPERIMENT_DIR --against POINT differences of every group against the group POINT selects:
                                                paired by replicate with common seeds, Welch otherwise
  sesame compare RUN_DIR RUN_DIR [...]          one row per run, what their scenarios do not share,
                                                and the differences against the first run
                                                (or the run folder --against names)

POINT is a pointId (p + 12 hex digits, see results.csv) or path=value pairs on the grouping
columns, comma-separated or one per --against. --against alone takes the first group.

A run folder of a failed or interrupted run (killed: its manifest still says running) is
refused (exit 2) unless --partial: then its row's status reads PARTIAL: failed at step N of M
(or interrupted after N of M steps), its metrics cover the steps it logged (an interrupted run
is summarised from its log: no baseline metrics), a warning says its differences are not on the
same footing, and --json gives each run "partial": true or false. An experiment's table already
leaves runs that did not complete out of every group, and says how many.

Examples:
  sesame compare experiments/study
  sesame compare experiments/study --by market.rental.mechanism --metrics welfareGain npv
  sesame compare experiments/study --by market.rental.mechanism --against market.rental.mechanism=posted
  sesame compare experiments/study --against market.rental.mechanism=posted,storage.economics.capexPerKWh=900 --json
  sesame run individual-vs-shared --steps 24 --out runs/posted
  sesame run individual-vs-shared --steps 24 --rental uniform --out runs/uniform
  sesame compare runs/posted runs/uniform
  sesame compare runs/uniform --against runs/posted
  sesame compare runs/posted runs/killed --partial
`;

/** Registers `sesame compare`. */
export function registerCompareCommand(program: Command): void {
  program
    .command("compare")
    .description("compare an experiment's groups (means with 95% intervals, or differences against a reference group), or two or more runs")
    .argument("<dir...>", "one experiment folder (holding results.json), or two or more run folders (each holding manifest.json and summary.json)")
    .option("--by <path...>", "experiment: group by these columns (default: every swept column)")
    .option("--metrics <metric...>", "metric columns to compare (default: systemCost welfareGain efficiency providerProfit npv)")
    .option("--against [point]", "differences against a reference: a group's pointId or path=value pairs (experiment), or a run folder (runs; default the first); repeatable", collect)
    .option("--json", "print the comparison as JSON")
    .option("--partial", "run folders: compare failed and interrupted runs too, over the steps they logged, each marked PARTIAL")
    .addHelpText("after", EXAMPLES)
    .action(
      commandAction(async (dirs: string[], flags: CompareFlags) => {
        const against = againstOf(flags.against);
        const folders = await readCompareFolders(dirs, against, { partial: flags.partial ?? false });
        const options = optionsOf(flags);
        if (folders.kind === "runs") {
          if (options.by) throw new InputError({ path: "--by", expected: "an experiment folder to group: run folders are compared one row per run" });
          const c = compareRuns(folders.runs, { ...(options.metrics ? { metrics: options.metrics } : {}), reference: folders.reference });
          process.stdout.write((flags.json ? JSON.stringify(c, null, 2) : renderRunComparison(c)) + "\n");
          return;
        }
        const { experiment } = folders;
        const seeds = experimentSeeds(experiment.experimentJson, experiment.table);
        if (against !== undefined) {
          const d = differencesAgainst(experiment.table, { ...options, against, seeds: seeds.seeds });
          process.stdout.write((flags.json ? JSON.stringify({ ...d, seedsSource: seeds.source }, null, 2) : renderDifferences(d, experiment, seeds)) + "\n");
          return;
        }
        const comparison = compareExperiment(experiment.table, options);
        process.stdout.write((flags.json ? JSON.stringify(comparisonJson(comparison), null, 2) : renderComparison(comparison, experiment, seeds)) + "\n");
      }),
    );
}

interface CompareFlags {
  by?: string[];
  metrics?: string[];
  against?: (string | boolean)[] | true;
  json?: boolean;
  partial?: boolean;
}

/** `--against` alone is `true`; given values, the strings (a bare `--against` among them adds nothing). */
function againstOf(flag: CompareFlags["against"]): readonly string[] | true | undefined {
  if (flag === undefined || flag === true) return flag;
  const values = flag.filter((v): v is string => typeof v === "string");
  return values.length > 0 ? values : true;
}

/** Flags to options; `--by a,b` is read as `--by a b`. */
function optionsOf(flags: CompareFlags): CompareOptions {
  const split = (values: string[]) => values.flatMap((v) => v.split(",")).filter((v) => v !== "");
  return { ...(flags.by ? { by: split(flags.by) } : {}), ...(flags.metrics ? { metrics: split(flags.metrics) } : {}) };
}

/** The aligned table: group columns, `mean [low, high]` per metric, n, then the baselines' means. */
function renderComparison(c: ExperimentComparison, e: ExperimentFolder, seeds: ExperimentSeeds): string {
  const header = [...c.by, ...c.metrics, "n", "no-storage", "own-battery", "central (same size)", "central (optimal size)"];
  const rows = c.groups.map((g) => [
    ...c.by.map((name) => String(g.key[name] ?? "—")),
    ...c.metrics.map((m) => estimate(g.metrics[m] && meanEstimate(g.metrics[m]))),
    g.excluded > 0 ? `${g.n} (+${g.excluded} failed)` : String(g.n),
    ...BASELINE_COLUMNS.map((b) => figure(g.baselines[b] ?? null)),
  ]);
  const runs = c.groups.reduce((s, g) => s + g.n, 0);
  const excluded = c.groups.reduce((s, g) => s + g.excluded, 0);
  return [
    `sesame compare ${e.dir}: ${c.groups.length} groups, ${runs} complete runs${excluded > 0 ? `, ${excluded} not complete (left out)` : ""}; 95% t-intervals over replicates`,
    seedsLine(seeds),
    unitsLine(e.currency),
    "",
    renderTable(header, rows),
  ].join("\n");
}

/** The differences table: group columns, `Δ metric` = mean difference [95% interval] per metric, then the pairs (or the ns). */
function renderDifferences(d: ExperimentDifferences, e: ExperimentFolder, seeds: ExperimentSeeds): string {
  const paired = d.pairing === "paired";
  const header = [...d.by, ...d.metrics.map((m) => `Δ ${m}`), paired ? "pairs" : "n vs reference"];
  const rows = d.groups.map((g) => [
    ...d.by.map((name) => String(g.key[name] ?? "—")),
    ...d.metrics.map((m) => difference(g.differences[m], paired ? g.pairs : null)),
    (paired ? String(g.pairs) : `${g.n} vs ${d.reference.n}`) + (g.excluded > 0 ? ` (+${g.excluded} failed)` : ""),
  ]);
  const ref = d.reference;
  const refMeans = d.metrics.map((m) => `${m} ${estimate(ref.metrics[m])}`).join("; ");
  return [
    `sesame compare ${e.dir}: ${d.groups.length} other group${d.groups.length === 1 ? "" : "s"} against the reference; differences = group − reference`,
    paired
      ? "paired by replicate (common seeds): replicate r of every point drew the same weather and loads; mean and 95% t-interval of the per-replicate differences over the replicates both groups completed"
      : "unpaired (independent seeds): each point drew its own weather and loads, so pairing replicates means nothing; difference of the means with Welch's 95% interval — the differences include the noise of different draws",
    ...(seeds.source === "experiment.json" ? [] : [seedsLine(seeds)]),
    `reference: ${groupLabel(ref, d.by)}, ${ref.n} complete runs${ref.excluded > 0 ? ` (+${ref.excluded} failed)` : ""}; means ${refMeans}`,
    unitsLine(e.currency),
    "",
    d.groups.length > 0 ? renderTable(header, rows) : "(no other group to compare with the reference)",
  ].join("\n");
}

/** Runs side by side, then what they do not share, then the differences against the reference run. */
function renderRunComparison(c: RunComparison): string {
  const ref = c.runs[c.reference]!;
  const header = ["run", "status", "seed", "rental", "energy", "steps", ...c.metrics];
  // A partial run's status says so in capitals, in its own row: no reader of the table can take it for a whole run.
  const status = (r: RunComparison["runs"][number]) => (r.partialReason === null ? r.status : `PARTIAL: ${r.partialReason.replace(/^partial: /, "")}`);
  const rows = c.runs.map((r) => [r.dir, status(r), r.seed, r.mechanisms.rental, r.mechanisms.energy, String(r.steps), ...c.metrics.map((m) => figure(r.values[m] ?? null))]);
  const differ = c.differ.map((d) => d.path);
  const shown = differ.length > 12 ? [...differ.slice(0, 12), `… and ${differ.length - 12} more (--json lists them)`] : differ;
  const diffHeader = ["run", ...c.metrics.map((m) => `Δ ${m}`)];
  const diffRows = c.differences.map((d) => [d.dir, ...c.metrics.map((m) => figure(d.differences[m]?.mean ?? null))]);
  return [
    `sesame compare: ${c.runs.length} runs; reference ${ref.dir}`,
    `differ: ${shown.length > 0 ? shown.join(", ") : "nothing (the same resolved scenario)"}`,
    ...c.warnings.map((w) => `warning: ${w}`),
    unitsLine(c.currency),
    "",
    renderTable(header, rows),
    "",
    `differences run − reference (${ref.dir}); one run each, n = 1: no interval`,
    "",
    renderTable(diffHeader, diffRows),
  ].join("\n");
}

function seedsLine(seeds: ExperimentSeeds): string {
  const from = seeds.source === "experiment.json" ? "experiment.json" : seeds.source === "seed column" ? "the table's seed column (no experiment.json)" : "nothing: no experiment.json and no seed column, so taken as independent";
  return seeds.seeds === "common"
    ? `seeds: common (from ${from}): replicate r of every point drew the same weather and loads, so groups differ only in what is swept`
    : `seeds: independent (from ${from}): each point drew its own weather and loads, so groups differ by that noise as well as by what is swept`;
}

function unitsLine(currency: string | null): string {
  return `units: as in summary.json — money in ${currency ?? "the scenario's currency"} over each run's horizon; efficiency, utilisation and shares as fractions; yes/no verdicts as 1/0 (their means: shares of runs)`;
}

/** `mean [low, high]`, or the mean and an explicit marker when a single value gives no interval. */
function estimate(m: MeanEstimate | undefined): string {
  if (!m || m.mean === null) return "—";
  return withInterval(m.mean, m.low, m.high, `n = ${m.n}`);
}

/**
 * A difference with its interval (paired: with its own number of pairs when a missing value
 * makes it fewer than the group's; unpaired: with both sides' n when there is no interval).
 */
function difference(d: DifferenceEstimate | undefined, pairs: number | null): string {
  if (!d || d.mean === null) return "—";
  const text = withInterval(d.mean, d.low, d.high, pairs === null ? `n = ${d.n} vs ${d.nReference}` : `n = ${d.n}`);
  return pairs !== null && d.n !== pairs && d.low !== null ? `${text} (n = ${d.n})` : text;
}

function withInterval(mean: number, low: number | null, high: number | null, n: string): string {
  if (low === null || high === null) return `${figure(mean)} (${n}: no interval)`;
  return `${figure(mean)} [${figure(low)}, ${figure(high)}]`;
}

/** Money figures with 2 decimals; ratios and small numbers with 4. */
function figure(x: number | null): string {
  if (x === null) return "—";
  return formatNumber(x, Math.abs(x) < 10 ? 4 : 2);
}

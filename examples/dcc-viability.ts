/**
 * The viability study (MODEL.md §7): on `dcc-shared` (a cluster of 4 data centers with wind,
 * one shared 4 MWh battery, daily rental), which rental mechanisms make shared storage viable
 * — for the cluster (its cost below both no storage and its own battery) and for the provider
 * (NPV ≥ 0 at the equilibrium prices) — across storage capex and the TOU peak price (the
 * peak/valley spread, valley fixed at 0.3 CNY/kWh)? Seeds vary the wind and load draws.
 *
 *   npm run build && node dist/examples/dcc-viability.js                 # a year per run: 4 × 3 × 3 × 3 = 108 runs
 *   node dist/examples/dcc-viability.js --seasons                       # one week of each season per run, weighted into a year
 *   node dist/examples/dcc-viability.js --days 28                       # the first 4 weeks of the year
 *   node dist/examples/dcc-viability.js --quick --out /tmp/dv           # two days, 2 × 2 × 2 × 1 (CI)
 *
 * A run shorter than a year stands for a year (its cash flows scaled). With --seasons every run
 * is a representative year (`calendar.representative`): one span of `--days` days (default 7)
 * from a Monday in January, April, July and October, each from its own seed, weighted equally
 * into a year by SESAME itself — costs, baselines and the provider's cash flow pooled, the own
 * batteries and the optimal central battery sized once for the year, NPV and the verdicts from
 * the pooled figures — so each row of the table is a year. `dcc-shared` has seasons
 * (temperature-driven PUEs, seasonal wind), so the four weeks differ.
 * Per point it prints the share of runs (seeds) viable for the users, for the provider and for
 * both, the mean NPV, and the verdict of the means; then it writes the HTML report with the
 * viability map.
 */
import { buildReport, compareExperiment, defineExperiment, resolveExperiment, runExperiment, type GroupSummary } from "../src/index.js";

const quick = process.argv.includes("--quick");
const seasons = process.argv.includes("--seasons");
const outFlag = process.argv.indexOf("--out");
const out = outFlag > 0 ? process.argv[outFlag + 1] : undefined;
const daysFlag = process.argv.indexOf("--days");
// Four season spans of a year's length would not fit in a year: with --seasons a span is a week unless --days says otherwise.
const days = daysFlag > 0 ? Number(process.argv[daysFlag + 1]) : quick ? 2 : seasons ? 7 : undefined;

/** Mondays opening a week in each season of 2026. */
const SEASON_STARTS = ["2026-01-12T00:00:00Z", "2026-04-13T00:00:00Z", "2026-07-13T00:00:00Z", "2026-10-12T00:00:00Z"];

const experiment = defineExperiment({
  name: "dcc-viability",
  seed: "viability",
  base: "dcc-shared",
  set: {
    // dcc-shared is hourly: a day is 24 steps.
    ...(days !== undefined ? { "calendar.steps": days * 24 } : {}),
    // One span from each season's Monday, weighted equally into a year; calendar.start is the first span's.
    ...(seasons ? { "calendar.start": SEASON_STARTS[0], "calendar.representative": { starts: SEASON_STARTS } } : {}),
  },
  sweep: {
    grid: {
      "market.rental.mechanism": quick ? ["posted", "stackelberg"] : ["posted", "uniform", "vcg", "stackelberg"],
      "storage.economics.capexPerKWh": quick ? [600, 1200] : [600, 900, 1200],
      "tariff.buy.peak": quick ? [0.9, 1.5] : [0.9, 1.2, 1.5],
    },
  },
  replicates: quick ? 1 : 3,
  // Paired: every point of replicate r sees the same wind and load, so points differ only in what is swept.
  seeds: "common",
});

const result = await runExperiment(resolveExperiment(experiment), {
  ...(out ? { out } : {}),
  onProgress: (p) => process.stderr.write(`\r${p.done}/${p.total} runs`),
});
process.stderr.write("\n");

const by = ["market.rental.mechanism", "storage.economics.capexPerKWh", "tariff.buy.peak"];
const comparison = compareExperiment(result.table, {
  by,
  metrics: ["viableForUsers", "viableForProvider", "viable", "npv", "usersCost", "noStorageCost", "ownBatteryCost"],
});

/** The verdict of a group's means: users gain on average against both baselines, the mean NPV is ≥ 0. */
function pooledVerdict(g: GroupSummary): string {
  const mean = (metric: string) => g.metrics[metric]?.mean ?? NaN;
  const below = (baseline: number) => mean("usersCost") < baseline - 1e-6 * Math.max(1, Math.abs(baseline));
  const users = below(mean("noStorageCost")) && below(mean("ownBatteryCost"));
  const provider = mean("npv") >= 0;
  return users && provider ? "viable" : users ? "users only" : provider ? "provider only" : "neither";
}

const share = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "  —" : `${Math.round(100 * x)}%`.padStart(4));
console.log(`mechanism     capex/kWh  peak   users  provider  both   provider NPV CNY  pooled${seasons ? " (4 seasons)" : ""}`);
for (const g of comparison.groups) {
  const m = g.metrics;
  console.log(
    `${String(g.key[by[0]!]).padEnd(12)} ${String(g.key[by[1]!]).padStart(10)} ${String(g.key[by[2]!]).padStart(5)}   ${share(m["viableForUsers"]?.mean)}  ${share(m["viableForProvider"]?.mean)}      ${share(m["viable"]?.mean)}  ${(m["npv"]?.mean ?? NaN).toFixed(0).padStart(14)}  ${pooledVerdict(g)}`,
  );
}
const viable = comparison.groups.filter((g) => pooledVerdict(g) === "viable").map((g) => String(g.key[by[0]!]));
console.log(`viable for both (pooled means) under: ${[...new Set(viable)].join(", ") || "no mechanism at these prices"}`);
const report = await buildReport(result.dir);
console.log(`results: ${result.dir}/results.csv; report: ${report.index}`);

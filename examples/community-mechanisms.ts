/**
 * Mechanism comparison on `community` (200 PV households, one shared battery): which rental
 * mechanism gives the community the lowest system cost, and what does the provider earn?
 * Four rental mechanisms × 5 replicates (different household draws, derived seeds), one week.
 *
 *   npm run build && node dist/examples/community-mechanisms.js            # ≈ 20 runs
 *   node dist/examples/community-mechanisms.js --quick --out /tmp/cm      # one day, 2 replicates (CI)
 *
 * Then: `npx sesame report experiments/community-mechanisms` for the charts.
 */
import { compareExperiment, defineExperiment, differencesAgainst, resolveExperiment, runExperiment, type DifferenceEstimate, type MeanInterval } from "../src/index.js";

const quick = process.argv.includes("--quick");
const outFlag = process.argv.indexOf("--out");
const out = outFlag > 0 ? process.argv[outFlag + 1] : undefined;

const experiment = defineExperiment({
  name: "community-mechanisms",
  seed: "community",
  base: "community",
  set: { "calendar.steps": quick ? 24 : 168 },
  sweep: { grid: { "market.rental.mechanism": ["posted", "uniform", "pay-as-bid", "vcg"] } },
  replicates: quick ? 2 : 5,
  // Every mechanism sees the same households in replicate r: differences are the mechanism's.
  seeds: "common",
});

const result = await runExperiment(resolveExperiment(experiment), {
  ...(out ? { out } : {}),
  onProgress: (p) => process.stderr.write(`\r${p.done}/${p.total} runs`),
});
process.stderr.write("\n");

const fmt = (m: MeanInterval | undefined) => (m && m.n > 0 ? `${m.mean.toFixed(0)} [${m.low.toFixed(0)}, ${m.high.toFixed(0)}]` : "—");
const comparison = compareExperiment(result.table, { by: ["market.rental.mechanism"], metrics: ["systemCost", "welfareGain", "providerProfit"] });
console.log("mechanism    system cost (95 % CI)     welfare gain             provider profit");
for (const group of comparison.groups) {
  const m = group.metrics;
  console.log(`${String(group.key["market.rental.mechanism"]).padEnd(12)} ${fmt(m["systemCost"]).padEnd(25)} ${fmt(m["welfareGain"]).padEnd(24)} ${fmt(m["providerProfit"])}`);
}
console.log(`results: ${result.dir}/results.csv`);

// Paired against posted: replicate r of every mechanism saw the same households, so each
// difference is the mechanism's alone and its interval is over the replicates' differences.
const paired = differencesAgainst(result.table, { by: ["market.rental.mechanism"], metrics: ["systemCost", "welfareGain", "providerProfit"], against: ["market.rental.mechanism=posted"], seeds: "common" });
const diff = (d: DifferenceEstimate | undefined) =>
  !d || d.mean === null ? "—" : d.low === null || d.high === null ? `${d.mean.toFixed(0)} (n = ${d.n}: no interval)` : `${d.mean.toFixed(0)} [${d.low.toFixed(0)}, ${d.high.toFixed(0)}]`;
console.log(`\npaired differences against posted (same households per replicate; CNY over ${quick ? "one day" : "one week"})`);
console.log("mechanism    Δ system cost             Δ welfare gain           Δ provider profit");
for (const group of paired.groups) {
  const d = group.differences;
  console.log(`${String(group.key["market.rental.mechanism"]).padEnd(12)} ${diff(d["systemCost"]).padEnd(25)} ${diff(d["welfareGain"]).padEnd(24)} ${diff(d["providerProfit"])}`);
}

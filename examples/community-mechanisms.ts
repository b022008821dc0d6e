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
import { compareExperiment, defineExperiment, resolveExperiment, runExperiment, type MeanInterval } from "../src/index.js";

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

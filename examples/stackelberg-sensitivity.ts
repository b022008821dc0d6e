/**
 * Stackelberg price sensitivity on `microgrids`: the provider leads, the three microgrids
 * follow with their LP best responses. How do the leader's equilibrium rental prices and its
 * profit move with the peak tariff (what storage is worth to the followers) and with the size
 * of the battery (how scarce it is)? 3 peak prices × 3 battery sizes, one replicate each (the
 * microgrids' profiles are fixed by the seed; the price search is deterministic).
 *
 *   npm run build && node dist/examples/stackelberg-sensitivity.js          # one week per point
 *   node dist/examples/stackelberg-sensitivity.js --quick --out /tmp/sk    # one day (CI)
 */
import { defineExperiment, resolveExperiment, runExperiment } from "../src/index.js";

const quick = process.argv.includes("--quick");
const outFlag = process.argv.indexOf("--out");
const out = outFlag > 0 ? process.argv[outFlag + 1] : undefined;

const experiment = defineExperiment({
  name: "stackelberg-sensitivity",
  seed: "stackelberg",
  base: "microgrids",
  set: { "calendar.steps": quick ? 24 : 168, "market.rental.mechanism": "stackelberg" },
  sweep: {
    grid: {
      "tariff.buy.peak": quick ? [0.9, 1.5] : [0.9, 1.2, 1.5],
      "storage.energyKWh": quick ? [1000, 3000] : [1000, 2000, 3000],
    },
  },
  // The leader's search is the expensive part; baselines are not needed for prices.
  baselines: false,
});

const result = await runExperiment(resolveExperiment(experiment), { ...(out ? { out } : {}) });
const num = (x: unknown, digits: number) => (typeof x === "number" ? x.toFixed(digits) : "—");
console.log("peak CNY/kWh  storage kWh  c_E CNY/kWh/day  c_P CNY/kW/day  provider profit  rented share");
for (const row of result.table.rows) {
  console.log(
    `${num(row["tariff.buy.peak"], 2).padStart(12)}  ${num(row["storage.energyKWh"], 0).padStart(11)}  ${num(row["meanCE"], 4).padStart(15)}  ${num(row["meanCP"], 4).padStart(14)}  ${num(row["providerProfit"], 0).padStart(15)}  ${num(row["meanRentedShare"], 2).padStart(12)}`,
  );
}
console.log(`results: ${result.dir}/results.csv — the leader's iterations per period are in each run's steps.jsonl (sesame report charts them)`);

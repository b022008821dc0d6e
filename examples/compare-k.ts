/**
 * A first experiment script: how does the uniform double auction's κ (k) split the gains of
 * peer trading between buyers and sellers in the default scenario? Runs three values of k on
 * the same seed and prints each agent group's cost.
 *
 *   npm run build && node dist/examples/compare-k.js
 */
import { buildWorld, loadScenario, MetricsCollector, noStorageCosts, runSimulation, validateScenario } from "../src/index.js";

const loaded = loadScenario("dcc-week");
for (const k of [0, 0.5, 1]) {
  const scenario = validateScenario({ ...loaded.scenario, market: { ...loaded.scenario.market, energy: { mechanism: "uniform", params: { k } } } });
  const world = buildWorld(scenario, loaded.dir);
  const metrics = new MetricsCollector(world);
  const outcome = await runSimulation(world, { onRecord: (record) => metrics.add(record) });
  // Savings are measured against each agent's own plan without storage, over the same steps.
  const summary = metrics.summary(noStorageCosts(world, outcome.steps));
  const prosumerCost = Object.entries(summary.agents).filter(([id]) => id.startsWith("pros")).reduce((s, [, a]) => s + a.cost, 0);
  console.log(`k = ${k}: DCC cost ${summary.agents["dcc"]!.cost.toFixed(2)}, prosumers' cost ${prosumerCost.toFixed(2)}, mean peer price ${summary.market.meanEnergyPrice?.toFixed(4)} ${summary.currency}/kWh`);
}

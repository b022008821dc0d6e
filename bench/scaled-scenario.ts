import { loadScenario, validateScenario } from "../src/lab/load-scenario.js";
import type { Scenario } from "../src/lab/scenario-schema.js";

/**
 * The benchmark scenario: the default scenario scaled to `prosumers` prosumers over `steps`
 * hourly steps, every agent rule-based (the LP strategy is benchmarked separately).
 */
export function scaledScenario(prosumers: number, steps: number): { scenario: Scenario; dir: string } {
  const loaded = loadScenario("dcc-week");
  const base = loaded.scenario;
  const scenario = validateScenario({
    ...base,
    name: `bench-${prosumers}x${steps}`,
    calendar: { ...base.calendar, start: "2026-01-01T00:00:00Z", steps },
    // Storage grows with the community so rationing does not dominate the figures.
    storage: { ...base.storage, energyKWh: base.storage.energyKWh + 10 * prosumers, powerKW: base.storage.powerKW + 3 * prosumers },
    agents: base.agents.map((a) => (a.kind === "prosumer" ? { ...a, count: prosumers, strategy: "rule-based" } : { ...a, strategy: "rule-based" })),
  });
  return { scenario, dir: loaded.dir };
}

import { loadLpSolver } from "../src/core/lp.js";
import { buildWorld } from "../src/lab/build-world.js";
import { validateScenario } from "../src/lab/load-scenario.js";
import { runSimulation } from "../src/sim/engine.js";
import type { LogRecord } from "../src/sim/step-record.js";

/**
 * One rental round (one day) of the iterative rental rules with LP followers: Stackelberg with
 * 20 followers (the leader's price search, every query answered by 20 LPs) and cooperative
 * Shapley with 10 tenants (every coalition's joint LP, 2^10 − 1 of them).
 */
export async function benchRentalRounds(): Promise<string[]> {
  await loadLpSolver();
  const lines: string[] = [];
  const stackelberg = await timeFirstRound(20, { mechanism: "stackelberg", params: {} });
  const queries = stackelberg.record.kind === "step" ? (stackelberg.record.rental?.iterations.length ?? 0) : 0;
  lines.push(`stackelberg, 20 LP followers: one rental round ${stackelberg.seconds.toFixed(2)} s, ${queries} price queries = ${queries * 20} follower LPs (${((stackelberg.seconds * 1000) / (queries * 20)).toFixed(2)} ms each)`);
  const shapley = await timeFirstRound(10, { mechanism: "cooperative", params: { rule: "shapley" } });
  const coalitions = shapley.record.kind === "step" ? Number(shapley.record.rental?.meta["coalitionsEvaluated"] ?? 0) : 0;
  lines.push(`cooperative exact Shapley, 10 tenants: one rental round ${shapley.seconds.toFixed(2)} s, ${coalitions} coalition LPs (${((shapley.seconds * 1000) / Math.max(coalitions, 1)).toFixed(1)} ms each)`);
  return lines;
}

async function timeFirstRound(tenants: number, rental: { mechanism: string; params: Record<string, unknown> }) {
  const scenario = validateScenario({
    name: `bench-${rental.mechanism}-${tenants}`,
    seed: "bench",
    calendar: { start: "2026-06-01T00:00:00Z", steps: 1, utcOffsetHours: 8 },
    tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25 },
    storage: { energyKWh: 20 * tenants, powerKW: 6 * tenants },
    market: { rental, energy: { mechanism: "uniform", params: {} } },
    agents: [{ id: "pros", kind: "prosumer", count: tenants, strategy: "lp-optimal", load: { generator: "residential", meanKW: 1.5 }, pv: { kWp: 5 } }],
  });
  const world = buildWorld(scenario, ".");
  let record: LogRecord | undefined;
  const start = performance.now();
  await runSimulation(world, { onRecord: (r) => (record = r) });
  return { seconds: (performance.now() - start) / 1000, record: record! };
}

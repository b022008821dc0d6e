import { loadLpSolver } from "../src/core/lp.js";
import { buildWorld } from "../src/lab/build-world.js";
import { validateScenario } from "../src/lab/load-scenario.js";
import { runSimulation } from "../src/sim/engine.js";
import type { LogRecord } from "../src/sim/log/step-record.js";
import type { World } from "../src/sim/world.js";

/**
 * One rental round of the iterative rental rules with LP followers: Stackelberg with 20
 * followers (the leader's price search, every query answered by 20 LPs) and cooperative
 * Shapley with 10 tenants (every coalition's joint LP, 2^10 − 1 of them).
 *
 * The first two lines keep the set-up the benchmark has always had, for comparison over time:
 * a calendar of one step, so the rental period is that one hour (a run is a whole number of
 * rental periods; it used to be a daily period clipped to its first hour, the same round), and
 * the default storage economics, whose floor prices nobody pays for an hour's storage (nobody
 * rents: one step cannot shift energy). The
 * Stackelberg lines after them run a whole day (24 hourly steps) at zero reserve prices, where
 * every household rents: 20 followers (the global search) and 3 (the exact method).
 * "clearing" is the rental mechanism's own time (every query, the warm-started followers
 * included); "run" adds building the world, the day's steps and the first solves' warm-up.
 */
export async function benchRentalRounds(): Promise<string[]> {
  await loadLpSolver();
  const lines: string[] = [];
  const stackelberg = await timeFirstRound(20, 1, { mechanism: "stackelberg", params: {} });
  const queries = stackelberg.record.kind === "step" ? (stackelberg.record.rental?.iterations.length ?? 0) : 0;
  lines.push(
    `stackelberg, 20 LP followers, one-step period: one rental round ${stackelberg.seconds.toFixed(2)} s (clearing ${stackelberg.clearingSeconds.toFixed(2)} s), ${queries} price queries = ${queries * 20} follower LPs (${((stackelberg.seconds * 1000) / (queries * 20)).toFixed(2)} ms each)`,
  );
  const shapley = await timeFirstRound(10, 1, { mechanism: "cooperative", params: { rule: "shapley" } });
  const coalitions = shapley.record.kind === "step" ? Number(shapley.record.rental?.meta["coalitionsEvaluated"] ?? 0) : 0;
  lines.push(`cooperative exact Shapley, 10 tenants: one rental round ${shapley.seconds.toFixed(2)} s, ${coalitions} coalition LPs (${((shapley.seconds * 1000) / Math.max(coalitions, 1)).toFixed(1)} ms each)`);
  for (const tenants of [20, 3]) {
    const day = await timeFirstRound(tenants, 24, { mechanism: "stackelberg", params: {} }, true);
    const rental = day.record.kind === "step" ? day.rental : undefined;
    const n = rental?.iterations.length ?? 0;
    lines.push(
      `stackelberg, ${tenants} LP followers, one day at zero reserve: clearing ${day.clearingSeconds.toFixed(2)} s (run ${day.seconds.toFixed(2)} s), ${String(rental?.meta["method"])}, ${n} price queries, revenue ${Number(rental?.meta["revenue"]).toFixed(3)}`,
    );
  }
  return lines;
}

async function timeFirstRound(tenants: number, steps: number, rental: { mechanism: string; params: Record<string, unknown> }, freeStorage = false) {
  const scenario = validateScenario({
    name: `bench-${rental.mechanism}-${tenants}`,
    seed: "bench",
    calendar: { start: "2026-06-01T00:00:00Z", steps, rentalPeriodSteps: Math.min(steps, 24), utcOffsetHours: 8 },
    tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25 },
    storage: { energyKWh: 20 * tenants, powerKW: 6 * tenants, ...(freeStorage ? { economics: { capexPerKWh: 0, capexPerKW: 0, omPerYear: 0 } } : {}) },
    market: { rental, energy: { mechanism: "uniform", params: {} } },
    agents: [{ id: "pros", kind: "prosumer", count: tenants, strategy: "lp-optimal", load: { generator: "residential", meanKW: 1.5 }, pv: { kWp: 5 } }],
  });
  const built = buildWorld(scenario, ".");
  // Time the mechanism's clearing on its own as well as the whole run.
  let clearingSeconds = 0;
  const inner = built.rentalMechanism;
  const world: World = {
    ...built,
    rentalMechanism: {
      ...inner,
      clear: (round, ctx) => {
        const start = performance.now();
        try {
          return inner.clear(round, ctx);
        } finally {
          clearingSeconds += (performance.now() - start) / 1000;
        }
      },
    },
  };
  let record: LogRecord | undefined;
  const start = performance.now();
  await runSimulation(world, { onRecord: (r) => (record ??= r) });
  return { seconds: (performance.now() - start) / 1000, clearingSeconds, record: record!, rental: record?.kind === "step" ? record.rental : undefined };
}

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveExperiment, runExperiment } from "../src/lab/experiment/index.js";

/**
 * An experiment of 32 points (community, 200 households, one day: 4 rental mechanisms × 8
 * storage sizes, one replicate, no logs kept) on 1 worker and on 2 worker threads: wall time,
 * runs per second and the speed-up. Both must give the same table, byte for byte.
 */
export async function benchExperimentWorkers(steps = 24): Promise<{ lines: string[]; speedUp: number }> {
  const experiment = resolveExperiment({
    name: "bench-32",
    seed: "bench",
    base: "community",
    // Whole rental periods: a day's period, or one period when the run is shorter.
    set: { "calendar.steps": steps, "calendar.rentalPeriodSteps": steps % 24 === 0 ? 24 : steps },
    sweep: {
      grid: {
        "market.rental.mechanism": ["posted", "uniform", "pay-as-bid", "vcg"],
        "storage.energyKWh": { from: 200, to: 900, step: 100 },
      },
    },
    baselines: true,
  });
  const root = mkdtempSync(join(tmpdir(), "sesame-bench-experiment-"));
  try {
    const seconds: number[] = [];
    for (const workers of [1, 2]) {
      const started = performance.now();
      await runExperiment(experiment, { out: join(root, `w${workers}`), workers, keepLogs: false });
      seconds.push((performance.now() - started) / 1000);
    }
    const same = readFileSync(join(root, "w1", "results.json")).equals(readFileSync(join(root, "w2", "results.json")));
    const runs = experiment.runs.length;
    return {
      speedUp: seconds[0]! / seconds[1]!,
      lines: [
      `experiment ${runs} points (community, ${steps} steps, baselines on): 1 worker ${seconds[0]!.toFixed(1)} s (${(runs / seconds[0]!).toFixed(2)} runs/s), 2 workers ${seconds[1]!.toFixed(1)} s (${(runs / seconds[1]!).toFixed(2)} runs/s), speed-up ${(seconds[0]! / seconds[1]!).toFixed(2)}×, tables identical: ${same}`,
      ],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { loadExperiment } from "../../lab/experiment/load-experiment.js";
import type { ExperimentProgress } from "../../lab/experiment/run-experiment.js";
import { parseShard, shardFromEnvironment, type Shard } from "../../lab/experiment/shard.js";
import { commandAction, EXIT_FAULT } from "../action.js";
import { progressBar } from "../progress.js";

interface ExperimentFlags {
  out?: string;
  workers?: string;
  shard?: string;
  shardCount?: string;
  logs: boolean;
  allowOutsideInputs?: boolean;
}

/** Registers `sesame experiment`. */
export function registerExperimentCommand(program: Command): void {
  program
    .command("experiment")
    .description("run an experiment file (sweep × replicates) on a pool of worker threads; resumes an interrupted one")
    .argument("<file>", "experiment file (JSON or YAML, see docs/experiments.md)")
    .option("--out <dir>", "experiment folder (default experiments/<name>)")
    .option("--workers <n>", `worker threads (default: all cores, here ${availableParallelism()})`)
    .option("--shard <i/n>", "run only shard i of n (0 ≤ i < n); default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX")
    .option("--shard-count <n>", "number of shards when the index comes from JOB_COMPLETION_INDEX (or SESAME_SHARDS)")
    .option("--no-logs", "keep only summary.json and manifest.json of each run (no steps.jsonl)")
    .option("--allow-outside-inputs", "let the base scenario's CSV paths be absolute or leave its folder (refused by default; each run keeps a copy in inputs/)")
    .addHelpText(
      "after",
      "\nExamples:\n  sesame experiment examples/study.yaml --workers 4\n  sesame experiment examples/study.yaml --shard 0/3 --out shards/0\n  sesame merge shards/0 shards/1 shards/2 --out study\n",
    )
    .action(
      commandAction(async (file: string, flags: ExperimentFlags) => {
        const workers = flags.workers === undefined ? undefined : Number(flags.workers);
        if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
          throw new InputError({ path: "--workers", expected: `a whole number ≥ 1, got "${flags.workers}"` });
        }
        const shard = shardOf(flags);
        const resolved = loadExperiment(file, { allowOutsideInputs: flags.allowOutsideInputs === true });
        const report = progressReporter(resolved.experiment.name);
        // Loaded on use: the chart renderer (vega) and Parquet (WebAssembly) cost a second at every CLI start.
        const { runExperiment } = await import("../../lab/experiment/run-experiment.js");
        const result = await runExperiment(resolved, {
          ...(flags.out !== undefined ? { out: flags.out } : {}),
          ...(workers !== undefined ? { workers } : {}),
          ...(shard ? { shard } : {}),
          keepLogs: flags.logs,
          onProgress: report.update,
          // Before the bar starts: a run left by an earlier invocation that is not reused is said, with why.
          onRerun: ({ runId, reason }) => process.stderr.write(`sesame: run ${runId}: ${reason}; re-running\n`),
        });
        report.finish();
        const ran = result.runs - result.skipped;
        process.stdout.write(
          `experiment ${resolved.experiment.name}${shard ? ` (shard ${shard.index}/${shard.count})` : ""}: ${result.runs} runs (${ran} run now, ${result.skipped} already done), ${result.failed.length} failed\n` +
            `results    ${result.dir}/results.{csv,parquet,json}\n`,
        );
        if (result.failed.length > 0) {
          process.stderr.write(`sesame: ${result.failed.length} run(s) failed: ${result.failed.slice(0, 10).join(", ")}${result.failed.length > 10 ? ", …" : ""}\n`);
          return EXIT_FAULT;
        }
        return 0;
      }),
    );
}

function shardOf(flags: ExperimentFlags): Shard | undefined {
  if (flags.shard !== undefined) return parseShard(flags.shard);
  const count = flags.shardCount === undefined ? undefined : Number(flags.shardCount);
  if (count !== undefined && !(Number.isInteger(count) && count >= 1)) throw new InputError({ path: "--shard-count", expected: `a whole number ≥ 1, got "${flags.shardCount}"` });
  return shardFromEnvironment(process.env, count);
}

/** A bar on a terminal; one plain line per finished run otherwise (CI logs, cluster job logs). */
function progressReporter(name: string): { update(p: ExperimentProgress): void; finish(): void } {
  if (process.stderr.isTTY) {
    const bar = progressBar(name, process.stderr, "runs");
    return { update: (p) => bar.update(p.done, p.total), finish: () => bar.finish() };
  }
  const started = performance.now();
  return {
    update(p) {
      if (!p.last) {
        if (p.skipped > 0) process.stderr.write(`${name}: ${p.skipped} of ${p.total} runs already done, skipped\n`);
        return;
      }
      const elapsed = (performance.now() - started) / 1000;
      const ran = p.done - p.skipped;
      const eta = ran > 0 ? ((p.total - p.done) * elapsed) / ran : 0;
      process.stderr.write(`${name}: ${p.done}/${p.total} ${p.last.runId} ${p.last.status} in ${p.last.seconds.toFixed(1)} s, ETA ${eta.toFixed(0)} s\n`);
    },
    finish() {},
  };
}

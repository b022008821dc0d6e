import { existsSync } from "node:fs";
import { join } from "node:path";
import { Piscina } from "piscina";
import { packageRoot } from "../package-root.js";
import { runTask, type RunTask, type RunTaskResult } from "./run-one.js";

/**
 * Runs tasks on `workers` worker threads (piscina), or in this thread when `workers` is 1.
 * Results are reported as each run ends; the order of completion does not matter, since every
 * run writes only its own folder and its seed is fixed by the experiment.
 */
export async function runPool(tasks: readonly RunTask[], workers: number, onResult: (result: RunTaskResult) => void): Promise<void> {
  if (tasks.length === 0) return;
  if (workers <= 1 || tasks.length === 1) {
    for (const task of tasks) onResult(await runTask(task));
    return;
  }
  const pool = new Piscina({ filename: workerFile(), minThreads: Math.min(workers, tasks.length), maxThreads: Math.min(workers, tasks.length), idleTimeout: 1000 });
  try {
    await Promise.all(tasks.map(async (task) => onResult((await pool.run(task)) as RunTaskResult)));
  } finally {
    await pool.destroy();
  }
}

/** The built worker script: threads run JavaScript, so the package must have been built (npm run build). */
function workerFile(): string {
  const file = join(packageRoot(), "dist", "src", "lab", "experiment", "run-worker.js");
  if (!existsSync(file)) throw new Error(`the experiment worker ${file} is missing: build SESAME first (npm run build)`);
  return file;
}

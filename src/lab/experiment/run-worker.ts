import { runTask, type RunTask, type RunTaskResult } from "./run-one.js";

/** The worker-thread entry of the experiment pool (piscina calls the default export once per run). */
export default function runInWorker(task: RunTask): Promise<RunTaskResult> {
  return runTask(task);
}

import { resolve } from "node:path";
import { InputError } from "../../core/errors.js";
import { isExperimentFolder } from "./experiment-data.js";
import { reportExperiment } from "./report-experiment.js";
import { reportRun } from "./report-run.js";
import { isRunFolder } from "./run-data.js";
import type { ReportOutput } from "./write-report.js";

/**
 * `sesame report`: writes the report of a run folder or an experiment folder, whichever
 * `dir` is (an experiment folder is recognised first: it is never also a run folder).
 * `outDir` defaults to `<dir>/report`.
 */
export async function buildReport(dir: string, outDir?: string): Promise<ReportOutput & { readonly kind: "run" | "experiment" }> {
  if (isExperimentFolder(dir)) return { kind: "experiment", ...(await reportExperiment(dir, outDir)) };
  if (isRunFolder(dir)) return { kind: "run", ...(await reportRun(dir, outDir)) };
  throw new InputError({
    path: resolve(dir),
    expected: "a run folder (manifest.json, steps.jsonl, summary.json) or an experiment folder (experiment.json, results.json)",
  });
}

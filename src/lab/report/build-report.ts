import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../../core/errors.js";
import { MANIFEST_FILE } from "../../sim/log/run-folder.js";
import { isRepresentativeManifest } from "../run-representative.js";
import { isExperimentFolder } from "./experiment-data.js";
import { reportExperiment } from "./report-experiment.js";
import { reportRun } from "./report-run.js";
import { isRunFolder } from "./run-data.js";
import { isCounterfactualFolder } from "../counterfactual/counterfactual-folder.js";
import { reportCounterfactual } from "./report-counterfactual.js";
import type { ReportOutput } from "./write-report.js";

/**
 * `sesame report`: writes the report of a run folder, an experiment folder or a counterfactual
 * folder (`sesame replay RUN --mechanism … --out DIR`), whichever `dir` is (experiment and
 * counterfactual folders are recognised first: neither is ever also a run folder).
 * `outDir` defaults to `<dir>/report`. A failed or interrupted run is refused unless `partial`,
 * and then reported as partial (report-run.ts).
 */
export async function buildReport(dir: string, outDir?: string, options: { readonly partial?: boolean } = {}): Promise<ReportOutput & { readonly kind: "run" | "experiment" | "counterfactual"; /** A partial run's label (run-state.ts `partialLabel`), else null. */ readonly partial: string | null }> {
  if (isExperimentFolder(dir)) return { kind: "experiment", ...(await reportExperiment(dir, outDir)), partial: null };
  if (isCounterfactualFolder(dir)) return { kind: "counterfactual", ...(await reportCounterfactual(dir, outDir)), partial: null };
  refuseRepresentative(dir);
  if (isRunFolder(dir)) return { kind: "run", ...(await reportRun(dir, outDir, options)) };
  throw new InputError({
    path: resolve(dir),
    expected: "a run folder (manifest.json, steps.jsonl, summary.json), an experiment folder (experiment.json, results.json) or a counterfactual folder (counterfactual.json)",
  });
}

/**
 * A representative run has no report of its own: a page of the pooled year would need charts
 * of its own, and the spans' pages side by side would pass for one. Each span is an ordinary
 * run folder with its report; the refusal names them.
 */
function refuseRepresentative(dir: string): void {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return;
  }
  if (!isRepresentativeManifest(manifest)) return;
  const spans = manifest.spans.filter((s) => s.status !== "pending").map((s) => join(dir, s.folder));
  throw new InputError({
    path: resolve(dir),
    expected: `a run folder or an experiment folder; this is a representative run (calendar.representative), whose year has no report yet: report a span instead (sesame report ${spans[0] ?? join(dir, "spans", "…")}; spans: ${spans.join(", ")}), or run it in an experiment and report that`,
  });
}

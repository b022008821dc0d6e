import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, writeSync } from "node:fs";
import { join } from "node:path";
import { safeFolderName } from "../folder-name.js";
import { InputError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../sim/log/run-folder.js";
import type { SizeEvaluation } from "./evaluate-size.js";
import type { PlanDocument } from "./plan-document.js";

/**
 * A plan folder (docs/planning.md, "The plan folder"):
 *
 *     request.json       the validated request, the footing and the coarse grid, written first
 *     evaluations.jsonl  one line per evaluation, appended as each one finishes
 *     runs/<id>/         one run folder per simulated size (manifest.json, summary.json; the log with --keep-logs)
 *     plan.json          everything, written atomically once the plan is complete
 *
 * So an interrupted plan shows what it did (request.json, the evaluations so far, their runs)
 * and never a plan.json that looks complete.
 */

/** File names inside a plan folder. */
export const PLAN_FILES = { plan: "plan.json", request: "request.json", evaluations: "evaluations.jsonl" } as const;

/** `plans/<scenario>-<objective>-<time>`, the time in UTC to the second. */
export function defaultPlanDir(scenarioName: string, objective: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  return join("plans", `${safeFolderName(scenarioName)}-${safeFolderName(objective, 40)}-${stamp}`);
}

/** Refuses a plan folder that exists and is not empty (checked before anything is written). */
export function requireFreePlanFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new InputError({ path: "--out", expected: `an empty or new folder; ${dir} is not empty` });
}

/** Creates the plan folder (it must be free) and writes request.json. */
export function createPlanFolder(dir: string, request: unknown): void {
  requireFreePlanFolder(dir);
  mkdirSync(dir, { recursive: true });
  writeJsonAtomic(join(dir, PLAN_FILES.request), request);
}

/** Appends evaluations to evaluations.jsonl, one JSON line each, handed to the OS as it is written. */
export class EvaluationLog {
  private readonly fd: number;
  constructor(dir: string) {
    this.fd = openSync(join(dir, PLAN_FILES.evaluations), "a");
  }
  append(evaluation: SizeEvaluation): void {
    writeSync(this.fd, JSON.stringify(evaluation) + "\n");
  }
  /** Flushes to disk and closes. */
  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** Writes plan.json atomically. */
export function writePlanDocument(dir: string, plan: PlanDocument): void {
  writeJsonAtomic(join(dir, PLAN_FILES.plan), plan);
}

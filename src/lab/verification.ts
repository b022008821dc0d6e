import type { LogProblem } from "../sim/log/read-log.js";

// The verdict's shape lives apart from the two verifiers that produce it (verify-run.ts for a
// run folder, verify-representative.ts for a representative one), which call each other.

/** One verified span of a representative run. */
export interface VerifiedSpan {
  readonly folder: string;
  readonly steps: number;
  readonly status: string;
  readonly fingerprint: string;
}

/**
 * The verdict of `replay --verify`. `ok` with status `complete` or `failed`: every file is what
 * the run wrote. `ok` with status `interrupted`: the manifest still says running, and the
 * log's first `steps` steps verify (the rest was never written); `sesame run --resume` finishes it.
 */
export type Verification =
  | {
      readonly ok: true;
      readonly steps: number;
      /** The last verified record's hash (an interrupted run: its prefix's). */
      readonly fingerprint: string;
      readonly status: "complete" | "failed" | "interrupted";
      /** A representative run's spans, each verified (verify-representative.ts). */
      readonly spans?: readonly VerifiedSpan[];
      /** Files and folders in the run folder the run did not write (exports, a report): not verified. */
      readonly unrecorded?: readonly string[];
    }
  | VerificationFailure;

/** Where verification failed: a step and field of the log, or a file of the run folder (`step` null). */
export interface VerificationFailure extends Omit<LogProblem, "step"> {
  readonly ok: false;
  /** The span folder the problem is in, for a representative run. */
  readonly span?: string;
  /** The step, or null when the problem is a file's (`field` names it: `summary.json`, `manifest.json: status`, …). */
  readonly step: number | null;
}

/** One line for a person: `in span S at step N, field F: message` or `in summary.json: message`. */
export function describeFailure(failure: VerificationFailure): string {
  const span = failure.span !== undefined ? ` in span ${failure.span}` : "";
  return failure.step === null ? `${span} in ${failure.field}: ${failure.message}` : `${span} at step ${failure.step}, field ${failure.field}: ${failure.message}`;
}

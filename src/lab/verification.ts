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

/** The verdict of `replay --verify`. */
export type Verification =
  | {
      readonly ok: true;
      readonly steps: number;
      readonly fingerprint: string;
      readonly status: string;
      /** A representative run's spans, each verified (verify-representative.ts). */
      readonly spans?: readonly VerifiedSpan[];
    }
  | ({ readonly ok: false; /** The span folder the problem is in, for a representative run. */ readonly span?: string } & LogProblem);

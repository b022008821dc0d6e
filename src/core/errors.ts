/**
 * The two kinds of failure SESAME distinguishes (DESIGN.md §6): bad input, found before
 * anything runs (exit code 2), and a fault during a run (exit code 1).
 */

/** One problem with the input: where it is and what was expected there. */
export interface InputIssue {
  /** Dotted path of the offending field, e.g. `agents[2].pv.kWp` or `--steps`. */
  readonly path: string;
  /** What was expected, in words a researcher understands. */
  readonly expected: string;
}

/** Bad input (scenario, order book, CLI flag). The CLI maps it to exit code 2. */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];
  constructor(issues: readonly InputIssue[] | InputIssue) {
    const list = Array.isArray(issues) ? issues : [issues as InputIssue];
    super(list.map((i) => `${i.path || "(input)"}: ${i.expected}`).join("\n"));
    this.name = "InputError";
    this.issues = list;
  }
}

/** A fault during a run: names the step and the agent (or component) that failed. Exit code 1. */
export class RunFault extends Error {
  readonly step: number;
  readonly agent: string;
  /** What went wrong, without the step and agent prefix. */
  readonly detail: string;
  constructor(step: number, agent: string, detail: string) {
    super(`step ${step}, ${agent}: ${detail}`);
    this.name = "RunFault";
    this.step = step;
    this.agent = agent;
    this.detail = detail;
  }
}

/** Throws an InputError unless `value` is a finite number. */
export function requireFinite(value: number, path: string): number {
  if (!Number.isFinite(value)) throw new InputError({ path, expected: `a finite number, got ${String(value)}` });
  return value;
}

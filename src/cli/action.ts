import { InputError, RunFault } from "../core/errors.js";

/**
 * Exit codes of every command (DESIGN.md §6): 0 success, 1 a fault during a run or a failed
 * verification, 2 bad input, 3 `replay --verify` of an interrupted run whose logged prefix
 * verifies (finish it with `sesame run --resume`).
 */
export const EXIT_OK = 0;
export const EXIT_FAULT = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERRUPTED = 3;

/** Wraps a command's body: maps InputError to exit 2 and RunFault (or anything else) to exit 1. */
export function commandAction<A extends unknown[]>(body: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await body(...args);
      process.exitCode = code ?? EXIT_OK;
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}

/** Prints `error` for a person and returns the exit code it deserves. */
export function reportError(error: unknown): number {
  if (error instanceof InputError) {
    process.stderr.write(`sesame: invalid input\n${error.issues.map((i) => `  ${i.path || "(input)"}: ${i.expected}`).join("\n")}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof RunFault) {
    process.stderr.write(`sesame: run stopped at step ${error.step} (${error.agent}): ${error.detail}\n`);
    return EXIT_FAULT;
  }
  process.stderr.write(`sesame: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_FAULT;
}

/** Parses repeated `--param key=value` flags; values that read as numbers become numbers. */
export function parseParamFlags(flags: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    if (eq <= 0) throw new InputError({ path: "--param", expected: `key=value, got "${flag}"` });
    const key = flag.slice(0, eq);
    const raw = flag.slice(eq + 1);
    const asNumber = Number(raw);
    params[key] = raw.trim() !== "" && Number.isFinite(asNumber) ? asNumber : raw;
  }
  return params;
}

/** `--param rental.cE=0.3 --param energy.k=0.4` → the two markets' parameter sets (`sesame run` and `sesame plan`). */
export function splitParams(flags: readonly string[]): { rental: Record<string, unknown>; energy: Record<string, unknown> } {
  const rental: string[] = [];
  const energy: string[] = [];
  for (const flag of flags) {
    if (flag.startsWith("rental.")) rental.push(flag.slice("rental.".length));
    else if (flag.startsWith("energy.")) energy.push(flag.slice("energy.".length));
    else throw new InputError({ path: "--param", expected: `rental.KEY=VALUE or energy.KEY=VALUE, got "${flag}"` });
  }
  return { rental: parseParamFlags(rental), energy: parseParamFlags(energy) };
}

/** Collector for commander's repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

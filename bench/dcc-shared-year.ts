import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runScenario } from "../src/lab/run-scenario.js";

/**
 * The built-in dcc-shared (a year, hourly) run with its baselines, as `sesame run dcc-shared`
 * does it, into a temporary run folder: wall seconds for `steps` steps (the whole year unless
 * fewer are asked for, in whole rental periods).
 */
export async function benchDccSharedYear(steps?: number): Promise<{ steps: number; seconds: number; line: string }> {
  const out = join(mkdtempSync(join(tmpdir(), "sesame-bench-dcc-")), "run");
  try {
    const started = performance.now();
    const result = await runScenario({ scenario: "dcc-shared", out, baselines: true, ...(steps !== undefined ? { steps } : {}) });
    const seconds = (performance.now() - started) / 1000;
    const ran = result.outcome.steps;
    return { steps: ran, seconds, line: `dcc-shared with baselines, ${ran} steps: ${seconds.toFixed(1)} s (${result.outcome.status})` };
  } finally {
    rmSync(join(out, ".."), { recursive: true, force: true });
  }
}

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareExperiment } from "../../src/lab/compare-experiment.js";
import { resolveExperiment, scenarioOfRun } from "../../src/lab/experiment/load-experiment.js";
import { runExperiment } from "../../src/lab/experiment/run-experiment.js";
import { representativeSpans } from "../../src/lab/representative-spans.js";
import type { RepresentativeSummary } from "../../src/lab/representative-year.js";

/**
 * An experiment over a representative base: every run is pooled into a year in its own folder,
 * and the experiment table reads the pooled summary, so comparisons are of yearly figures.
 */

const tmp = mkdtempSync(join(tmpdir(), "sesame-representative-experiment-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const JAN = "2026-01-12T00:00:00Z";
const JUL = "2026-07-13T00:00:00Z";

const experiment = {
  name: "representative-days",
  seed: "11",
  base: "dcc-week",
  // calendar.start goes with the spans: the resolved base has a start of its own, which must be the first span's.
  set: { "calendar.steps": 24, "calendar.start": JAN, "calendar.representative": { starts: [JAN, JUL], weights: [3, 1] } },
  sweep: { grid: { "market.rental.mechanism": ["posted", "pay-as-bid"] } },
  replicates: 2,
  baselines: false,
};

describe("an experiment with a representative base", () => {
  it("runs every run through the pooled path and gives one row per run from the pooled summary", async () => {
    const out = join(tmp, "experiment");
    const resolved = resolveExperiment(experiment);
    const result = await runExperiment(resolved, { out, workers: 1 });
    expect(result.failed).toEqual([]);
    expect(result.table.rows).toHaveLength(4);
    for (const run of resolved.runs) {
      const runDir = join(out, "runs", run.runId);
      const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as RepresentativeSummary;
      const row = result.table.rows.find((r) => r["runId"] === run.runId)!;
      expect(row["status"]).toBe("complete");
      expect(row["seed"]).toBe(run.seed);
      expect(row["providerProfit"]).toBe(summary.provider.profit);
      expect(row["npv"]).toBe(summary.viability!.npv);
      expect(row["yearBasis"]).toBe("2 representative days (January, July), weighted into a year (standing for 273.75, 91.25 days)");
      // Each span ran from its own seed, derived from the run's; its time series sit in its folder.
      for (const span of representativeSpans(scenarioOfRun(resolved, run))) {
        expect(JSON.parse(readFileSync(join(runDir, span.folder, "manifest.json"), "utf8")).seed).toBe(span.seed);
        expect(existsSync(join(runDir, span.folder, "prices.parquet"))).toBe(true);
      }
    }
    // Common seeds: replicate r of both mechanisms ran the same spans' draws, so compare pairs them.
    const compared = compareExperiment(result.table, { by: ["market.rental.mechanism"], metrics: ["providerProfit", "npv"] });
    expect(compared.groups).toHaveLength(2);

    // Resume: every run is finished, nothing runs again.
    const again = await runExperiment(resolved, { out, workers: 1 });
    expect(again.skipped).toBe(4);
    expect(again.table).toEqual(result.table);
  });

  it("a base that sets representative spans without the matching start is refused, naming calendar.start", () => {
    const { "calendar.start": _start, ...set } = experiment.set;
    expect(() => resolveExperiment({ ...experiment, set })).toThrow(/calendar\.start.*first span's start/);
  });
});

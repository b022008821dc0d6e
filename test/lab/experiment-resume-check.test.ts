import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { resolveExperiment } from "../../src/lab/experiment/load-experiment.js";
import { mergeExperiments } from "../../src/lab/experiment/merge.js";
import { recordedSummary } from "../../src/lab/experiment/recorded-summary.js";
import { runExperiment, type RerunNotice } from "../../src/lab/experiment/run-experiment.js";
import { readParquet } from "../../src/lab/exports/table.js";
import { csvRecords } from "../support/csv.js";

// Issue 12, item 1 (experiments): a run folder is reused on resume only when its manifest is
// final and sealed and summary.json is the file it records; the results tables name each run's
// fingerprint.

const tmp = mkdtempSync(join(tmpdir(), "sesame-experiment-check-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const small = {
  name: "checked",
  seed: "11",
  base: "dcc-week",
  set: { "calendar.steps": 12, "calendar.rentalPeriodSteps": 12 },
  sweep: { grid: { "market.rental.mechanism": ["posted", "uniform"] } },
  replicates: 1,
  baselines: false,
};

const dir = join(tmp, "experiment");
const manifestOf = (runId: string) => JSON.parse(readFileSync(join(dir, "runs", runId, "manifest.json"), "utf8")) as { fingerprint: string; seal: string };
const summaryFile = (runId: string) => join(dir, "runs", runId, "summary.json");
let runIds: string[];
let trueProfit: number;

beforeAll(async () => {
  const result = await runExperiment(resolveExperiment(small), { out: dir, workers: 1 });
  expect(result.failed).toEqual([]);
  runIds = result.table.rows.map((r) => r["runId"] as string);
  trueProfit = result.table.rows[0]!["providerProfit"] as number;
}, 600_000);

function deleteResults(): void {
  for (const name of ["results.json", "results.csv", "results.parquet"]) rmSync(join(dir, name));
}

describe("results tables carry each run's fingerprint", () => {
  it("in results.json, results.csv (read as CSV) and results.parquet, equal to each run's manifest fingerprint", () => {
    const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as { columns: { name: string }[]; rows: Record<string, unknown>[] };
    const names = json.columns.map((c) => c.name);
    // Identity first, before status: the swept columns stay those between status and the metrics.
    expect(names.slice(0, 7)).toEqual(["runId", "pointId", "replicate", "seed", "fingerprint", "status", "market.rental.mechanism"]);
    const csv = csvRecords(readFileSync(join(dir, "results.csv"), "utf8"));
    const parquet = readParquet(join(dir, "results.parquet")).rows;
    runIds.forEach((runId, i) => {
      const { fingerprint } = manifestOf(runId);
      expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(json.rows[i]!["fingerprint"]).toBe(fingerprint);
      expect(csv[i]!["fingerprint"]).toBe(fingerprint);
      expect(csv[i]!["runId"]).toBe(runId);
      expect(parquet[i]!["fingerprint"]).toBe(fingerprint);
    });
  });
});

describe("resume checks a run's summary against its manifest", () => {
  it("a summary edited to provider.profit 999999, the results deleted: the run is re-run, said why, and the table has the true value", async () => {
    const victim = runIds[0]!;
    const summary = JSON.parse(readFileSync(summaryFile(victim), "utf8")) as { provider: { profit: number } };
    summary.provider.profit = 999999;
    writeFileSync(summaryFile(victim), JSON.stringify(summary, null, 2) + "\n");
    expect(recordedSummary(join(dir, "runs", victim), null)).toMatchObject({ ok: false, kind: "mismatch" });
    deleteResults();
    const notices: RerunNotice[] = [];
    const resumed = await runExperiment(resolveExperiment(small), { out: dir, workers: 1, onRerun: (n) => notices.push(n) });
    expect(notices).toEqual([{ runId: victim, reason: "summary.json does not match its manifest" }]);
    expect(resumed.rerun).toEqual(notices);
    expect(resumed.skipped).toBe(runIds.length - 1);
    const row = csvRecords(readFileSync(join(dir, "results.csv"), "utf8")).find((r) => r["runId"] === victim)!;
    expect(Number(row["providerProfit"])).toBe(trueProfit);
    expect(row["fingerprint"]).toBe(manifestOf(victim).fingerprint);
    expect(JSON.parse(readFileSync(summaryFile(victim), "utf8")).provider.profit).toBe(trueProfit);
  }, 600_000);

  it("an edited manifest (its seal no longer matches) and an interrupted run are re-run too; an intact one is reused", async () => {
    const [edited, killed] = runIds as [string, string];
    const manifestPath = join(dir, "runs", edited, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, createdAt: "2000-01-01T00:00:00.000Z" }, null, 2) + "\n");
    const killedManifest = join(dir, "runs", killed, "manifest.json");
    writeFileSync(killedManifest, JSON.stringify({ ...JSON.parse(readFileSync(killedManifest, "utf8")), status: "running" }, null, 2) + "\n");
    const notices: RerunNotice[] = [];
    const resumed = await runExperiment(resolveExperiment(small), { out: dir, workers: 1, onRerun: (n) => notices.push(n) });
    expect(notices).toEqual([
      { runId: edited, reason: "manifest.json does not match its seal (edited)" },
      { runId: killed, reason: "interrupted (manifest.json still says running)" },
    ]);
    expect(resumed.skipped).toBe(0);
    const again = await runExperiment(resolveExperiment(small), { out: dir, workers: 1 });
    expect(again.skipped).toBe(runIds.length);
    expect(again.rerun).toEqual([]);
  }, 600_000);

  it("merge refuses a shard whose run's summary does not match its manifest, and writes nothing", () => {
    const victim = runIds[1]!;
    const text = readFileSync(summaryFile(victim), "utf8");
    writeFileSync(summaryFile(victim), text.replace(/"profit": (-?[0-9.e+-]+)/, '"profit": 999999'));
    const out = join(tmp, "merged");
    expect(() => mergeExperiments([dir], out)).toThrow(InputError);
    expect(() => mergeExperiments([dir], out)).toThrow(/summary\.json does not match its manifest/);
    expect(existsSync(out)).toBe(false);
    writeFileSync(summaryFile(victim), text);
    const merged = mergeExperiments([dir], out);
    expect(merged.missing).toEqual([]);
    expect(readFileSync(join(out, "results.json"))).toEqual(readFileSync(join(dir, "results.json")));
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { packageRoot } from "../../src/lab/package-root.js";
import { axisValues, expandPoints, expandRuns, pointOf, runSeed } from "../../src/lab/experiment/expand.js";
import { defineExperiment, loadExperiment, resolveExperiment, scenarioOfRun } from "../../src/lab/experiment/load-experiment.js";
import { runExperiment } from "../../src/lab/experiment/run-experiment.js";
import { mergeExperiments } from "../../src/lab/experiment/merge.js";
import { inShard, parseShard, shardFromEnvironment } from "../../src/lab/experiment/shard.js";
import { pathProblem, valueAt, withValueAt } from "../../src/lab/experiment/scenario-paths.js";
import { readParquet } from "../../src/lab/exports/table.js";
import { canonicalJson } from "../../src/core/canonical-json.js";
import { sha256Hex } from "../../src/core/hash.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-experiment-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small experiment: dcc-week for one day, 2 rental mechanisms × 2 replicates. */
const small = {
  name: "small",
  seed: "7",
  base: "dcc-week",
  set: { "calendar.steps": 24 },
  sweep: { grid: { "market.rental.mechanism": ["posted", "uniform"] } },
  replicates: 2,
  baselines: false,
};

function issuesOf(f: () => unknown): { path: string; expected: string }[] {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("sweep expansion", () => {
  it("expands a grid with the last axis fastest, then explicit points", () => {
    const e = defineExperiment({ name: "x", base: "dcc-week", sweep: { grid: { a: [1, 2], b: { values: ["x", "y"] } }, points: [{ a: 9 }] } });
    expect(expandPoints(e).map((p) => p.params)).toEqual([{ a: 1, b: "x" }, { a: 1, b: "y" }, { a: 2, b: "x" }, { a: 2, b: "y" }, { a: 9 }]);
  });

  it("reads an inclusive range without float noise", () => {
    expect(axisValues({ from: 0.1, to: 0.5, step: 0.1 })).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(axisValues({ from: 600, to: 1200, step: 300 })).toEqual([600, 900, 1200]);
  });

  it("with no sweep has one point and `replicates` runs", () => {
    const e = defineExperiment({ name: "x", base: "dcc-week", replicates: 3 });
    expect(expandRuns(e).map((r) => r.runId)).toEqual(["p44136fa355b3-r0", "p44136fa355b3-r1", "p44136fa355b3-r2"]);
  });

  it("derives ids and seeds from the point and the experiment seed only — not from order", () => {
    // Independent seeds: the point's key enters the seed, so this checks that the key, not the
    // position, does (with the common default every point's replicate r has one seed anyway).
    const a = defineExperiment({ name: "x", seed: "s", base: "dcc-week", sweep: { grid: { k: [1, 2, 3] } }, seeds: "independent" });
    const b = defineExperiment({ name: "y", seed: "s", base: "dcc-week", sweep: { points: [{ k: 3 }, { k: 1 }] }, seeds: "independent" });
    const byId = new Map(expandRuns(a).map((r) => [r.runId, r.seed]));
    for (const run of expandRuns(b)) expect(byId.get(run.runId)).toBe(run.seed);
    expect(runSeed("s", pointOf({ k: 1 }), 0)).not.toBe(runSeed("t", pointOf({ k: 1 }), 0));
    expect(runSeed("s", pointOf({ k: 1 }), 0)).not.toBe(runSeed("s", pointOf({ k: 1 }), 1));
    expect(pointOf({ b: 1, a: 2 }).pointId).toBe(pointOf({ a: 2, b: 1 }).pointId);
  });

  it("refuses duplicate points, naming the later one", () => {
    const e = defineExperiment({ name: "x", base: "dcc-week", sweep: { grid: { k: [1] }, points: [{ k: 1 }] } });
    expect(issuesOf(() => expandPoints(e))[0]!.path).toBe("sweep.points[0]");
  });
});

describe("bad experiments are refused before anything runs", () => {
  it("an empty axis", () => {
    const issues = issuesOf(() => defineExperiment({ name: "x", base: "dcc-week", sweep: { grid: { "storage.energyKWh": [] } } }));
    expect(issues[0]!.path).toContain("sweep.grid");
  });

  it("a sweep path that does not exist in the scenario", () => {
    const issues = issuesOf(() => resolveExperiment({ name: "x", base: "dcc-week", sweep: { grid: { "storage.nosuch.capex": [1, 2] } } }));
    expect(issues).toEqual([{ path: "sweep.grid.storage.nosuch.capex", expected: expect.stringContaining("storage.nosuch does not exist") }]);
  });

  it("a field the scenario schema does not know", () => {
    const issues = issuesOf(() => resolveExperiment({ name: "x", base: "dcc-week", sweep: { grid: { "storage.nosuch": [1] } } }));
    expect(issues[0]!.path).toBe("sweep.grid.storage.nosuch");
  });

  it("a value the scenario schema refuses, named by its axis", () => {
    const issues = issuesOf(() => resolveExperiment({ name: "x", base: "dcc-week", sweep: { grid: { "storage.energyKWh": [100, -5] } } }));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("sweep.grid.storage.energyKWh");
    expect(issues[0]!.expected).toContain('{"storage.energyKWh":-5}');
  });

  it("a bad `set` path and an unknown base", () => {
    expect(issuesOf(() => resolveExperiment({ name: "x", base: "dcc-week", set: { "calendar.nope.x": 1 } }))[0]!.path).toBe("set.calendar.nope.x");
    expect(issuesOf(() => resolveExperiment({ name: "x", base: "no-such-scenario" }))[0]!.path).toBe("base");
  });

  it("shard specs out of range", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["4/3", "3/3", "1/0", "a/b", "-1/2"]) expect(issuesOf(() => parseShard(bad))[0]!.path).toBe("--shard");
  });
});

describe("scenario paths", () => {
  it("reads, checks and sets without touching the input", () => {
    const root = { a: { b: [{ c: 1 }] } };
    expect(valueAt(root, "a.b.0.c")).toBe(1);
    expect(pathProblem(root, "a.b.0.d")).toBeNull();
    expect(pathProblem(root, "a.b.3.c")).toContain("not an index");
    expect(withValueAt(root, "a.b.0.c", 5)).toEqual({ a: { b: [{ c: 5 }] } });
    expect(root.a.b[0]!.c).toBe(1);
  });

  it("the run's scenario carries the point's values and the run's seed", () => {
    const resolved = resolveExperiment(small);
    const run = resolved.runs[2]!;
    const scenario = scenarioOfRun(resolved, run);
    expect(scenario.market.rental.mechanism).toBe("uniform");
    expect(scenario.calendar.steps).toBe(24);
    expect(scenario.seed).toBe(run.seed);
  });
});

describe("sharding", () => {
  it("shards partition the runs", () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const shards = [0, 1, 2].map((index) => inShard(items, { index, count: 3 }));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(items);
    expect(shards[1]).toEqual([1, 4, 7]);
  });

  it("picks the shard up from Slurm (1-based arrays too) and Kubernetes", () => {
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 2, count: 4 });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: "1", SESAME_SHARDS: "3" })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: "1" }, 2)).toEqual({ index: 1, count: 2 });
    expect(shardFromEnvironment({})).toBeUndefined();
    expect(issuesOf(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: "1" }))[0]!.path).toBe("--shard-count");
  });
});

const fileBytes = (dir: string, name: string) => readFileSync(join(dir, name));

describe("running, resuming, sharding and merging", () => {
  const whole = join(tmp, "whole");

  it("runs every point × replicate and writes the table in three formats", async () => {
    const result = await runExperiment(resolveExperiment(small), { out: whole, workers: 1 });
    expect(result.runs).toBe(4);
    expect(result.failed).toEqual([]);
    expect(result.table.rows.map((r) => r["market.rental.mechanism"])).toEqual(["posted", "posted", "uniform", "uniform"]);
    expect(result.table.rows.every((r) => r["status"] === "complete" && typeof r["providerProfit"] === "number")).toBe(true);
    const parquet = readParquet(join(whole, "results.parquet"));
    expect(parquet.rows).toEqual(result.table.rows);
    expect(fileBytes(whole, "results.csv").toString().split("\n")[0]).toMatch(/^runId,pointId,replicate,seed,fingerprint,status,market\.rental\.mechanism,systemCost,/);
    for (const file of ["steps.jsonl", "summary.json", "prices.parquet", "soc.parquet", "flows.parquet", "ledger.parquet"]) {
      expect(existsSync(join(whole, "runs", result.table.rows[0]!["runId"] as string, file))).toBe(true);
    }
    // Replicates differ (their seeds do), points differ (their mechanisms do) but, with the
    // common seeds of the default, replicate r of both points shares its seed.
    expect(result.table.rows.map((r) => r["seed"])).toEqual([result.table.rows[0]!["seed"], result.table.rows[1]!["seed"], result.table.rows[0]!["seed"], result.table.rows[1]!["seed"]]);
    expect(result.table.rows[0]!["seed"]).not.toBe(result.table.rows[1]!["seed"]);
  });

  it("resumes: finished runs are skipped, an unfinished one is run again, the tables come out the same", async () => {
    const before = fileBytes(whole, "results.json");
    const again = await runExperiment(resolveExperiment(small), { out: whole, workers: 1 });
    expect(again.skipped).toBe(4);
    rmSync(join(whole, "runs", again.table.rows[1]!["runId"] as string, "summary.json"));
    const resumed = await runExperiment(resolveExperiment(small), { out: whole, workers: 1 });
    expect(resumed.skipped).toBe(3);
    expect(fileBytes(whole, "results.json")).toEqual(before);
  });

  it("refuses a folder of another experiment and overwrites nothing", async () => {
    const before = fileBytes(whole, "experiment.json");
    await expect(runExperiment(resolveExperiment({ ...small, seed: "8" }), { out: whole, workers: 1 })).rejects.toThrow(InputError);
    expect(fileBytes(whole, "experiment.json")).toEqual(before);
  });

  it("3 shards merged give exactly the unsharded result", async () => {
    const shards = [0, 1, 2].map((index) => join(tmp, `shard-${index}`));
    for (const [index, out] of shards.entries()) await runExperiment(resolveExperiment(small), { out, workers: 1, shard: { index, count: 3 } });
    const merged = join(tmp, "merged");
    const result = mergeExperiments(shards, merged);
    expect(result.missing).toEqual([]);
    for (const name of ["results.json", "results.csv", "results.parquet", "experiment.json"]) expect(fileBytes(merged, name)).toEqual(fileBytes(whole, name));
  });

  it("refuses to merge shards of different experiments, or into a folder that is not empty", async () => {
    const other = join(tmp, "other");
    await runExperiment(resolveExperiment({ ...small, name: "other", sweep: { grid: { "market.rental.mechanism": ["posted"] } }, replicates: 1 }), { out: other, workers: 1 });
    expect(issuesOf(() => mergeExperiments([whole, other], join(tmp, "never")))[0]!.path).toBe(other);
    expect(existsSync(join(tmp, "never"))).toBe(false);
    expect(issuesOf(() => mergeExperiments([whole], whole))[0]!.path).toBe("--out");
  });

  const worker = join(packageRoot(), "dist", "src", "lab", "experiment", "run-worker.js");
  it.skipIf(!existsSync(worker))("2 worker threads give the same table as 1", async () => {
    const threaded = join(tmp, "threaded");
    await runExperiment(resolveExperiment(small), { out: threaded, workers: 2 });
    for (const name of ["results.json", "results.csv", "results.parquet"]) expect(fileBytes(threaded, name)).toEqual(fileBytes(whole, name));
  });

  it("loads YAML experiment files with the base relative to the file", () => {
    const file = join(tmp, "exp.yaml");
    writeFileSync(file, "name: y\nbase: dcc-week\nsweep:\n  grid:\n    storage.energyKWh: {from: 1000, to: 3000, step: 1000}\nreplicates: 2\n");
    const resolved = loadExperiment(file);
    expect(resolved.runs).toHaveLength(6);
  });
});

describe("seeds", () => {
  it("common (the default) gives replicate r of every point the same seed, and still distinct run ids", () => {
    const e = defineExperiment({ name: "x", seed: "s", base: "dcc-week", sweep: { grid: { k: [1, 2] } }, replicates: 2 });
    expect(e.seeds).toBe("common");
    const runs = expandRuns(e);
    expect(runs.map((r) => r.seed)).toEqual([runs[0]!.seed, runs[1]!.seed, runs[0]!.seed, runs[1]!.seed]);
    expect(runs[0]!.seed).not.toBe(runs[1]!.seed);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(4);
    expect(expandRuns(defineExperiment({ name: "x", seed: "s", base: "dcc-week", sweep: { grid: { k: [1, 2] } }, replicates: 2, seeds: "common" }))).toEqual(runs);
  });

  it("independent gives every run its own seed: sha256(<seed>:<pointKey>:<r>), the formula per-point had", () => {
    const e = defineExperiment({ name: "x", seed: "s", base: "dcc-week", sweep: { grid: { k: [1, 2] } }, replicates: 2, seeds: "independent" });
    const runs = expandRuns(e);
    expect(new Set(runs.map((r) => r.seed)).size).toBe(4);
    expect(runs[0]!.seed).toBe(sha256Hex(`s:${canonicalJson({ k: 1 })}:0`).slice(0, 16));
  });

  it("per-point is refused with the path seeds and its new name", () => {
    const issues = issuesOf(() => defineExperiment({ name: "x", base: "dcc-week", seeds: "per-point" } as never));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("seeds");
    expect(issues[0]!.expected).toMatch(/"per-point" is now called "independent"/);
    const file = join(tmp, "per-point.yaml");
    writeFileSync(file, "name: old\nbase: dcc-week\nseeds: per-point\n");
    expect(issuesOf(() => loadExperiment(file))[0]!.path).toBe("seeds");
  });
});

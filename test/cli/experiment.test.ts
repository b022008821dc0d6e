import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-cli-experiment-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const experimentFile = join(tmp, "study.yaml");
writeFileSync(
  experimentFile,
  [
    "name: study",
    "seed: '3'",
    "base: dcc-week",
    "set: { calendar.steps: 24 }",
    "sweep:",
    "  grid:",
    "    market.rental.mechanism: [posted, uniform]",
    "replicates: 2",
    "baselines: false",
    "",
  ].join("\n"),
);

describe("sesame experiment", () => {
  it("runs on 2 workers, prints plain progress lines when not a TTY, and writes the tables", () => {
    const out = join(tmp, "out");
    const run = runCli(["experiment", experimentFile, "--workers", "2", "--out", out]);
    expect(run.stderr).toMatch(/study: 4\/4 p[0-9a-f]{12}-r\d complete in/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/4 runs \(4 run now, 0 already done\), 0 failed/);
    for (const file of ["experiment.json", "results.csv", "results.parquet", "results.json"]) expect(existsSync(join(out, file))).toBe(true);
    const again = runCli(["experiment", experimentFile, "--out", out]);
    expect(again.stdout).toMatch(/4 runs \(0 run now, 4 already done\)/);
  });

  it("takes its shard from SLURM_ARRAY_TASK_ID and merges", () => {
    const shards = [0, 1].map((i) => join(tmp, `s${i}`));
    for (const [i, out] of shards.entries()) {
      const run = runCli(["experiment", experimentFile, "--workers", "1", "--out", out], { env: { SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: "2" } });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`shard ${i}/2\\): 2 runs`));
    }
    const merged = join(tmp, "merged");
    const merge = runCli(["merge", ...shards, "--out", merged]);
    expect(merge.code).toBe(0);
    expect(readFileSync(join(merged, "results.csv"), "utf8")).toBe(readFileSync(join(tmp, "out", "results.csv"), "utf8"));
  });

  it("bad input exits 2 with the field named, and writes nothing", () => {
    const shard = runCli(["experiment", experimentFile, "--shard", "4/3", "--out", join(tmp, "bad1")]);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain("--shard");
    expect(existsSync(join(tmp, "bad1"))).toBe(false);
    const badPath = join(tmp, "bad-path.yaml");
    writeFileSync(badPath, "name: bad\nbase: dcc-week\nsweep: { grid: { storage.capexx: [1] } }\n");
    const path = runCli(["experiment", badPath, "--out", join(tmp, "bad2")]);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain("sweep.grid.storage.capexx");
    expect(existsSync(join(tmp, "bad2"))).toBe(false);
    const emptyAxis = join(tmp, "empty.yaml");
    writeFileSync(emptyAxis, "name: bad\nbase: dcc-week\nsweep: { grid: { storage.energyKWh: [] } }\n");
    expect(runCli(["experiment", emptyAxis]).code).toBe(2);
    const mergeOther = runCli(["merge", join(tmp, "out"), tmp, "--out", join(tmp, "bad3")]);
    expect(mergeOther.code).toBe(2);
  });
});

describe("sesame validate and sesame schema", () => {
  it("validates a scenario, an experiment, and reports every problem of a bad scenario", () => {
    expect(runCli(["validate", join("scenarios", "dcc-week.json")]).stdout).toMatch(/a valid scenario "dcc-week"/);
    expect(runCli(["validate", experimentFile]).stdout).toMatch(/a valid experiment "study": 2 points × 2 replicates = 4 runs/);
    const bad = join(tmp, "bad-scenario.json");
    const scenario = JSON.parse(readFileSync(join("scenarios", "dcc-week.json"), "utf8"));
    scenario.storage.energyKWh = -1;
    scenario.calendar.steps = 0;
    writeFileSync(bad, JSON.stringify(scenario));
    const result = runCli(["validate", bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("storage.energyKWh");
    expect(result.stderr).toContain("calendar.steps");
  });

  it("refuses seeds: per-point, naming the path seeds and its new name independent; the schema offers common and independent", () => {
    const old = join(tmp, "per-point.yaml");
    writeFileSync(old, "name: old\nbase: dcc-week\nseeds: per-point\n");
    for (const command of ["validate", "experiment"]) {
      const result = runCli([command, old, ...(command === "experiment" ? ["--out", join(tmp, "never")] : [])]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^ {2}seeds: .*"per-point" is now called "independent"/m);
    }
    expect(existsSync(join(tmp, "never"))).toBe(false);
    const seeds = JSON.parse(runCli(["schema", "experiment"]).stdout).properties.seeds;
    expect(seeds.enum).toEqual(["common", "independent"]);
    expect(seeds.default).toBe("common");
  }, 180_000);

  it("prints a JSON Schema an editor can use", () => {
    const schema = JSON.parse(runCli(["schema"]).stdout);
    expect(schema.$schema).toContain("json-schema.org");
    expect(schema.properties.storage.properties.energyKWh.type).toBe("number");
    expect(JSON.parse(runCli(["schema", "experiment"]).stdout).properties.sweep).toBeDefined();
    expect(runCli(["schema", "nope"]).code).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, runCli } from "../support/run-cli.js";

// Two mechanisms × 2 replicates, and a failed run: posted 100, 120 (mean 110, sd √200,
// ± 12.706·√200/√2 = 127.06); uniform 50, 50.
const RESULTS = {
  columns: [
    { name: "runId", type: "string" },
    { name: "status", type: "string" },
    { name: "market.rental.mechanism", type: "string" },
    { name: "systemCost", type: "number" },
    { name: "npv", type: "number" },
    { name: "noStorageCost", type: "number" },
    { name: "ownBatteryCost", type: "number" },
    { name: "centralOptimumCost", type: "number" },
  ],
  rows: [
    ["a", "complete", "posted", 100, -10, 300, 250, 40],
    ["b", "complete", "posted", 120, -30, 300, 250, 40],
    ["c", "complete", "uniform", 50, 5, 300, 250, 40],
    ["d", "failed", "uniform", null, null, null, null, null],
    ["e", "complete", "uniform", 50, 5, 300, 250, 40],
  ],
};

let dir: string;

beforeAll(() => {
  // npm test builds dist/ before any test runs; rebuilding here would rewrite modules under
  // CLIs that other test files are starting in parallel (a half-written module fails to load).
  expect(existsSync(CLI)).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "sesame-compare-"));
  writeFileSync(join(dir, "results.json"), JSON.stringify(RESULTS));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sesame compare", () => {
  it("prints one aligned row per group: mean [low, high] per metric, n, baselines", () => {
    const r = runCli(["compare", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2 groups, 4 complete runs, 1 not complete (left out)");
    const lines = r.stdout.split("\n");
    const header = lines.find((l) => l.startsWith("market.rental.mechanism"))!;
    expect(header).toMatch(/systemCost\s+npv\s+n\s+no-storage\s+own-battery\s+central/);
    const posted = lines.find((l) => l.startsWith("posted"))!;
    expect(posted).toContain("110.00 [-17.06, 237.06]");
    expect(posted).toContain("-20.00 [");
    expect(posted).toMatch(/\b2\s+300\.00\s+250\.00\s+40\.00$/);
    const uniform = lines.find((l) => l.startsWith("uniform"))!;
    expect(uniform).toContain("50.00 [50.00, 50.00]");
    expect(uniform).toContain("2 (+1 failed)");
    // Aligned: the metric columns start at the same offset on every row.
    expect(posted.indexOf("110.00")).toBe(uniform.indexOf("50.00"));
  });

  it("--json prints the structure; --by and --metrics choose the columns", () => {
    const r = runCli(["compare", dir, "--by", "market.rental.mechanism", "--metrics", "npv", "--json"]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.by).toEqual(["market.rental.mechanism"]);
    expect(c.metrics).toEqual(["npv"]);
    expect(c.groups[0].key).toEqual({ "market.rental.mechanism": "posted" });
    expect(c.groups[0].metrics.npv.mean).toBe(-20);
    expect(c.groups[1].excluded).toBe(1);
    expect(c.groups[1].baselines).toEqual({ noStorageCost: 300, ownBatteryCost: 250, centralOptimumCost: 40, optimalCentralCost: null });
  });

  it("unknown --by or --metrics column: exit 2 naming the flag and listing the columns", () => {
    const by = runCli(["compare", dir, "--by", "market.energy.mechanism"]);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain("--by");
    expect(by.stderr).toContain("market.rental.mechanism");
    const metrics = runCli(["compare", dir, "--metrics", "gini"]);
    expect(metrics.code).toBe(2);
    expect(metrics.stderr).toContain("--metrics");
    expect(metrics.stderr).toContain("systemCost");
  });

  it("a folder without results.json: exit 2 naming it", () => {
    const empty = mkdtempSync(join(tmpdir(), "sesame-compare-empty-"));
    try {
      const r = runCli(["compare", empty]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(empty);
      expect(r.stderr).toContain("results.json");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

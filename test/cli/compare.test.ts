import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, runCli } from "../support/run-cli.js";

/** Each test starts the CLI, on two cores shared with other test files: never a limit the machine's speed decides. */
const CLI_TIMEOUT = 300_000;

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

// An experiment with pointIds and replicates, by hand: posted 100, 110, 130; uniform 90, 104,
// 118; vcg one replicate, 95. Paired (common seeds), uniform − posted = −10, −6, −12: mean
// −28/3 = −9.3333, ± 4.303·√(28/3)/√3 = 7.5898 → [−16.92, −1.7436]; vcg − posted = −5 (one
// pair). Unpaired (independent seeds): −9.3333 ± 3.182·√(196/3 + 700/9) = 38.07 (Welch, df 3.97
// read as 3) → [−47.40, 28.73]; vcg 95 − 340/3 = −18.33 with one run: no interval.
const PAIRED = {
  columns: [
    { name: "runId", type: "string" },
    { name: "pointId", type: "string" },
    { name: "replicate", type: "number" },
    { name: "seed", type: "string" },
    { name: "status", type: "string" },
    { name: "market.rental.mechanism", type: "string" },
    { name: "systemCost", type: "number" },
  ],
  rows: [
    ...[100, 110, 130].map((cost, r) => [`paaaaaaaaaaaa-r${r}`, "paaaaaaaaaaaa", r, `s${r}`, "complete", "posted", cost]),
    ...[90, 104, 118].map((cost, r) => [`pbbbbbbbbbbbb-r${r}`, "pbbbbbbbbbbbb", r, `s${r}`, "complete", "uniform", cost]),
    ["pcccccccccccc-r0", "pcccccccccccc", 0, "s0", "complete", "vcg", 95],
  ],
};

let dir: string;
let common: string;
let independent: string;

beforeAll(() => {
  // npm test builds dist/ before any test runs; rebuilding here would rewrite modules under
  // CLIs that other test files are starting in parallel (a half-written module fails to load).
  expect(existsSync(CLI)).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "sesame-compare-"));
  writeFileSync(join(dir, "results.json"), JSON.stringify(RESULTS));
  common = mkdtempSync(join(tmpdir(), "sesame-compare-common-"));
  independent = mkdtempSync(join(tmpdir(), "sesame-compare-independent-"));
  for (const [folder, seeds] of [
    [common, "common"],
    [independent, "independent"],
  ] as const) {
    writeFileSync(join(folder, "results.json"), JSON.stringify(PAIRED));
    writeFileSync(join(folder, "experiment.json"), JSON.stringify({ name: "hand-made", experiment: { name: "hand-made", seeds }, base: { currency: "CNY" } }));
  }
}, 180_000);

afterAll(() => {
  for (const folder of [dir, common, independent]) rmSync(folder, { recursive: true, force: true });
});

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
    expect(posted).toMatch(/\b2\s+300\.00\s+250\.00\s+40\.00\s+—$/);
    const uniform = lines.find((l) => l.startsWith("uniform"))!;
    expect(uniform).toContain("50.00 [50.00, 50.00]");
    expect(uniform).toContain("2 (+1 failed)");
    // Aligned: the metric columns start at the same offset on every row.
    expect(posted.indexOf("110.00")).toBe(uniform.indexOf("50.00"));
  }, CLI_TIMEOUT);

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
  }, CLI_TIMEOUT);

  it("unknown --by or --metrics column: exit 2 naming the flag and listing the columns", () => {
    const by = runCli(["compare", dir, "--by", "market.energy.mechanism"]);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain("--by");
    expect(by.stderr).toContain("market.rental.mechanism");
    const metrics = runCli(["compare", dir, "--metrics", "gini"]);
    expect(metrics.code).toBe(2);
    expect(metrics.stderr).toContain("--metrics");
    expect(metrics.stderr).toContain("systemCost");
  }, CLI_TIMEOUT);

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
  }, CLI_TIMEOUT);

  it("a group of one run: the value and no interval, in the table and in JSON", () => {
    const r = runCli(["compare", common]);
    expect(r.code).toBe(0);
    const vcg = r.stdout.split("\n").find((l) => l.startsWith("vcg"))!;
    expect(vcg).toContain("95.00 (n = 1: no interval)");
    expect(vcg).not.toContain("[95.00, 95.00]");
    expect(r.stdout).toContain("seeds: common (from experiment.json)");
    expect(r.stdout).toContain("money in CNY");
    const json = JSON.parse(runCli(["compare", common, "--json"]).stdout);
    expect(json.groups[2].metrics.systemCost).toEqual({ n: 1, mean: 95, sd: null, low: null, high: null });
    expect(runCli(["compare", independent]).stdout).toMatch(/seeds: independent .*each point drew its own weather and loads/);
  }, CLI_TIMEOUT);
});

describe("sesame compare EXPERIMENT --against POINT", () => {
  it("common seeds: differences paired by replicate, mean and 95% t-interval; one pair: no interval", () => {
    const r = runCli(["compare", common, "--against", "market.rental.mechanism=posted"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("paired by replicate (common seeds)");
    expect(r.stdout).toContain("reference: market.rental.mechanism=posted (paaaaaaaaaaaa), 3 complete runs");
    const lines = r.stdout.split("\n");
    expect(lines.find((l) => l.startsWith("market.rental.mechanism"))).toMatch(/Δ systemCost\s+pairs$/);
    expect(lines.find((l) => l.startsWith("uniform"))).toMatch(/^uniform\s+-9\.3333 \[-16\.92, -1\.7436\]\s+3$/);
    expect(lines.find((l) => l.startsWith("vcg"))).toMatch(/^vcg\s+-5\.0000 \(n = 1: no interval\)\s+1$/);
    expect(lines.some((l) => l.startsWith("posted"))).toBe(false);
  }, CLI_TIMEOUT);

  it("independent seeds: the difference of the means with Welch's interval, said to be unpaired", () => {
    const r = runCli(["compare", independent, "--against", "paaaaaaaaaaaa"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("unpaired (independent seeds)");
    const lines = r.stdout.split("\n");
    expect(lines.find((l) => l.startsWith("uniform"))).toMatch(/^uniform\s+-9\.3333 \[-47\.40, 28\.73\]\s+3 vs 3$/);
    expect(lines.find((l) => l.startsWith("vcg"))).toMatch(/^vcg\s+-18\.33 \(n = 1 vs 3: no interval\)\s+1 vs 3$/);
  }, CLI_TIMEOUT);

  it("--json: the differences with null bounds where there is no interval; --against alone takes the first group", () => {
    const r = runCli(["compare", common, "--json", "--against"]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.pairing).toBe("paired");
    expect(d.seeds).toBe("common");
    expect(d.seedsSource).toBe("experiment.json");
    expect(d.reference.key).toEqual({ "market.rental.mechanism": "posted" });
    expect(d.groups[0].differences.systemCost.mean).toBeCloseTo(-28 / 3, 9);
    expect(d.groups[0].differences.systemCost.high).toBeCloseTo(-28 / 3 + (4.303 * Math.sqrt(28 / 3)) / Math.sqrt(3), 9);
    expect(d.groups[1].differences.systemCost).toEqual({ n: 1, nReference: 1, mean: -5, low: null, high: null, df: null });
  }, CLI_TIMEOUT);

  it("a POINT that matches no group, or a path that is not grouped by: exit 2 listing the groups", () => {
    const none = runCli(["compare", common, "--against", "market.rental.mechanism=stackelberg"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--against");
    expect(none.stderr).toContain("market.rental.mechanism=uniform (pbbbbbbbbbbbb)");
    const id = runCli(["compare", common, "--against", "p000000000000"]);
    expect(id.code).toBe(2);
    expect(id.stderr).toContain("market.rental.mechanism=vcg (pcccccccccccc)");
    const path = runCli(["compare", common, "--against", "storage.energyKWh=1"]);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain("grouping columns (market.rental.mechanism)");
  }, CLI_TIMEOUT);

  it("--help shows the three forms with examples", () => {
    const r = runCli(["compare", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("sesame compare EXPERIMENT_DIR --against POINT");
    expect(r.stdout).toContain("sesame compare RUN_DIR RUN_DIR [...]");
    expect(r.stdout).toContain("--against market.rental.mechanism=posted");
    expect(r.stdout).toContain("sesame compare runs/posted runs/uniform");
  }, CLI_TIMEOUT);
});

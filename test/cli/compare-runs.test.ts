import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STANDARD_METRICS } from "../../src/lab/experiment/results-table.js";
import type { RunSummary } from "../../src/lab/run-summary.js";
import { CLI, runCli } from "../support/run-cli.js";

/** Each test starts the CLI, on two cores shared with other test files: never a limit the machine's speed decides. */
const CLI_TIMEOUT = 300_000;

// Three tiny runs of individual-vs-shared: posted and pay-as-bid on the same seed (they differ
// in the rental mechanism only), and posted on another seed and horizon (not on the same footing).
// Simulating on a shared two-core machine can be slow: every limit here is generous.
const SIMULATE = 600_000;
let tmp: string;
let posted: string;
let payAsBid: string;
let other: string;

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
  tmp = mkdtempSync(join(tmpdir(), "sesame-compare-runs-"));
  posted = join(tmp, "posted");
  payAsBid = join(tmp, "pay-as-bid");
  other = join(tmp, "seed7");
  const runs: [string, string[]][] = [
    [posted, []],
    [payAsBid, ["--rental", "pay-as-bid"]],
    [other, ["--seed", "7", "--steps", "48"]],
  ];
  for (const [out, flags] of runs) {
    const r = runCli(["run", "individual-vs-shared", "--steps", "24", "--no-baselines", "--out", out, ...flags], { timeoutMs: SIMULATE });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }
}, 3 * SIMULATE);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A metric of a run folder through the results table's own reader (the summary's shape is not this test's business). */
function metric(dir: string, name: string): number | null {
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as RunSummary;
  const value = STANDARD_METRICS.find((m) => m.name === name)!.read(summary);
  return typeof value === "boolean" ? Number(value) : (value as number | null);
}

describe("sesame compare RUN_DIR RUN_DIR", () => {
  it("one row per run, what the scenarios do not share, and the differences against the first run", () => {
    const r = runCli(["compare", posted, payAsBid], { timeoutMs: 300_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("differ: market.rental.mechanism");
    expect(r.stdout).not.toContain("warning: the seeds differ");
    expect(r.stdout).toContain(`reference ${posted}`);
    expect(lines.find((l) => l.startsWith("run "))).toMatch(/^run\s+status\s+seed\s+rental\s+energy\s+steps\s+systemCost\s+welfareGain\s+efficiency\s+providerProfit\s+npv$/);
    expect(lines.find((l) => l.startsWith(`${payAsBid} `) && l.includes("pay-as-bid"))).toMatch(/complete\s+42\s+pay-as-bid\s+uniform\s+24/);
    expect(r.stdout).toContain("one run each, n = 1: no interval");
    expect(lines.find((l) => l.startsWith("run ") && l.includes("Δ providerProfit"))).toBeDefined();
  }, CLI_TIMEOUT);

  it("--json: the differences are the metrics' differences, n = 1 with null bounds", () => {
    const r = runCli(["compare", posted, payAsBid, "--json", "--metrics", "providerProfit", "systemCost", "welfareGain"], { timeoutMs: 300_000 });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.reference).toBe(0);
    expect(c.differ.map((d: { path: string }) => d.path)).toEqual(["market.rental.mechanism"]);
    expect(c.differ[0].values).toEqual(["posted", "pay-as-bid"]);
    expect(c.currency).toBe("CNY");
    const profit = c.differences[0].differences.providerProfit;
    expect(profit.mean).toBeCloseTo(metric(payAsBid, "providerProfit")! - metric(posted, "providerProfit")!, 9);
    expect(profit).toMatchObject({ n: 1, low: null, high: null });
    // No baselines in either run: no welfare gain to subtract.
    expect(c.differences[0].differences.welfareGain.mean).toBeNull();
  }, CLI_TIMEOUT);

  it("--against RUN_DIR names the reference (and may be the only other folder)", () => {
    const r = runCli(["compare", payAsBid, "--against", posted, "--json", "--metrics", "providerProfit"], { timeoutMs: 300_000 });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.runs.map((run: { dir: string }) => run.dir)).toEqual([posted, payAsBid]);
    expect(c.differences[0].dir).toBe(payAsBid);
    const listed = JSON.parse(runCli(["compare", posted, payAsBid, "--against", payAsBid, "--json"], { timeoutMs: 300_000 }).stdout);
    expect(listed.reference).toBe(1);
    expect(listed.differences[0].dir).toBe(posted);
  }, CLI_TIMEOUT);

  it("different seeds and horizons: listed, and a warning that the runs are not on the same footing", () => {
    const r = runCli(["compare", posted, other], { timeoutMs: 300_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^differ: seed, calendar\.steps$/m);
    expect(r.stdout).toMatch(/^warning: the seeds differ \(42, 7\): .*not on the same footing/m);
    expect(r.stdout).toMatch(/^warning: the horizons differ \(calendar\.steps: 24, 48\): .*not on the same footing/m);
  }, CLI_TIMEOUT);

  it("a mix with an experiment folder, a folder that is neither, a single run, --by: exit 2 naming what was expected", () => {
    const experiment = join(tmp, "experiment");
    mkdirSync(experiment);
    writeFileSync(join(experiment, "results.json"), JSON.stringify({ columns: [{ name: "status", type: "string" }], rows: [] }));
    const mix = runCli(["compare", posted, experiment]);
    expect(mix.code).toBe(2);
    expect(mix.stderr).toContain(`${experiment}: run folders only (manifest.json and summary.json)`);
    const neither = join(tmp, "neither");
    mkdirSync(neither);
    const bad = runCli(["compare", posted, neither]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${neither}: an experiment folder (results.json`);
    expect(bad.stderr).toContain("or a run folder (manifest.json and summary.json");
    const missing = runCli(["compare", posted, join(tmp, "nowhere")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("there is no such folder");
    const single = runCli(["compare", posted]);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain("two or more run folders");
    const by = runCli(["compare", posted, payAsBid, "--by", "market.rental.mechanism"]);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain("--by");
    const metrics = runCli(["compare", posted, payAsBid, "--metrics", "profit"]);
    expect(metrics.code).toBe(2);
    expect(metrics.stderr).toContain("systemCost");
  }, CLI_TIMEOUT);
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-cli-report-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("sesame report", () => {
  const runDir = join(tmp, "run");
  beforeAll(() => {
    const run = runCli(["run", "microgrids", "--rental", "stackelberg", "--steps", "48", "--no-baselines", "--out", runDir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("writes <run>/report/index.html with its charts", () => {
    const report = runCli(["report", runDir]);
    expect(report.stderr).toBe("");
    expect(report.code).toBe(0);
    const index = join(runDir, "report", "index.html");
    expect(report.stdout).toContain(`run report: ${index}`);
    expect(report.stdout).toMatch(/5 charts: energy-prices, soc, costs, stackelberg, rental-prices/);
    for (const chart of ["energy-prices", "soc", "costs", "stackelberg", "rental-prices"]) {
      expect(existsSync(join(runDir, "report", `${chart}.svg`)), chart).toBe(true);
      expect(existsSync(join(runDir, "report", `${chart}.png`)), chart).toBe(true);
    }
    expect(readFileSync(index, "utf8")).toMatch(/^<!DOCTYPE html>/);
  });

  it("writes an experiment report where --out says", () => {
    const dir = join(tmp, "experiment");
    mkdirSync(dir);
    writeFileSync(join(dir, "experiment.json"), JSON.stringify({ name: "tiny", sweep: { grid: { "market.rental.mechanism": ["posted", "vcg"] } } }));
    const types: Record<string, string> = { replicate: "number", providerProfit: "number", systemCost: "number", viable: "boolean" };
    const columns = ["runId", "pointId", "replicate", "status", "market.rental.mechanism", "providerProfit", "systemCost", "viable"].map((name) => ({ name, type: types[name] ?? "string" }));
    const rows = [0, 1, 2, 3].map((i) => [`p${i % 2}-r${i >> 1}`, `p${i % 2}`, i >> 1, "complete", i % 2 ? "vcg" : "posted", 100 + 10 * i, 900 - i, i > 1]);
    writeFileSync(join(dir, "results.json"), JSON.stringify({ columns, rows }));
    const out = join(tmp, "experiment-report");
    const report = runCli(["report", dir, "--out", out]);
    expect(report.stderr).toBe("");
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(`experiment report: ${join(out, "index.html")} (2 charts: comparison, viability)`);
    expect(existsSync(join(out, "comparison.png"))).toBe(true);
  });

  it("refuses a folder that is neither a run nor an experiment with exit 2, naming it", () => {
    const empty = join(tmp, "empty-folder");
    mkdirSync(empty);
    const report = runCli(["report", empty]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain("sesame: invalid input");
    expect(report.stderr).toContain(empty);
    expect(existsSync(join(empty, "report"))).toBe(false);
  });

  it("explains itself with --help", () => {
    const help = runCli(["report", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: sesame report \[options\] <dir>/);
    expect(help.stdout).toContain("--out <dir>");
  });
});

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readParquet } from "../../src/lab/exports/table.js";
import { runCli } from "../support/run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-cli-export-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("sesame export", () => {
  const dir = join(tmp, "run");
  beforeAll(() => {
    const run = runCli(["run", "--steps", "24", "--out", dir]);
    expect(run.code).toBe(0);
  });

  it("writes the four Parquet tables beside the log and names them", () => {
    const result = runCli(["export", dir]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const name of ["prices", "soc", "flows", "ledger"]) expect(result.stdout).toContain(`wrote ${join(dir, `${name}.parquet`)}`);
    expect(readdirSync(dir).filter((f) => f.endsWith(".csv"))).toEqual([]);
    expect(readParquet(join(dir, "prices.parquet")).rows).toHaveLength(24);
  });

  it("adds CSV files with --csv", () => {
    const result = runCli(["export", dir, "--csv"]);
    expect(result.code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith(".csv")).sort()).toEqual(["flows.csv", "ledger.csv", "prices.csv", "soc.csv"]);
  });

  it("refuses a missing run folder with exit 2, naming the path", () => {
    const missing = join(tmp, "no-such-run");
    const result = runCli(["export", missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(missing);
  });

  it("explains itself in --help", () => {
    const result = runCli(["export", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: sesame export \[options\] <run-dir>/);
    expect(result.stdout).toContain("--csv");
    expect(result.stdout).toContain("rentedEnergyKWh");
  });
});

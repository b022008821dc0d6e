import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readParquet, readParquetMetadata } from "../../src/lab/exports/table.js";
import { completeRun, failedRun, interruptedCopy, PARTIAL_STEPS } from "../support/partial-runs.js";
import { CLI, runCli } from "../support/run-cli.js";

// export, report and compare on a complete, a failed and an interrupted run folder (issue 12,
// item 3): the last two are refused (exit 2, the folder and its state named, --resume or
// --partial suggested) unless --partial, and then every output says it is partial.

const CLI_TIMEOUT = 300_000;
const FAIL_AT = 10;
const KEPT = 9;
let tmp: string;
let complete: string;
let failed: string;
let interrupted: string;
let torn: string;

beforeAll(async () => {
  expect(existsSync(CLI)).toBe(true);
  tmp = mkdtempSync(join(tmpdir(), "sesame-run-states-"));
  complete = join(tmp, "complete");
  failed = join(tmp, "failed");
  interrupted = join(tmp, "interrupted");
  torn = join(tmp, "torn");
  await completeRun(complete);
  await failedRun(failed, FAIL_AT);
  interruptedCopy(complete, interrupted, KEPT);
  interruptedCopy(complete, torn, KEPT, true);
}, CLI_TIMEOUT);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The refusal every command gives a run that is not complete. */
function expectRefused(result: { code: number; stdout: string; stderr: string }, dir: string, state: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(`${dir}: a complete run, found one `);
  expect(result.stderr).toMatch(state);
  expect(result.stderr).toContain("--partial");
}

const INTERRUPTED = new RegExp(`interrupted after ${KEPT} of ${PARTIAL_STEPS} steps \\(manifest.json still says running\\): finish it with \`sesame run --resume `);
const FAILED = new RegExp(`failed at step ${FAIL_AT} \\(.*sensor offline\\): pass --partial`);

describe("sesame export", () => {
  it("a complete run: whole tables, no partial mark, with or without --partial", () => {
    for (const flags of [[], ["--partial"]]) {
      const r = runCli(["export", complete, ...flags]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/partial/i);
      expect(readParquet(join(complete, "prices.parquet")).rows).toHaveLength(PARTIAL_STEPS);
      expect(readParquetMetadata(join(complete, "prices.parquet"))).toEqual({});
    }
    expect(readdirSync(complete).filter((f) => f.includes(".partial."))).toEqual([]);
  }, CLI_TIMEOUT);

  it("refuses a failed or an interrupted run without --partial and writes nothing", () => {
    expectRefused(runCli(["export", interrupted]), interrupted, INTERRUPTED);
    expectRefused(runCli(["export", failed]), failed, FAILED);
    for (const dir of [interrupted, failed]) expect(readdirSync(dir).filter((f) => f.endsWith(".parquet"))).toEqual([]);
  }, CLI_TIMEOUT);

  it("--partial: an interrupted run's tables are named *.partial.*, say so in their metadata and on stdout, and hold the logged steps", () => {
    for (const dir of [interrupted, torn]) {
      const r = runCli(["export", dir, "--partial", "--csv"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const label = `partial: interrupted after ${KEPT} of ${PARTIAL_STEPS} steps`;
      expect(r.stdout.split("\n")[0]).toBe(`${label} (${dir}): its tables are named *.partial.parquet`);
      const tables = readdirSync(dir).filter((f) => f.endsWith(".parquet") || f.endsWith(".csv")).sort();
      expect(tables).toEqual(["flows", "ledger", "prices", "soc"].flatMap((t) => [`${t}.partial.csv`, `${t}.partial.parquet`]));
      const prices = readParquet(join(dir, "prices.partial.parquet"));
      // The torn line is dropped: it was never part of the run's record.
      expect(prices.rows.map((row) => row["t"])).toEqual([...Array(KEPT).keys()]);
      expect(readParquetMetadata(join(dir, "prices.partial.parquet"))).toEqual({ "sesame.partial": label });
      // The logged prefix is the complete run's: the same rows.
      expect(prices.rows).toEqual(readParquet(join(complete, "prices.parquet")).rows.slice(0, KEPT));
    }
  }, CLI_TIMEOUT);

  it("--partial: a failed run's tables cover the steps before the fault, named and marked as partial", () => {
    const r = runCli(["export", failed, "--partial"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`partial: failed at step ${FAIL_AT} of ${PARTIAL_STEPS} (${failed})`);
    expect(readParquet(join(failed, "flows.partial.parquet")).rows.map((row) => row["t"]).at(-1)).toBe(FAIL_AT - 1);
    expect(readParquetMetadata(join(failed, "ledger.partial.parquet"))["sesame.partial"]).toBe(`partial: failed at step ${FAIL_AT} of ${PARTIAL_STEPS}`);
    expect(existsSync(join(failed, "prices.parquet"))).toBe(false);
  }, CLI_TIMEOUT);
});

describe("sesame report", () => {
  it("a complete run: no banner, chart titles as they are", () => {
    const r = runCli(["report", complete]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^run report: /);
    const html = readFileSync(join(complete, "report", "index.html"), "utf8");
    expect(html).not.toContain('class="banner"');
    expect(html).not.toMatch(/partial/i);
  }, CLI_TIMEOUT);

  it("refuses a failed or an interrupted run without --partial and writes no report", () => {
    expectRefused(runCli(["report", interrupted]), interrupted, INTERRUPTED);
    expectRefused(runCli(["report", failed]), failed, FAILED);
    expect(existsSync(join(interrupted, "report"))).toBe(false);
    expect(existsSync(join(failed, "report"))).toBe(false);
  }, CLI_TIMEOUT);

  it("--partial: a banner, PARTIAL in the title, every chart title (page, SVG) says partial; an interrupted run is summarised from its log", () => {
    for (const [dir, label] of [
      [torn, `partial: interrupted after ${KEPT} of ${PARTIAL_STEPS} steps`],
      [failed, `partial: failed at step ${FAIL_AT} of ${PARTIAL_STEPS}`],
    ] as const) {
      const r = runCli(["report", dir, "--partial"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${label} (${dir}): the report is marked as partial`);
      expect(r.stdout).toContain("run report (PARTIAL): ");
      const html = readFileSync(join(dir, "report", "index.html"), "utf8");
      expect(html).toMatch(/<div class="banner" role="alert">PARTIAL RUN — /);
      expect(html).toContain(`<h1>SESAME run report (PARTIAL): `);
      const titles = [...html.matchAll(/<h2 id="([a-z-]+)">([^<]*)<\/h2>/g)];
      expect(titles.length).toBeGreaterThanOrEqual(3);
      for (const [, name, title] of titles) {
        expect(title).toContain(`(${label})`);
        expect(readFileSync(join(dir, "report", `${name}.svg`), "utf8")).toContain(label);
      }
      // The summary table is there: the failed run's own summary, the interrupted run's measured from its steps.
      expect(html).toContain("<caption>Run</caption>");
      expect(html).toContain(`${label} (${dir === failed ? FAIL_AT : KEPT} steps summarised)`);
    }
  }, CLI_TIMEOUT);
});

describe("sesame compare", () => {
  it("refuses a failed or an interrupted run folder without --partial", () => {
    expectRefused(runCli(["compare", complete, interrupted]), interrupted, INTERRUPTED);
    expectRefused(runCli(["compare", complete, failed]), failed, FAILED);
  }, CLI_TIMEOUT);

  it("--partial: each partial run has a PARTIAL row and a warning; --json says partial per run", () => {
    const text = runCli(["compare", complete, failed, torn, "--partial"]);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    const lines = text.stdout.split("\n");
    const row = (dir: string) => lines.find((l) => l.startsWith(`${dir} `))?.slice(dir.length);
    expect(row(complete)).toMatch(/^\s+complete\s/);
    expect(row(failed)).toMatch(new RegExp(`^\\s+PARTIAL: failed at step ${FAIL_AT} of ${PARTIAL_STEPS}\\s`));
    expect(row(torn)).toMatch(new RegExp(`^\\s+PARTIAL: interrupted after ${KEPT} of ${PARTIAL_STEPS} steps\\s+\\S+\\s+\\S+\\s+\\S+\\s+${KEPT}\\s`));
    expect(text.stdout).toContain(`warning: ${torn} is PARTIAL (interrupted after ${KEPT} of ${PARTIAL_STEPS} steps): its metrics cover the ${KEPT} steps it logged`);
    const json = runCli(["compare", complete, failed, torn, "--partial", "--json"]);
    expect(json.code).toBe(0);
    const c = JSON.parse(json.stdout) as { runs: { dir: string; status: string; partial: boolean; steps: number; values: Record<string, number | null> }[] };
    expect(c.runs.map((r) => [r.status, r.partial, r.steps])).toEqual([
      ["complete", false, PARTIAL_STEPS],
      ["failed", true, FAIL_AT],
      ["interrupted", true, KEPT],
    ]);
    // Measured over the logged steps: the interrupted run's figures are its own, not absent.
    expect(typeof c.runs[2]!.values["providerProfit"]).toBe("number");
  }, CLI_TIMEOUT);

  it("a complete run alone compares as before, with or without --partial", () => {
    const a = runCli(["compare", complete, complete, "--json"]);
    const b = runCli(["compare", complete, complete, "--json", "--partial"]);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect((JSON.parse(a.stdout) as { runs: { partial: boolean }[] }).runs.every((r) => r.partial === false)).toBe(true);
  }, CLI_TIMEOUT);
});

describe("--help", () => {
  it("export, report and compare document --partial", () => {
    for (const command of ["export", "report", "compare"]) {
      const r = runCli([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("--partial");
      expect(r.stdout).toMatch(/interrupted/);
    }
  });
});

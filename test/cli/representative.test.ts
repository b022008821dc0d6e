import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

/** `sesame run` → `replay --verify`, export, report and compare on a representative scenario. */

const tmp = mkdtempSync(join(tmpdir(), "sesame-cli-representative-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = JSON.parse(readFileSync(new URL("../../scenarios/dcc-week.json", import.meta.url), "utf8"));
const { start: _start, ...calendar } = base.calendar;

/** dcc-week as one day of January and one of July, weighted equally (written as YAML through JSON, which YAML reads). */
function scenarioFile(name: string, representative: unknown): string {
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, JSON.stringify({ ...base, calendar: { ...calendar, steps: 24, representative } }));
  return file;
}

const JAN = "2026-01-12T00:00:00Z";
const JUL = "2026-07-13T00:00:00Z";
const TIMEOUT = { timeoutMs: 600_000 };

describe("sesame run on representative spans", () => {
  const file = scenarioFile("two-days", { starts: [JAN, JUL] });
  const dir = join(tmp, "run");
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = runCli(["run", file, "--out", dir], TIMEOUT);
  });

  it("prints one line per span, then the pooled year, every figure per year, and the basis", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/SESAME run dcc-week \(seed 42\): complete, 2 representative spans of 24 h/);
    expect(run.stdout).toMatch(/^0-2026-01-12\s+2026-01-12T00:00:00Z\s+24\s+182\.50\s+[-\d,.]+\s+[-\d,.]+\s+complete\s+[0-9a-f]{16}…$/m);
    expect(run.stdout).toMatch(/^1-2026-07-13\s+2026-07-13T00:00:00Z\s+24\s+182\.50/m);
    expect(run.stdout).toContain("pooled     2 representative days (January, July), weighted into a year (each stands for 182.5 days); every figure below is per year");
    expect(run.stdout).toMatch(/^provider   per year: revenue/m);
    expect(run.stdout).toMatch(/^options    system cost over a year, CNY: no storage/m);
    expect(run.stdout).toMatch(/^welfare    per year: gain/m);
    expect(run.stdout).toMatch(/^viability  NPV [-\d,.]+ CNY, IRR .*\(2 representative days \(January, July\), weighted into a year .*\) — for users: (yes|no), [\d,.]+ CNY a year (cheaper|dearer) than own batteries/m);
    expect(run.stdout).toContain(`run folder ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "spans", "summary.json"]);
  });

  it("replay --verify verifies every span and the manifest", () => {
    const verify = runCli(["replay", dir, "--verify"], TIMEOUT);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^verified: 2 representative spans, 48 steps \(complete\)/);
    expect(verify.stdout).toMatch(/^ {2}spans\/0-2026-01-12: 24 steps \(complete\) match its log/m);
  });

  it("replay --verify fails on an edited span log, naming the span, the step and the field (exit 1)", () => {
    const tampered = join(tmp, "tampered");
    expect(runCli(["run", file, "--out", tampered, "--no-baselines"], TIMEOUT).code).toBe(0);
    const log = join(tampered, "spans/1-2026-07-13/steps.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    lines[7] = lines[7]!.replace(/"kWh":(\d)/, (_m, d: string) => `"kWh":${d === "9" ? "8" : String(Number(d) + 1)}`);
    writeFileSync(log, lines.join("\n"));
    const verify = runCli(["replay", tampered, "--verify"], TIMEOUT);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/verification FAILED in span spans\/1-2026-07-13 at step 7, field \S+/);
  });

  it("export writes each span's tables into its folder; report refuses with the span folders (exit 2)", () => {
    const exported = runCli(["export", dir], TIMEOUT);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(join(dir, "spans/0-2026-01-12/prices.parquet"));
    expect(exported.stdout).toContain(join(dir, "spans/1-2026-07-13/ledger.parquet"));
    const report = runCli(["report", dir], TIMEOUT);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/representative run .*report a span instead .*spans\/0-2026-01-12/);
    expect(existsSync(join(dir, "report"))).toBe(false);
  });

  it("--json prints the pooled summary with its spans", () => {
    const json = runCli(["run", file, "--out", join(tmp, "json"), "--no-baselines", "--json"], TIMEOUT);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.hours).toBe(8760);
    expect(summary.representative.spans.map((s: { folder: string }) => s.folder)).toEqual(["spans/0-2026-01-12", "spans/1-2026-07-13"]);
    expect(summary.viability.basis.description).toMatch(/^2 representative days/);
  });

  it("compare reads two representative runs' yearly figures", () => {
    const other = join(tmp, "pay-as-bid");
    expect(runCli(["run", file, "--out", other, "--rental", "pay-as-bid"], TIMEOUT).code).toBe(0);
    const compare = runCli(["compare", dir, other], TIMEOUT);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/differ: market\.rental\.mechanism/);
  });
});

describe("bad representative spans: exit 2, the field named, nothing written", () => {
  const cases: [string, unknown, RegExp][] = [
    ["overlapping spans", { starts: [JAN, "2026-01-12T12:00:00Z"] }, /calendar\.representative\.starts\[1\]: spans that do not overlap/],
    ["weights of the wrong length", { starts: [JAN, JUL], weights: [1] }, /calendar\.representative\.weights: one weight per start \(2\), got 1/],
    ["a non-positive weight", { starts: [JAN, JUL], weights: [1, 0] }, /calendar\.representative\.weights\[1\]: a weight > 0/],
    ["no starts", { starts: [] }, /calendar\.representative\.starts: at least one start/],
  ];
  for (const [what, representative, expected] of cases) {
    it(`refuses ${what}`, () => {
      const file = scenarioFile(what.replace(/\W+/g, "-"), representative);
      const out = join(tmp, `bad-${what.replace(/\W+/g, "-")}`);
      const run = runCli(["run", file, "--out", out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(expected);
      expect(existsSync(out)).toBe(false);
      expect(runCli(["validate", file]).code).toBe(2);
    });
  }
});

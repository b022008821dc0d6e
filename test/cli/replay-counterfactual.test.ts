import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

/** `sesame replay RUN --mechanism …` end to end: the table, --json, --out, the report, and every refusal. */

const tmp = mkdtempSync(join(tmpdir(), "sesame-cf-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = { timeoutMs: 600_000 };

const run = join(tmp, "run");
beforeAll(() => {
  const r = runCli(["run", "dcc-week", "--steps", "24", "--no-baselines", "--out", run], TIMEOUT);
  expect(r.code).toBe(0);
});

describe("sesame replay RUN --mechanism", () => {
  it("prints the open-loop table with units in every header and the footing", () => {
    const r = runCli(["replay", run, "--mechanism", "energy=grid-only"], TIMEOUT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^SESAME counterfactual of .*run \(dcc-week, seed 42, 24 steps, complete\): energy uniform \{"k":0.5\} → energy grid-only, open loop$/);
    expect(lines[2]).toMatch(/^agent\s+cost CNY\s+open cost CNY\s+Δ open CNY\s+peer kWh\s+open peer kWh\s+grid kWh\s+open grid kWh$/);
    // Every agent's peer kWh is 0 under grid-only.
    for (const line of lines.filter((l) => /^(dcc|pros-\d+|all agents)\s/.test(l))) expect(line.split(/\s{2,}/)[5], line).toBe("0.0");
    expect(r.stdout).toMatch(/^\(over 24 h; logged: the verified run; open: the logged orders re-cleared \(open loop\); Δ = counterfactual − logged\)$/m);
    expect(r.stdout).toMatch(/^open loop  the logged orders of all 24 steps re-cleared under energy grid-only at each step's tariff/m);
    expect(r.stdout).toMatch(/^held       as logged: the orders, storage flows and imbalances, rental contracts and payments/m);
    expect(r.stdout).toMatch(/^fingerprint [0-9a-f]{64} \(verified\)$/m);
    expect(r.stdout).not.toMatch(/closed/);
  });

  it("the logged mechanism itself: every difference 0, and the check line says so", () => {
    const r = runCli(["replay", run, "--mechanism", "energy=uniform"], TIMEOUT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^check      the logged mechanism itself: open loop reproduces the log, every difference 0$/m);
    const all = r.stdout.split("\n").find((l) => l.startsWith("all agents"))!;
    expect(all.split(/\s{2,}/)[3]).toBe("0.00");
  });

  it("with --closed-loop prints the closed-loop columns beside the open-loop ones", () => {
    const r = runCli(["replay", run, "--mechanism", "rental=posted", "--param", "rental.cE=0.5", "--closed-loop"], TIMEOUT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rental posted → rental posted \{"cE":0.5\}, open loop and closed loop$/m);
    expect(r.stdout).toMatch(/^agent\s+cost CNY\s+open cost CNY\s+Δ open CNY\s+closed cost CNY\s+Δ closed CNY\s+rent CNY\s+open rent CNY\s+closed rent CNY\s+rented kWh\s+open rented kWh\s+closed rented kWh$/m);
    expect(r.stdout).toMatch(/^provider   rental revenue [\d,.]+ → [\d,.]+ open \(\+[\d,.]+\) → [\d,.]+ closed \([-+][\d,.]+\) CNY$/m);
    expect(r.stdout).toMatch(/^closed loop the same scenario and seed run under rental posted \{"cE":0.5\} for 24 steps \(complete\), every agent re-asked$/m);
    expect(r.stdout).toMatch(/accounting counterfactual: the tenants' later decisions are not re-made/);
    expect(r.stdout).toMatch(/^reading    open − logged is the mechanism's pricing/m);
  });

  it("--json prints counterfactual.json; --out writes it with the steps CSV and the closed-loop run; sesame report draws the chart", () => {
    const out = join(tmp, "cf");
    const r = runCli(["replay", run, "--mechanism", "energy=pay-as-bid", "--closed-loop", "--out", out, "--json"], TIMEOUT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ format: 1, kind: "counterfactual", market: "energy", target: { mechanism: "pay-as-bid", params: {} }, openLoop: { available: true } });
    expect(Object.keys(doc.closedLoop)).toEqual(["dir", "status", "steps", "fingerprint", "agents", "market"]);
    expect(doc.closedLoop.dir).toBe(join(out, "closed-loop"));
    expect(readdirSync(out).sort()).toEqual(["closed-loop", "counterfactual-steps.csv", "counterfactual.json"]);
    expect(JSON.parse(readFileSync(join(out, "counterfactual.json"), "utf8"))).toEqual(doc);
    expect(readdirSync(join(out, "closed-loop")).sort()).toEqual(["manifest.json", "steps.jsonl", "summary.json"]);
    const verify = runCli(["replay", join(out, "closed-loop"), "--verify"], TIMEOUT);
    expect(verify.code).toBe(0);
    const report = runCli(["report", out], TIMEOUT);
    expect(report.stderr).toBe("");
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^counterfactual report: .*index\.html \(1 charts: counterfactual\)$/m);
    const svg = readFileSync(join(out, "report", "counterfactual.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/open loop/);
    expect(svg).toMatch(/closed loop/);
    expect(readFileSync(join(out, "report", "index.html"), "utf8")).toMatch(/SESAME counterfactual: dcc-week, energy uniform → pay-as-bid/);
  });

  it("refuses a run that fails verification: exit 1 with the verification's message, nothing written", () => {
    const tampered = join(tmp, "tampered");
    expect(runCli(["run", "dcc-week", "--steps", "24", "--no-baselines", "--out", tampered], TIMEOUT).code).toBe(0);
    const file = join(tampered, "steps.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[10] = lines[10]!.replace(/"kWh":(\d)/, (_m, d: string) => `"kWh":${d === "9" ? "8" : String(Number(d) + 1)}`);
    writeFileSync(file, lines.join("\n"));
    const out = join(tmp, "never");
    const r = runCli(["replay", tampered, "--mechanism", "energy=grid-only", "--out", out], TIMEOUT);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^sesame: no counterfactual: verification FAILED at step 10, field \S*kWh/);
    expect(existsSync(out)).toBe(false);
  });

  const bad: [string, string[], RegExp][] = [
    ["an unknown mechanism", ["--mechanism", "energy=vickrey"], /--mechanism energy=…: one of grid-only, uniform, pay-as-bid, mcafee, sdr, mid-market, got "vickrey"/],
    ["an unknown parameter", ["--mechanism", "energy=uniform", "--param", "energy.kappa=1"], /--param energy\.kappa: a known parameter \(k\)/],
    ["an invalid parameter", ["--mechanism", "energy=uniform", "--param", "energy.k=2"], /--param energy\.k: a number in \[0, 1\]/],
    ["a parameter of the other market", ["--mechanism", "energy=grid-only", "--param", "rental.cE=0.3"], /--param: parameters of the energy mechanism being re-cleared \(energy\.KEY=VALUE\), got "rental\.cE=0\.3"/],
    ["a market that is not one", ["--mechanism", "storage=posted"], /--mechanism: energy=NAME or rental=NAME/],
    ["two counterfactuals at once", ["--mechanism", "energy=grid-only", "--mechanism", "rental=vcg"], /--mechanism: one counterfactual at a time/],
    ["--closed-loop without --mechanism", ["--closed-loop"], /--closed-loop: a counterfactual to go with it/],
    ["--param without --mechanism", ["--param", "energy.k=0.3"], /--param: a counterfactual to go with it/],
    ["neither --verify nor --mechanism", [], /--verify: the replay to perform/],
    ["a block auction on a posted log", ["--mechanism", "rental=uniform"], /--mechanism rental=…: rental uniform cannot be re-cleared open loop from this log/],
  ];
  for (const [what, flags, message] of bad) {
    it(`exit 2 for ${what}, naming it, nothing written`, () => {
      const out = join(tmp, `bad-${what.replace(/\W+/g, "-")}`);
      const r = runCli(["replay", run, ...flags, ...(flags.includes("--mechanism") ? ["--out", out] : [])], TIMEOUT);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^sesame: invalid input\n/);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("exit 2 for an --out folder that is not empty, before verifying; the folder is left as it was", () => {
    const out = join(tmp, "full");
    mkdirSync(out);
    writeFileSync(join(out, "keep.txt"), "mine");
    const r = runCli(["replay", run, "--mechanism", "energy=grid-only", "--out", out], TIMEOUT);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: an empty or new folder/);
    expect(readdirSync(out)).toEqual(["keep.txt"]);
  });

  it("explains the counterfactual forms in --help", () => {
    const r = runCli(["replay", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--mechanism <market=name>/);
    expect(r.stdout).toMatch(/--closed-loop/);
    expect(r.stdout).toMatch(/accounting counterfactual/);
  });
});

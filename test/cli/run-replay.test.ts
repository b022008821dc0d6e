import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("sesame run → replay --verify", () => {
  const dir = join(tmp, "run");
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = runCli(["run", "--steps", "48", "--out", dir]);
  });

  it("runs the default scenario, prints the summary table and the run folder", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/SESAME run dcc-week \(seed 42\): complete, 48 steps/);
    expect(run.stdout).toMatch(/^dcc\s+[-\d,.]+/m);
    expect(run.stdout).toMatch(/mean energy price/);
    expect(run.stdout).toMatch(/utilisation/);
    expect(run.stdout).toContain(`run folder ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "steps.jsonl", "summary.json"]);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ status: "complete", seed: "42", stepsLogged: 48 });
    expect(readFileSync(join(dir, "steps.jsonl"), "utf8").trim().split("\n")).toHaveLength(48);
  });

  it("verifies the log by re-running it", () => {
    const verify = runCli(["replay", dir, "--verify"]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/verified: 48 steps/);
  });

  it("refuses a log with one byte changed, naming the step", () => {
    const tampered = join(tmp, "tampered");
    runCli(["run", "--steps", "48", "--out", tampered]);
    const file = join(tampered, "steps.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    // Change one digit of step 20's first order quantity.
    lines[20] = lines[20]!.replace(/"kWh":(\d)/, (_m, d: string) => `"kWh":${d === "9" ? "8" : String(Number(d) + 1)}`);
    writeFileSync(file, lines.join("\n"));
    const verify = runCli(["replay", tampered, "--verify"]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/FAILED at step 20, field \S*kWh/);
  });

  it("refuses a cut log, naming where it breaks", () => {
    const cut = join(tmp, "cut");
    runCli(["run", "--steps", "24", "--out", cut]);
    const file = join(cut, "steps.jsonl");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, text.length - 100));
    const verify = runCli(["replay", cut, "--verify"]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/FAILED at step 23/);
  });

  it("the same seed gives a byte-identical log; another seed another fingerprint", () => {
    const again = join(tmp, "again");
    runCli(["run", "--steps", "48", "--out", again]);
    expect(readFileSync(join(again, "steps.jsonl"), "utf8")).toBe(readFileSync(join(dir, "steps.jsonl"), "utf8"));
    const other = join(tmp, "other");
    runCli(["run", "--steps", "48", "--seed", "7", "--out", other]);
    const fp = (d: string) => JSON.parse(readFileSync(join(d, "manifest.json"), "utf8")).fingerprint;
    expect(fp(other)).not.toBe(fp(dir));
  });
});

describe("bad input: exit 2, the field named, no run folder", () => {
  const base = JSON.parse(readFileSync(new URL("../../scenarios/dcc-week.json", import.meta.url), "utf8"));
  const cases: [string, (s: any) => unknown, RegExp][] = [
    ["an unknown scenario field", (s) => ({ ...s, storage: { ...s.storage, colour: "red" } }), /storage\.colour: no such field/],
    ["a negative capacity", (s) => ({ ...s, storage: { ...s.storage, energyKWh: -4000 } }), /storage\.energyKWh/],
    ["a missing price", (s) => ({ ...s, tariff: { sell: 0.2 } }), /tariff\.buy/],
    ["an unknown mechanism", (s) => ({ ...s, market: { ...s.market, energy: { mechanism: "magic", params: {} } } }), /market\.energy\.mechanism.*uniform/],
    ["an unknown mechanism parameter", (s) => ({ ...s, market: { ...s.market, energy: { mechanism: "uniform", params: { kappa: 0.3 } } } }), /market\.energy\.params\.kappa/],
    ["a PUE below 1", (s) => ({ ...s, agents: [{ ...s.agents[0], dataCenters: [{ ...s.agents[0].dataCenters[0], pue: 0.8 }] }] }), /agents\[0\]\.dataCenters\[0\]\.pue/],
  ];
  for (const [what, mutate, message] of cases) {
    it(what, () => {
      const file = join(tmp, `bad-${what.replace(/\W+/g, "-")}.json`);
      writeFileSync(file, JSON.stringify(mutate(base)));
      const out = join(tmp, `out-${what.replace(/\W+/g, "-")}`);
      const result = runCli(["run", file, "--out", out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("cooperative Shapley with more than 12 tenants and no sample count", () => {
    const file = join(tmp, "coop13.json");
    const many = { ...base, agents: [{ id: "pros", kind: "prosumer", count: 13, strategy: "lp-optimal" }], market: { rental: { mechanism: "cooperative", params: { rule: "shapley" } } } };
    writeFileSync(file, JSON.stringify(many));
    const result = runCli(["run", file, "--out", join(tmp, "coop13-out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/market\.rental\.params\.samples/);
    expect(existsSync(join(tmp, "coop13-out"))).toBe(false);
  });

  it("an unknown mechanism or parameter on the command line", () => {
    expect(runCli(["run", "--rental", "dutch", "--steps", "24", "--out", join(tmp, "dutch")]).stderr).toMatch(/market\.rental\.mechanism/);
    const param = runCli(["run", "--param", "energy.kappa=1", "--steps", "24", "--out", join(tmp, "kappa")]);
    expect(param.code).toBe(2);
    expect(param.stderr).toMatch(/market\.energy\.params\.kappa/);
    expect(runCli(["run", "--param", "k=1", "--steps", "24"]).stderr).toMatch(/--param: rental\.KEY=VALUE or energy\.KEY=VALUE/);
  });

  it("a profile CSV with a gap in its time column", () => {
    const csv = join(tmp, "load-gap.csv");
    // Hourly rows 00:00–06:00, then 08:00 onwards: the 07:00 row is missing.
    const lines = ["time,kW", ...Array.from({ length: 48 }, (_, h) => h).filter((h) => h !== 7).map((h) => `${new Date(Date.UTC(2026, 4, 31, 16 + h)).toISOString()},1`)];
    writeFileSync(csv, lines.join("\n"));
    const file = join(tmp, "csv-gap.json");
    writeFileSync(file, JSON.stringify({ ...base, calendar: { ...base.calendar, steps: 24 }, agents: [{ id: "home", kind: "prosumer", load: { csv: "load-gap.csv" } }] }));
    const result = runCli(["run", file, "--out", join(tmp, "csv-gap-out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/agents\[0\]\.load/);
    expect(result.stderr).toMatch(/load-gap\.csv:9/);
    expect(existsSync(join(tmp, "csv-gap-out"))).toBe(false);
  });

  it("a NaN price in YAML", () => {
    const file = join(tmp, "nan.yaml");
    writeFileSync(file, JSON.stringify({ ...base, tariff: { ...base.tariff, buy: { peak: ".nan", flat: 0.7, valley: 0.3 } } }).replace('".nan"', ".nan"));
    const result = runCli(["run", file, "--out", join(tmp, "nan-out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tariff\.buy/);
  });

  it("a scenario that is not JSON, an unknown built-in, a bad --steps", () => {
    const file = join(tmp, "broken.json");
    writeFileSync(file, "{ not json");
    expect(runCli(["run", file]).stderr).toMatch(/valid JSON/);
    expect(runCli(["run", "no-such-scenario"])).toMatchObject({ code: 2 });
    const steps = runCli(["run", "--steps", "-3", "--out", join(tmp, "steps-out")]);
    expect(steps.code).toBe(2);
    expect(steps.stderr).toMatch(/--steps/);
    // Compared whole, so a failure shows what the command printed.
    expect(runCli(["run", "--no-such-flag"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option '--no-such-flag'/) });
  });

  it("replay of a folder without a run", () => {
    const result = runCli(["replay", tmp, "--verify"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/manifest\.json/);
  });
});

describe("choosing mechanisms on the command line", () => {
  it("runs any rental × energy pair, records it in the manifest and prints the comparison", () => {
    const dir = join(tmp, "vcg-mcafee");
    const result = runCli(["run", "--rental", "vcg", "--energy", "mcafee", "--steps", "24", "--out", dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/rental vcg, energy mcafee/);
    expect(result.stdout).toMatch(/^welfare .* efficiency/m);
    expect(result.stdout).toMatch(/^equilibrium /m);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.mechanisms).toEqual({ rental: "vcg", energy: "mcafee" });
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(summary.comparison.baselines.centralOptimum.atSharedSize.systemCost).toBeGreaterThan(0);
    expect(runCli(["replay", dir, "--verify"]).code).toBe(0);
  });

  it("merges --param over the scenario's parameters", () => {
    const dir = join(tmp, "posted-params");
    expect(runCli(["run", "--param", "rental.cE=0.5", "--param", "energy.k=0", "--steps", "24", "--out", dir]).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.scenario.market.rental.params).toEqual({ cE: 0.5 });
    expect(manifest.scenario.market.energy.params).toEqual({ k: 0 });
  });
});

describe("--help everywhere", () => {
  for (const args of [["--help"], ["run", "--help"], ["replay", "--help"], ["clear", "--help"], ["clear", "energy", "--help"], ["clear", "rental", "--help"], ["mechanisms", "--help"]]) {
    it(`sesame ${args.join(" ")}`, () => {
      const result = runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: sesame/);
    });
  }
});

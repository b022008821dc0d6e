import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeCsvScenario } from "../support/csv-scenario.js";
import { runCli } from "../support/run-cli.js";

// CSV paths stay inside the scenario's folder unless the user says otherwise, and whatever was
// read travels with the run folder.

const tmp = mkdtempSync(join(tmpdir(), "sesame-run-inputs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const file = writeCsvScenario(join(tmp, "scenario"), 6);
const outside = join(tmp, "scenario", "outside.json");
const scenario = JSON.parse(readFileSync(file, "utf8"));
cpSync(join(tmp, "scenario", "profiles", "base.csv"), join(tmp, "shared-base.csv"));
scenario.agents[0].baseLoad.csv = "../shared-base.csv";
writeFileSync(outside, JSON.stringify(scenario));

describe("sesame run: input files", () => {
  it("refuses a CSV path leaving the scenario's folder, exit 2, naming the field, nothing written", () => {
    const out = join(tmp, "refused");
    const run = runCli(["run", outside, "--out", out], { cwd: tmp, timeoutMs: 300_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/agents\[0\]\.baseLoad\.csv: a path inside the scenario's folder .*"\.\.\/shared-base\.csv".*--allow-outside-inputs/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).sort()).toEqual(["scenario", "shared-base.csv"]);
  });

  it("with --allow-outside-inputs reads it, keeps a copy, and the moved folder verifies without the original", () => {
    const out = join(tmp, "allowed");
    const run = runCli(["run", outside, "--out", out, "--no-baselines", "--allow-outside-inputs"], { timeoutMs: 300_000 });
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.inputs[0]).toMatchObject({ path: "../shared-base.csv", file: expect.stringMatching(/^inputs\/outside\/[0-9a-f]{12}-shared-base\.csv$/) });
    const moved = join(tmp, "moved", "allowed");
    cpSync(out, moved, { recursive: true });
    rmSync(join(tmp, "shared-base.csv"));
    const verify = runCli(["replay", moved, "--verify"], { timeoutMs: 300_000 });
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/^verified: 6 steps \(complete\)/);
  });

  it("--resume takes nothing else", () => {
    const run = runCli(["run", "--resume", join(tmp, "allowed"), "--steps", "3"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--steps: nothing beside --resume/);
  });
});

describe("sesame experiment: input files", () => {
  it("refuses a base scenario's CSV path leaving its folder unless --allow-outside-inputs, and each run keeps a copy", () => {
    cpSync(join(tmp, "scenario", "profiles", "base.csv"), join(tmp, "shared-base.csv"));
    const study = join(tmp, "scenario", "study.json");
    writeFileSync(study, JSON.stringify({ name: "outside-study", seed: "3", base: "outside.json", sweep: { grid: { "market.rental.mechanism": ["posted"] } }, replicates: 1, baselines: false }));
    const out = join(tmp, "study-out");
    const refused = runCli(["experiment", study, "--out", out, "--workers", "1"], { timeoutMs: 300_000 });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/baseLoad\.csv: a path inside the scenario's folder .*--allow-outside-inputs/);
    expect(existsSync(out)).toBe(false);
    const allowed = runCli(["experiment", study, "--out", out, "--workers", "1", "--allow-outside-inputs"], { timeoutMs: 300_000 });
    expect(allowed.code, allowed.stderr).toBe(0);
    const [runId] = readdirSync(join(out, "runs"));
    const manifest = JSON.parse(readFileSync(join(out, "runs", runId!, "manifest.json"), "utf8"));
    expect(manifest.inputs[0].file).toMatch(/^inputs\/outside\/[0-9a-f]{12}-shared-base\.csv$/);
  });
});

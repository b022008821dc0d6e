import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runSesame } from "../../src/cli/program.js";
import { runCli } from "../support/run-cli.js";

/**
 * The bad-input corpus (test/fixtures/bad-inputs/, written by its generate.mjs): every file
 * has one mistake, and expected.json names the field its error must name. Each is run through
 * `sesame validate` and through the command that would run it (`run` for a scenario,
 * `experiment` for an experiment), in this process (spawning 300 CLIs would take minutes):
 * exit 2, the field named on stderr, and nothing written — no --out folder, no runs/ or
 * experiments/ in the working directory. A few files also go through the built bin, to show
 * the in-process runner is the same CLI.
 */

const CORPUS = fileURLToPath(new URL("../fixtures/bad-inputs/", import.meta.url));
const EXPECTED = JSON.parse(readFileSync(join(CORPUS, "expected.json"), "utf8")) as Record<string, { kind: "scenario" | "experiment"; path: string }>;

let cwd: string;
let previousCwd: string;

beforeAll(() => {
  previousCwd = process.cwd();
  cwd = mkdtempSync(join(tmpdir(), "sesame-bad-inputs-"));
  process.chdir(cwd);
});

afterAll(() => {
  process.chdir(previousCwd);
  rmSync(cwd, { recursive: true, force: true });
});

/** Runs sesame in this process, capturing what it writes. */
async function sesame(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await runSesame(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Whether `dir` is absent or empty. */
const nothingIn = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

describe("the bad-input corpus", () => {
  const files = Object.keys(EXPECTED);

  it("has at least 100 files, every one listed with the field it must name, and nothing unlisted", () => {
    expect(files.length).toBeGreaterThanOrEqual(100);
    const inputs = readdirSync(CORPUS).filter((f) => /\.(json|ya?ml)$/.test(f) && f !== "expected.json" && !f.startsWith("_"));
    expect(inputs.sort()).toEqual([...files].sort());
    expect(files.some((f) => f.endsWith(".yaml"))).toBe(true);
    expect(Object.values(EXPECTED).some((e) => e.kind === "experiment")).toBe(true);
  });

  it.each(files)("%s: validate and run both exit 2, name the field and write nothing", async (file) => {
    const { kind, path } = EXPECTED[file]!;
    const input = join(CORPUS, file);
    const validate = await sesame(["validate", input]);
    expect(validate.code, validate.stderr).toBe(2);
    expect(validate.stderr).toContain("sesame: invalid input");
    expect(validate.stderr).toContain(path);
    expect(validate.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace

    const out = join(cwd, "out");
    const run = await sesame([kind === "scenario" ? "run" : "experiment", input, "--out", out]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(path);
    expect(nothingIn(out)).toBe(true);
    expect(existsSync(join(cwd, "runs"))).toBe(false);
    expect(existsSync(join(cwd, "experiments"))).toBe(false);
    expect(run.stdout).toBe("");
  });

  it("the built bin gives the same answer (a sample of the corpus)", () => {
    const sample = files.filter((_, i) => i % 40 === 0);
    for (const file of sample) {
      const { path } = EXPECTED[file]!;
      const result = runCli(["validate", join(CORPUS, file)], { cwd });
      expect(result.code, file).toBe(2);
      expect(result.stderr).toContain(path);
    }
  });
});

describe("sesame validate reports every problem of a file in one pass", () => {
  it("lists seven mistakes across the schema, the tariff, mechanism names and parameters, ids and a CSV file", async () => {
    const file = join(CORPUS, "_seven-mistakes.json");
    const result = await sesame(["validate", file]);
    expect(result.code).toBe(2);
    for (const path of [
      "calendar.rentalPeriodSteps",
      "storage.energyKWh",
      "agents[0].pv.kWp",
      "tariff.sell",
      "market.energy.params.k",
      "market.rental.mechanism",
      "agents[2].id",
      "agents[3].baseLoad.csv",
    ]) {
      expect(result.stderr, path).toContain(`  ${path}`);
    }
    // One message style: each line names the field, then what was expected, then what was found.
    const lines = result.stderr.split("\n").filter((l) => l.startsWith("  "));
    expect(lines.length).toBe(8);
    for (const line of lines) expect(line).toMatch(/^ {2}\S.*: .*got /);
    // `sesame run` uses the same loader: the same list, nothing written.
    const run = await sesame(["run", file, "--out", join(cwd, "seven")]);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("  "))).toEqual(lines);
    expect(nothingIn(join(cwd, "seven"))).toBe(true);
  });

  it("lists an experiment's own mistakes and its base scenario's together", async () => {
    const result = await sesame(["validate", join(CORPUS, "_exp-two-stages.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("  replicates: a number ≥ 1, got 0");
    expect(result.stderr).toContain("  base → storage.energyKWh: a number ≤ 1e9, got 1e+308");
  });
});

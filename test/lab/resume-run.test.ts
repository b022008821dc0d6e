import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, RunFault } from "../../src/core/errors.js";
import { sha256Bytes } from "../../src/core/hash.js";
import { resumeRun } from "../../src/lab/resume-run.js";
import { runState } from "../../src/lab/run-state.js";
import { runScenario } from "../../src/lab/run-scenario.js";
import { verifyRun } from "../../src/lab/verify-run.js";
import { writeCsvScenario } from "../support/csv-scenario.js";

// What a kill leaves, made by hand so every moment can be tried: the manifest still says
// running, the log has k whole lines (the next one perhaps torn), and no summary — or every
// line and no summary (killed during the baselines), or a summary but the manifest not yet
// rewritten. Each verifies as interrupted and resumes to the uninterrupted run's bytes.

const tmp = mkdtempSync(join(tmpdir(), "sesame-resume-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const STEPS = 12;
let whole = "";
let lines: string[] = [];

beforeAll(async () => {
  const file = writeCsvScenario(join(tmp, "scenario"), STEPS);
  whole = join(tmp, "whole");
  await runScenario({ scenario: file, out: whole, baselines: true });
  lines = readFileSync(join(whole, "steps.jsonl"), "utf8").split("\n").slice(0, -1);
}, 300_000);

/** A copy of the whole run as a kill after `k` whole lines (and `torn` bytes of the next) leaves it. */
function killedAt(name: string, k: number, torn: number, keepSummary = false): string {
  const dir = join(tmp, name);
  cpSync(whole, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  for (const key of ["files", "seal", "fingerprint", "stepsLogged", "error"]) delete manifest[key];
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...manifest, status: "running" }, null, 2) + "\n");
  const next = k < lines.length ? lines[k]!.slice(0, torn) : "";
  writeFileSync(join(dir, "steps.jsonl"), lines.slice(0, k).map((l) => `${l}\n`).join("") + next);
  if (!keepSummary) rmSync(join(dir, "summary.json"));
  return dir;
}

function expectSameAsWhole(dir: string): void {
  for (const file of ["steps.jsonl", "summary.json", "inputs/profiles/base.csv"]) expect(readFileSync(join(dir, file)), file).toEqual(readFileSync(join(whole, file)));
  const a = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  const b = JSON.parse(readFileSync(join(whole, "manifest.json"), "utf8"));
  expect(a.fingerprint).toBe(b.fingerprint);
  expect(a.files).toEqual(b.files);
  expect(a.status).toBe("complete");
}

describe("an interrupted run", () => {
  it("killed at any step, its last line torn anywhere: verifies as interrupted with its prefix, resumes to the same bytes", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: STEPS - 1 }), fc.nat({ max: 400 }), async (k, torn) => {
        const dir = killedAt(`killed-${n++}`, k, torn);
        expect(runState(dir)).toEqual({ status: "interrupted", steps: STEPS, stepsLogged: k });
        expect(await verifyRun(dir)).toMatchObject({ ok: true, status: "interrupted", steps: k });
        const resumed = await resumeRun(dir);
        expect(resumed.resumedFrom).toBe(k);
        expectSameAsWhole(dir);
        expect(await verifyRun(dir)).toMatchObject({ ok: true, status: "complete", steps: STEPS });
        const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
        expect(manifest.resumed).toHaveLength(1);
        expect(manifest.resumed[0].fromStep).toBe(k);
      }),
      { numRuns: 4, seed: 7 },
    );
  }, 600_000);

  it("killed during the baselines (every step logged, no summary), or before the final manifest: resumes the same", async () => {
    for (const [name, keep] of [["baselines", false], ["final-manifest", true]] as const) {
      const dir = killedAt(name, STEPS, 0, keep);
      expect(await verifyRun(dir)).toMatchObject({ ok: true, status: "interrupted", steps: STEPS });
      expect((await resumeRun(dir)).resumedFrom).toBe(STEPS);
      expectSameAsWhole(dir);
    }
  }, 600_000);

  it("is not resumed from a prefix that is not its run's, and nothing is written", async () => {
    const dir = killedAt("forged", 6, 0);
    const edited = lines.slice(0, 6);
    edited[3] = edited[3]!.replace(/"t":3/, '"t":3,"x":1');
    writeFileSync(join(dir, "steps.jsonl"), edited.map((l) => `${l}\n`).join(""));
    const before = readFileSync(join(dir, "steps.jsonl"));
    await expect(resumeRun(dir)).rejects.toThrow(InputError);
    expect(readFileSync(join(dir, "steps.jsonl"))).toEqual(before);
    expect(existsSync(join(dir, "summary.json"))).toBe(false);
  }, 300_000);

  it("a changed input copy is refused, naming it", async () => {
    const dir = killedAt("input-changed", 4, 0);
    writeFileSync(join(dir, "inputs/profiles/base.csv"), readFileSync(join(dir, "inputs/profiles/base.csv"), "utf8").replace("50.000", "51.000"));
    await expect(resumeRun(dir)).rejects.toThrow(/inputs\/profiles\/base\.csv/);
    expect(await verifyRun(dir)).toMatchObject({ ok: false, field: "inputs/profiles/base.csv" });
  }, 300_000);
});

describe("resume refuses what is not interrupted", () => {
  it("a complete run", async () => {
    await expect(resumeRun(whole)).rejects.toThrow(/is complete \(nothing to resume/);
  });

  it("a failed run", async () => {
    const dir = join(tmp, "failed");
    cpSync(whole, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...manifest, status: "failed", error: { step: 3, agent: "x", message: "boom" } }));
    await expect(resumeRun(dir)).rejects.toThrow(/failed at step 3 \(boom\)/);
  });

  it("a prefix whose chain holds but which the re-run does not reproduce stops with a fault, appending nothing", async () => {
    // The genesis hash binds the scenario, not the inputs: an input copy changed with its recorded
    // hash changed too passes every file check, and only re-simulating the prefix finds it.
    const dir = killedAt("other-inputs", 5, 0);
    const csv = join(dir, "inputs/profiles/base.csv");
    const text = readFileSync(csv, "utf8").replace(/\n0,[\d.]+\n/, "\n0,500.000\n");
    writeFileSync(csv, text);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    manifest.inputs[0].sha256 = sha256Bytes(Buffer.from(text));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
    const before = readFileSync(join(dir, "steps.jsonl"));
    const error = await resumeRun(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFault);
    expect((error as RunFault).step).toBe(0);
    expect(readFileSync(join(dir, "steps.jsonl"))).toEqual(before);
    expect(await verifyRun(dir)).toMatchObject({ ok: false, step: 0 });
  }, 300_000);
});

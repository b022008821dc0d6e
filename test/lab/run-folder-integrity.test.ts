import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Bytes } from "../../src/core/hash.js";
import { runScenario } from "../../src/lab/run-scenario.js";
import { runTables } from "../../src/lab/exports/time-series.js";
import { verifyRun } from "../../src/lab/verify-run.js";
import { manifestSeal } from "../../src/sim/log/manifest-seal.js";
import type { Manifest } from "../../src/sim/log/run-folder.js";
import type { Verification } from "../../src/lab/verification.js";
import { writeCsvScenario } from "../support/csv-scenario.js";

// A run folder is a complete, movable record: every file it holds is verified, a moved folder
// still verifies, and one flipped byte anywhere is found and named (issue 12).

const tmp = mkdtempSync(join(tmpdir(), "sesame-integrity-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under `dir`, as paths relative to it with "/". */
function filesOf(dir: string, rel = ""): string[] {
  return readdirSync(join(dir, rel))
    .sort()
    .flatMap((name) => {
      const path = rel === "" ? name : `${rel}/${name}`;
      return statSync(join(dir, path)).isDirectory() ? filesOf(dir, path) : [path];
    });
}

/** Whether a failed verdict names `file` (the field names it, or for the log a step and field). */
function names(verdict: Verification, file: string): boolean {
  if (verdict.ok) return false;
  return verdict.field.includes(file) || (file === "steps.jsonl" && verdict.step !== null);
}

let scenarioDir = "";
let run = "";

beforeAll(async () => {
  scenarioDir = join(tmp, "scenario");
  const file = writeCsvScenario(scenarioDir, 12);
  run = join(tmp, "run");
  await runScenario({ scenario: file, out: run, baselines: true });
}, 300_000);

describe("a run folder's record", () => {
  it("keeps a copy of every input with its hash, no absolute path, and a hash of every file", () => {
    const manifest = JSON.parse(readFileSync(join(run, "manifest.json"), "utf8"));
    expect(filesOf(run)).toEqual(["inputs/profiles/base.csv", "manifest.json", "steps.jsonl", "summary.json"]);
    expect(manifest.inputs).toEqual([{ path: "profiles/base.csv", file: "inputs/profiles/base.csv", sha256: sha256Bytes(readFileSync(join(scenarioDir, "profiles", "base.csv"))), bytes: statSync(join(scenarioDir, "profiles", "base.csv")).size }]);
    expect(Object.keys(manifest.files).sort()).toEqual(["inputs/profiles/base.csv", "steps.jsonl", "summary.json"]);
    for (const [f, sha] of Object.entries(manifest.files)) expect(sha256Bytes(readFileSync(join(run, f)))).toBe(sha);
    expect(JSON.stringify(manifest)).not.toContain(tmp);
    expect(manifest).toMatchObject({ status: "complete", baselines: true });
    expect(manifest.seal).toMatch(/^[0-9a-f]{64}$/);
  });

  it("verifies after the folder is moved and the scenario's folder is gone, and exports from the copies", async () => {
    const moved = join(tmp, "elsewhere", "moved-run");
    cpSync(run, moved, { recursive: true });
    const gone = join(tmp, "scenario-gone");
    cpSync(scenarioDir, gone, { recursive: true });
    rmSync(scenarioDir, { recursive: true });
    try {
      const verdict = await verifyRun(moved);
      expect(verdict).toMatchObject({ ok: true, status: "complete", steps: 12 });
      expect(runTables(moved).flows.rows.length).toBeGreaterThan(0);
    } finally {
      cpSync(gone, scenarioDir, { recursive: true });
    }
  }, 300_000);
});

describe("one flipped byte in any file of a run folder", () => {
  // Each case re-runs the 12-step scenario with its baselines: a few cases per file keep it short.
  for (const file of ["inputs/profiles/base.csv", "manifest.json", "steps.jsonl", "summary.json"]) {
    it(`is found in ${file}, and named`, async () => {
      const bytes = readFileSync(join(run, file));
      let k = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (offset, mask) => {
          const copy = join(tmp, `flip-${file.replace(/\W/g, "_")}-${k++}`);
          cpSync(run, copy, { recursive: true });
          const flipped = Buffer.from(bytes);
          flipped[offset] = flipped[offset]! ^ mask;
          writeFileSync(join(copy, file), flipped);
          const verdict = await verifyRun(copy);
          rmSync(copy, { recursive: true });
          expect(verdict.ok).toBe(false);
          expect(names(verdict, file), JSON.stringify(verdict)).toBe(true);
        }),
        { numRuns: 4, seed: 12 },
      );
    }, 600_000);
  }

  it("a deleted summary, an edited status and a forged consistent summary are all found", async () => {
    const cases: [string, (dir: string) => void, RegExp][] = [
      ["deleted summary", (d) => rmSync(join(d, "summary.json")), /summary\.json/],
      ["status", (d) => writeFileSync(join(d, "manifest.json"), readFileSync(join(d, "manifest.json"), "utf8").replace('"status": "complete"', '"status": "failed"')), /manifest\.json/],
      [
        "forged summary with hash and seal redone",
        (d) => {
          // A forger who knows the rule recomputes the hash and the seal: only recomputing the summary finds it.
          const summary = JSON.parse(readFileSync(join(d, "summary.json"), "utf8"));
          summary.provider.profit = 999999;
          const text = JSON.stringify(summary, null, 2) + "\n";
          writeFileSync(join(d, "summary.json"), text);
          const manifest = JSON.parse(readFileSync(join(d, "manifest.json"), "utf8"));
          manifest.files["summary.json"] = sha256Bytes(Buffer.from(text));
          writeFileSync(join(d, "manifest.json"), JSON.stringify(reseal(manifest), null, 2));
        },
        /summary\.json: provider\.profit/,
      ],
    ];
    for (const [name, tamper, field] of cases) {
      const copy = join(tmp, `case-${name.replace(/\W/g, "_")}`);
      cpSync(run, copy, { recursive: true });
      tamper(copy);
      const verdict = await verifyRun(copy);
      expect(verdict.ok, name).toBe(false);
      if (!verdict.ok) expect(verdict.field, name).toMatch(field);
    }
  }, 600_000);
});

/** The seal recomputed by a forger who knows the rule (manifest-seal.ts). */
function reseal(manifest: Record<string, unknown>): Record<string, unknown> {
  return { ...manifest, seal: manifestSeal(manifest as unknown as Manifest) };
}

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wholeLines } from "../../src/lab/run-state.js";
import { CLI, runCli } from "../support/run-cli.js";

// A real kill: `sesame run` spawned and SIGKILLed by the test once its log holds k lines (k
// drawn at random), then `replay --verify` (interrupted, exit 3), `run --resume`, and the log,
// summary and fingerprint compared with an uninterrupted run's. The kill waits for the log,
// not for a time, so a slow or loaded machine only moves where the run dies.

const tmp = mkdtempSync(join(tmpdir(), "sesame-kill-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const STEPS = "168";
const ARGS = ["run", "vpps", "--steps", STEPS, "--no-baselines"];
let reference = "";

beforeAll(() => {
  reference = join(tmp, "reference");
  const run = runCli([...ARGS, "--out", reference], { timeoutMs: 600_000 });
  expect(run.code, run.stderr).toBe(0);
}, 600_000);

/** Spawns the run into `dir` and kills it once its log holds `k` whole lines; resolves to whether the kill came first. */
function runAndKill(dir: string, k: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...ARGS, "--out", dir], { stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    let killed = false;
    const poll = setInterval(() => {
      if (wholeLines(join(dir, "steps.jsonl")) >= k) {
        killed = child.kill("SIGKILL");
        clearInterval(poll);
      }
    }, 2);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearInterval(poll);
      resolve(killed && signal === "SIGKILL" && code === null);
    });
  });
}

describe("a CLI run killed at a random step", () => {
  it("verifies as interrupted, resumes, and ends with the uninterrupted run's log and fingerprint", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 50 }), async (k) => {
        const dir = join(tmp, `killed-${n++}`);
        // The run has 168 steps and dies after k ≤ 50 are logged; should it ever outrun the poll, try again.
        let interrupted = false;
        for (let attempt = 0; attempt < 3 && !interrupted; attempt++) {
          rmSync(dir, { recursive: true, force: true });
          interrupted = await runAndKill(dir, k);
        }
        expect(interrupted, "the run was killed before it finished").toBe(true);
        const logged = wholeLines(join(dir, "steps.jsonl"));
        expect(logged).toBeGreaterThanOrEqual(k);
        expect(existsSync(join(dir, "summary.json"))).toBe(false);

        const verify = runCli(["replay", dir, "--verify"], { timeoutMs: 600_000 });
        expect(verify.code, verify.stdout + verify.stderr).toBe(3);
        expect(verify.stdout).toContain(`interrupted at step ${logged}: the first ${logged} steps verify`);

        const exported = runCli(["export", dir], { timeoutMs: 600_000 });
        expect(exported.code, "export refuses an interrupted run").toBe(2);

        const resume = runCli(["run", "--resume", dir], { timeoutMs: 600_000 });
        expect(resume.code, resume.stderr).toBe(0);
        expect(resume.stderr).toContain(`resumed ${dir} from step ${logged} of ${STEPS}`);
        for (const file of ["steps.jsonl", "summary.json"]) expect(readFileSync(join(dir, file)).equals(readFileSync(join(reference, file))), file).toBe(true);
        const fingerprint = (d: string) => JSON.parse(readFileSync(join(d, "manifest.json"), "utf8")).fingerprint as string;
        expect(fingerprint(dir)).toBe(fingerprint(reference));
      }),
      { numRuns: 2, seed: 20261202 },
    );
  }, 1_200_000);
});

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, runCli } from "../support/run-cli.js";

/**
 * Every command that prints survives a reader that goes away (`sesame schema | head`): the
 * built bin is spawned with its stdout (or stderr) read by a reader that closes the pipe after
 * the first chunk, or before anything is written. No stack trace, and the command's own exit
 * code: 0 for a success, 2 for bad input (README, "Exit codes").
 */

let dir: string;
const BOOK = JSON.stringify({ tariff: { buy: 0.3, sell: 0.05 }, orders: [{ agent: "a", side: "buy", kWh: 2, limit: 0.28 }, { agent: "c", side: "sell", kWh: 1, limit: 0.1 }] });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sesame-pipe-"));
  const made = runCli(["run", "dcc-week", "--steps", "24", "--no-baselines", "--out", join(dir, "run")], { timeoutMs: 300_000 });
  expect(made.code, made.stderr).toBe(0);
  writeFileSync(join(dir, "book.json"), BOOK);
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ name: "bad", storage: { energyKWh: 1e308 } }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Close = "after-first-chunk" | "before-any-write";

/** Spawns `sesame …args` and closes `which` of its output pipes as `close` says; resolves with its exit code and its other stream. */
function closedPipe(args: readonly string[], which: "stdout" | "stderr", close: Close): Promise<{ code: number | null; other: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    const closed = child[which];
    const other = which === "stdout" ? child.stderr : child.stdout;
    let text = "";
    other.on("data", (chunk: Buffer) => (text += chunk.toString()));
    if (close === "before-any-write") closed.destroy();
    else closed.once("data", () => closed.destroy());
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, other: text }));
  });
}

const PRINTING: readonly (readonly [string[], number])[] = [
  [["--help"], 0],
  [["--version"], 0],
  [["schema"], 0],
  [["schema", "experiment"], 0],
  [["agents"], 0],
  [["agents", "--json"], 0],
  [["mechanisms"], 0],
  [["mechanisms", "--json"], 0],
  [["scenarios"], 0],
  [["scenarios", "--json"], 0],
  [["validate", "scenarios/dcc-week.json"], 0],
  [["clear", "energy", "--mechanism", "uniform", "book.json"], 0],
  [["replay", "run", "--verify"], 0],
  [["compare", "run", "run"], 0],
  [["export", "run"], 0],
  [["run", "dcc-week", "--steps", "24", "--no-baselines", "--out", "again"], 0],
  [["validate", "bad.json"], 2],
];

describe("a closed pipe", () => {
  it.each(PRINTING.map(([args, code]) => [args.join(" "), args, code] as const))("sesame %s: stdout closed after the first chunk or before any write, then stderr", async (_name, args, code) => {
    const absolute = args.map((a) => (a === "scenarios/dcc-week.json" ? join(process.cwd(), a) : a));
    for (const close of ["after-first-chunk", "before-any-write"] as const) {
      rmSync(join(dir, "again"), { recursive: true, force: true });
      rmSync(join(dir, "tables"), { recursive: true, force: true });
      const out = await closedPipe(absolute, "stdout", close);
      expect(out.other, `${close}: stderr`).not.toMatch(/EPIPE|\n\s+at /);
      expect(out.code, `${close}: ${out.other}`).toBe(code);
    }
    rmSync(join(dir, "again"), { recursive: true, force: true });
    rmSync(join(dir, "tables"), { recursive: true, force: true });
    const err = await closedPipe(absolute, "stderr", "before-any-write");
    expect(err.code, "stderr closed").toBe(code);
  });
});

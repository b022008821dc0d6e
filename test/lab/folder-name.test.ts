import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FOLDER_NAME_MAX, safeFolderName } from "../../src/lab/folder-name.js";
import { defaultRunDir } from "../../src/lab/run-scenario.js";
import { packageRoot } from "../../src/lab/package-root.js";
import { defaultPlanDir } from "../../src/lab/plan/plan-folder.js";
import { evaluationRunId } from "../../src/lab/plan/evaluate-size.js";
import { runCli } from "../support/run-cli.js";

// Issue 12, item 5: a folder name derived from a scenario's name, a seed, an experiment's name
// or a run id is one path component inside runs/ (experiments/, plans/), whatever was written.

const HOSTILE = [
  "../../evil-name",
  "..",
  ".",
  "...",
  ".hidden",
  "a/b",
  "a\\b",
  "/etc/passwd",
  "C:\\Windows\\x",
  "nul\u0000byte",
  "tab\tand space",
  "é-ünïcødé-名前-🙂",
  "x".repeat(500),
  "../".repeat(100),
  "",
  "con",
  "trailing.",
  "a..b",
];

const now = new Date("2026-11-23T22:00:00Z");

describe("safeFolderName", () => {
  it("keeps names that are already safe as they are (the names the docs show)", () => {
    for (const name of ["dcc-week", "individual-vs-shared", "42", "study_2026", "v1.2", "p0123456789ab-r3"]) expect(safeFolderName(name)).toBe(name);
    expect(defaultRunDir({ name: "dcc-week", seed: "42" }, now)).toBe(join("runs", "dcc-week-seed42-20261123T220000"));
  });

  it.each(HOSTILE)("%j: one component, no separator, no dot-dot, no leading dot, at most the cap", (text) => {
    const name = safeFolderName(text);
    expect(name).not.toMatch(/[/\\\u0000]/);
    expect(name).not.toContain("..");
    expect(name.startsWith(".")).toBe(false);
    expect(name.endsWith(".")).toBe(false);
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(name.length).toBeLessThanOrEqual(FOLDER_NAME_MAX);
    expect(name).not.toMatch(/^(con|nul)(\..*)?$/i);
    expect(basename(name)).toBe(name);
  });

  it("long names are cut with a hash, so two that share their beginning stay apart", () => {
    const a = safeFolderName(`${"x".repeat(200)}a`);
    const b = safeFolderName(`${"x".repeat(200)}b`);
    expect(a).toHaveLength(FOLDER_NAME_MAX);
    expect(a).not.toBe(b);
    expect(a).toMatch(/-[0-9a-f]{8}$/);
  });

  it("one underscore per character, whatever its UTF-16 length", () => {
    expect(safeFolderName("a🙂b")).toBe("a_b");
    expect(safeFolderName("../../evil-name")).toBe("______evil-name");
  });
});

describe("folder names derived from names and seeds stay inside their folder", () => {
  it.each(HOSTILE)("scenario name and seed %j: the default run folder is directly under runs/", (text) => {
    const dir = defaultRunDir({ name: text, seed: text }, now);
    expect(dirname(dir)).toBe("runs");
    expect(resolve(dir).startsWith(resolve("runs") + "/")).toBe(true);
    const plan = defaultPlanDir(text, "provider-npv", now);
    expect(dirname(plan)).toBe("plans");
  });

  it("a plan evaluation's run id is a plain folder name", () => {
    expect(evaluationRunId(3, { energyKWh: 120, powerKW: 60 })).toBe("003-E120kWh-P60kW");
    expect(evaluationRunId(3, { energyKWh: 1e21, powerKW: 0.5 })).toBe(safeFolderName("003-E1e+21kWh-P0.5kW"));
  });
});

describe("sesame run without --out", () => {
  const tmp = mkdtempSync(join(tmpdir(), "sesame-folder-name-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a scenario named "../../evil-name" writes its run folder inside runs/ of the working directory', () => {
    const cwd = join(tmp, "a", "b");
    mkdirSync(cwd, { recursive: true });
    const scenario = JSON.parse(readFileSync(join(packageRoot(), "scenarios", "individual-vs-shared.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(cwd, "evil.json"), JSON.stringify({ ...scenario, name: "../../evil-name", seed: "../x" }));
    const r = runCli(["run", "evil.json", "--steps", "24", "--no-baselines"], { cwd, timeoutMs: 300_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(tmp)).toEqual(["a"]);
    expect(readdirSync(join(tmp, "a"))).toEqual(["b"]);
    const runs = readdirSync(join(cwd, "runs"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^______evil-name-seed___x-\d{8}T\d{6}$/);
  }, 300_000);
});

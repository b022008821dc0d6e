import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI } from "../support/run-cli.js";

describe("the sesame bin", () => {
  it("is the built CLI, executable with a node shebang, so `npx sesame` runs it on a fresh clone", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { bin: Record<string, string> };
    expect(CLI.endsWith(pkg.bin["sesame"]!)).toBe(true);
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    expect(readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
    const run = spawnSync(CLI, ["--version"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

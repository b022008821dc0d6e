import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** The example experiment scripts, built into dist/examples, run with --quick (a shortened horizon). */
const tmp = mkdtempSync(join(tmpdir(), "sesame-examples-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runExample(name: string): { code: number; stdout: string; stderr: string; out: string } {
  const out = join(tmp, name);
  const result = spawnSync(process.execPath, [resolve("dist", "examples", `${name}.js`), "--quick", "--out", out], {
    encoding: "utf8",
    timeout: 600_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, out };
}

describe("examples/ (shortened horizon)", () => {
  it("community-mechanisms compares four rental mechanisms with intervals", () => {
    const run = runExample("community-mechanisms");
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    for (const mechanism of ["posted", "uniform", "pay-as-bid", "vcg"]) expect(run.stdout).toMatch(new RegExp(`^${mechanism} +-?\\d+ \\[`, "m"));
    // Then every other mechanism paired against posted, replicate by replicate.
    expect(run.stdout).toMatch(/^paired differences against posted/m);
    expect(run.stdout.split("\n").filter((l) => /^(uniform|pay-as-bid|vcg) +-?\d+ \[/.test(l))).toHaveLength(6);
    expect(existsSync(join(run.out, "results.parquet"))).toBe(true);
  });

  it("stackelberg-sensitivity prints the leader's prices per point", () => {
    const run = runExample("stackelberg-sensitivity");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").filter((l) => /^\s+\d\.\d\d\s+\d+\s+\d+\.\d{4}\s+\d+\.\d{4}/.test(l))).toHaveLength(4);
  });

  it("dcc-viability gives a verdict per mechanism and writes the report with the viability map", () => {
    const run = runExample("dcc-viability");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^viable for both \(pooled means\) under: /m);
    expect(run.stdout).toMatch(/^(posted|stackelberg) .*  (viable|users only|provider only|neither)$/m);
    expect(run.stdout.split("\n").filter((l) => /^(posted|stackelberg) /.test(l))).toHaveLength(8);
    expect(existsSync(join(run.out, "report", "index.html"))).toBe(true);
    expect(existsSync(join(run.out, "report", "viability.svg"))).toBe(true);
  });
});

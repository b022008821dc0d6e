import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { CLI } from "../support/run-cli.js";
import { loadExperiment } from "../../src/lab/experiment/load-experiment.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-cluster-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const repo = resolve(".");

describe("the cluster examples in examples/cluster", () => {
  it("the Slurm array script runs its shard as a Slurm task would (npx shimmed to the built CLI)", () => {
    const submit = join(tmp, "submit");
    cpSync(join(repo, "examples"), join(submit, "examples"), { recursive: true });
    // Shorten the study for the test; the script itself is unchanged.
    const study = join(submit, "examples", "study.yaml");
    writeFileSync(study, readFileSync(study, "utf8").replace("calendar.steps: 48", "calendar.steps: 24"));
    const bin = join(tmp, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "npx"), `#!/bin/sh\nshift\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, "npx"), 0o755);
    const result = spawnSync("bash", [join(repo, "examples", "cluster", "slurm-array.sh")], {
      encoding: "utf8",
      timeout: 300_000,
      env: { ...process.env, PATH: `${bin}:${process.env["PATH"]}`, SLURM_SUBMIT_DIR: submit, SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "8", SLURM_CPUS_PER_TASK: "1", NO_COLOR: "1" },
    });
    expect(result.stderr).not.toMatch(/invalid input/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\(shard 0\/8\): 4 runs/);
    expect(existsSync(join(submit, "shards", "study-0", "results.parquet"))).toBe(true);
  });

  it("the Kubernetes Indexed Job gives each pod its shard and the shard count of the job", () => {
    const job = parseYaml(readFileSync(join(repo, "examples", "cluster", "k8s-indexed-job.yaml"), "utf8"));
    expect(job.kind).toBe("Job");
    expect(job.spec.completionMode).toBe("Indexed");
    const args: string = job.spec.template.spec.containers[0].args.join(" ");
    expect(args).toContain(`--shard-count ${job.spec.completions}`);
    expect(args).toContain("${JOB_COMPLETION_INDEX}");
    expect(loadExperiment(join(repo, args.match(/experiment (\S+)/)![1]!)).runs.length).toBeGreaterThanOrEqual(job.spec.completions);
  });
});

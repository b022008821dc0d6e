import { InputError } from "../../core/errors.js";

/**
 * Splitting an experiment across machines (docs/experiments.md, "Running"): shard i of n runs
 * the runs whose index in expansion order is ≡ i (mod n), so shards are balanced across points
 * and the union of all shards is exactly the experiment.
 */

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (0 ≤ i < n); `flag` names the input in the error. */
export function parseShard(text: string, flag = "--shard"): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1) || !(index < count)) {
    throw new InputError({ path: flag, expected: `a shard i/n with whole numbers 0 ≤ i < n (e.g. 0/4), got "${text}"` });
  }
  return { index, count };
}

/**
 * The shard a cluster job asks for through its environment, or undefined: a Slurm array task
 * (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT, so `--array=1-8`
 * works as well as `0-7`), or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX of `count`,
 * which the job must give: `--shard-count` or SESAME_SHARDS).
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv, count?: number): Shard | undefined {
  const slurmId = env["SLURM_ARRAY_TASK_ID"];
  if (slurmId !== undefined && slurmId !== "") {
    const min = Number(env["SLURM_ARRAY_TASK_MIN"] ?? "0");
    const total = env["SLURM_ARRAY_TASK_COUNT"];
    if (total === undefined) throw new InputError({ path: "SLURM_ARRAY_TASK_COUNT", expected: "the array's task count alongside SLURM_ARRAY_TASK_ID" });
    return parseShard(`${Number(slurmId) - min}/${total}`, "SLURM_ARRAY_TASK_ID");
  }
  const k8sIndex = env["JOB_COMPLETION_INDEX"];
  if (k8sIndex !== undefined && k8sIndex !== "") {
    const total = count ?? (env["SESAME_SHARDS"] !== undefined ? Number(env["SESAME_SHARDS"]) : undefined);
    if (total === undefined) throw new InputError({ path: "--shard-count", expected: "the number of shards (or SESAME_SHARDS) alongside JOB_COMPLETION_INDEX" });
    return parseShard(`${k8sIndex}/${total}`, "JOB_COMPLETION_INDEX");
  }
  return undefined;
}

/** The items of shard `shard` (all of them without one), in their order. */
export function inShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  return shard ? items.filter((_, i) => i % shard.count === shard.index) : [...items];
}

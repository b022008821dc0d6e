import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built CLI (npm test builds before running tests). */
export const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));

/**
 * Runs `sesame …args` (with `env` added to this process's environment) and returns its exit
 * code and output. The process is killed after `timeoutMs` (default 120 s): raise it for
 * commands that simulate, since CI shares two cores among parallel test files.
 */
export function runCli(
  args: readonly string[],
  options: { input?: string; cwd?: string; env?: Readonly<Record<string, string>>; timeoutMs?: number } = {},
): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input: options.input ?? "",
    cwd: options.cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of SESAME's own package.json, found from this file whether run from src/ or dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "sesame") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find SESAME's package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The folder of built-in scenarios. */
export function builtInScenarioDir(): string {
  return join(packageRoot(), "scenarios");
}

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Dependencies point one way (DESIGN.md §2): cli → lab → sim → market, agents, storage → core.
 * Agents may use the market's shared vocabulary but never a mechanism: market/types.ts, and
 * market/payment-reasons.ts, whose constants name the costs agents pay outside the market
 * (StepDecision.externalCosts: gas, generator fuel); it imports nothing, so it reaches no mechanism.
 */
const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
const layerOf = (file: string) => relative(src, file).split("/")[0]!.replace(/\.ts$/, "");
const allowed: Record<string, string[]> = {
  core: ["core"],
  storage: ["storage", "core"],
  market: ["market", "core"],
  agents: ["agents", "core", "market/types", "market/payment-reasons", "storage/types"],
  sim: ["sim", "market", "agents", "storage", "core", "version"],
  lab: ["lab", "sim", "market", "agents", "storage", "core", "version"],
  cli: ["cli", "lab", "sim", "market", "agents", "storage", "core", "version"],
  index: ["lab", "sim", "market", "agents", "storage", "core", "version"],
  version: [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("architecture", () => {
  it("every import of our own code points down the layers", () => {
    const violations: string[] = [];
    for (const file of sourceFiles(src)) {
      const layer = layerOf(file);
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/from "(\.[^"]+)"/g)) {
        const target = relative(src, resolve(dirname(file), match[1]!)).replace(/\.js$/, "");
        const ok = (allowed[layer] ?? []).some((a) => target === a || target.startsWith(`${a}/`));
        if (!ok) violations.push(`${relative(src, file)} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("the payment reasons the agents may import import nothing themselves", () => {
    expect(readFileSync(join(src, "market/payment-reasons.ts"), "utf8")).not.toMatch(/^import /m);
  });
});

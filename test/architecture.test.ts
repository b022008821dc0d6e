import { readFileSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { circlePath, circles, importEdges, relativeSpecifiers, sourceFiles } from "./support/import-graph.js";

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

  // Layers alone allow a circle inside a layer; a circle, even of types only, ties files so
  // that none can be read, moved or changed alone. Each circle is named by its files.
  it("no import circles among our files (import, import type, export … from, import())", () => {
    const edges = importEdges(src);
    expect(circles(edges).map((files) => `${circlePath(edges, files).join(" → ")} (files: ${files.join(", ")})`)).toEqual([]);
  });

  it("reads every kind of relative import, and none from a comment", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "../b.js";',
      "import {",
      "  c,",
      "  type C,",
      '} from "./c.js";',
      'export { d } from "./d.js";',
      'export type * from "./e.js";',
      'import "./f.js";',
      'const g = await import("./g.js");',
      ' * import { h } from "./h.js";',
      'import { readFileSync } from "node:fs";',
    ].join("\n");
    expect(relativeSpecifiers(text).sort()).toEqual(["../b.js", "./a.js", "./c.js", "./d.js", "./e.js", "./f.js", "./g.js"]);
  });

  it("the circle finder finds each circle and a file that imports itself", () => {
    const edge = (from: string, to: string) => ({ from, to });
    expect(circles([edge("a.ts", "b.ts"), edge("b.ts", "c.ts"), edge("c.ts", "a.ts"), edge("c.ts", "d.ts"), edge("e.ts", "e.ts")])).toEqual([["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
    expect(circles([edge("a.ts", "b.ts"), edge("b.ts", "c.ts")])).toEqual([]);
    const loop = [edge("a.ts", "b.ts"), edge("b.ts", "c.ts"), edge("c.ts", "a.ts"), edge("b.ts", "a.ts")];
    expect(circlePath(loop, ["a.ts", "b.ts", "c.ts"])).toEqual(["a.ts", "b.ts", "a.ts"]);
    expect(circlePath([edge("c.ts", "a.ts"), edge("a.ts", "b.ts"), edge("b.ts", "c.ts")], ["a.ts", "b.ts", "c.ts"])).toEqual(["a.ts", "b.ts", "c.ts", "a.ts"]);
    expect(circlePath([edge("e.ts", "e.ts")], ["e.ts"])).toEqual(["e.ts", "e.ts"]);
  });
});

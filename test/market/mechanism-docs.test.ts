import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listMechanisms } from "../../src/market/registry.js";
import { createEnergyMechanism, createRentalMechanism } from "../../src/market/registry.js";
import { packageRoot } from "../../src/lab/package-root.js";
import type { MechanismProperties } from "../../src/market/types.js";

/**
 * Every registered mechanism, by looping over the registry (a new one is covered without a
 * line here): the properties its file's header states are the ones it declares, MODEL.md
 * describes it in its section, and its parameter schema is strict with a default for every key.
 */

const root = packageRoot();
const model = readFileSync(join(root, "docs/MODEL.md"), "utf8");
const section = (from: string, to: string) => model.slice(model.indexOf(from), model.indexOf(to));
const SECTIONS = { rental: section("## 4.", "## 5."), energy: section("## 5.", "## 6.") };

/** The mechanism files of a kind, by the registry name their entry declares (`name: CONST` or `name: "x"`). */
function mechanismFiles(kind: "energy" | "rental"): Map<string, string> {
  const dir = join(root, "src/market", kind);
  const files = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(dir, file), "utf8");
    const entry = /defineMechanism\(\{\s*name:\s*([A-Za-z_]+|"[^"]+")/.exec(text);
    if (!entry) continue;
    const token = entry[1]!;
    const name = token.startsWith('"') ? JSON.parse(token) as string : new RegExp(`export const ${token} = "([^"]+)"`).exec(text)?.[1];
    if (name) files.set(name, text);
  }
  return files;
}

/** The properties a file header states: lines ` * - individually rational: yes — …`. */
function headerProperties(text: string): Partial<Record<keyof MechanismProperties, string>> {
  const header = text.slice(0, text.indexOf("*/"));
  const value = (label: string) => new RegExp(`^ \\* - ${label}: (yes|no|strong|weak|none)\\b`, "m").exec(header)?.[1];
  return {
    individuallyRational: value("individually rational"),
    budgetBalance: value("budget balance"),
    truthful: value("truthful"),
    efficient: value("efficient"),
  };
}

const yesNo = (b: boolean) => (b ? "yes" : "no");
const FILES = { energy: mechanismFiles("energy"), rental: mechanismFiles("rental") };

describe("mechanism registry: headers, docs and schemas", () => {
  for (const m of listMechanisms()) {
    describe(`${m.kind} ${m.name}`, () => {
      it("its file's header states the properties it declares", () => {
        const text = FILES[m.kind].get(m.name);
        expect(text, `no file under src/market/${m.kind}/ declares ${m.name}`).toBeDefined();
        expect(headerProperties(text!)).toEqual({
          individuallyRational: yesNo(m.properties.individuallyRational),
          budgetBalance: m.properties.budgetBalance,
          truthful: yesNo(m.properties.truthful),
          efficient: yesNo(m.properties.efficient),
        });
      });

      it(`is described in MODEL.md's ${m.kind} section`, () => {
        expect(SECTIONS[m.kind]).toContain(`**${m.name}**`);
      });

      it("builds from no parameters and refuses an unknown one, naming it", () => {
        const create = m.kind === "energy" ? createEnergyMechanism : createRentalMechanism;
        expect(create(m.name, {}).name).toBe(m.name);
        expect(() => create(m.name, { notAParameter: 1 })).toThrow(/notAParameter/);
      });
    });
  }
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { scenarioDifferences } from "../../src/lab/scenario-differences.js";

const base = {
  name: "x",
  seed: "42",
  calendar: { start: "2026-06-01T00:00:00Z", steps: 24 },
  market: { rental: { mechanism: "posted", params: {} }, energy: { mechanism: "uniform", params: { k: 0.5 } } },
  agents: [
    { id: "a", pv: { kWp: 4 } },
    { id: "b", pv: { kWp: 4 } },
  ],
};

describe("scenarioDifferences", () => {
  it("nothing for equal scenarios, whatever their key order", () => {
    const reordered = { agents: base.agents, market: base.market, calendar: { steps: 24, start: "2026-06-01T00:00:00Z" }, seed: "42", name: "x" };
    expect(scenarioDifferences([base, reordered])).toEqual([]);
    expect(scenarioDifferences([base])).toEqual([]);
  });

  it("every dotted path that differs, array items by index, with each scenario's value", () => {
    const other = {
      ...base,
      seed: "7",
      market: { ...base.market, rental: { mechanism: "uniform", params: {} } },
      agents: [base.agents[0], { id: "b", pv: { kWp: 5 } }],
    };
    expect(scenarioDifferences([base, other])).toEqual([
      { path: "seed", values: ["42", "7"] },
      { path: "market.rental.mechanism", values: ["posted", "uniform"] },
      { path: "agents.1.pv.kWp", values: [4, 5] },
    ]);
  });

  it("a missing subtree is one difference, not one per leaf; a field only one has is named", () => {
    const more = { ...base, agents: [...base.agents, { id: "c", pv: { kWp: 4 } }], market: { ...base.market, rental: { mechanism: "posted", params: { cE: 0.3 } } } };
    expect(scenarioDifferences([base, more]).map((d) => d.path)).toEqual(["market.rental.params.cE", "agents.2"]);
    expect(scenarioDifferences([base, more])[1]!.values).toEqual([undefined, { id: "c", pv: { kWp: 4 } }]);
  });

  it("three scenarios: a path differs when any of them differs there", () => {
    const steps48 = { ...base, calendar: { ...base.calendar, steps: 48 } };
    expect(scenarioDifferences([base, base, steps48])).toEqual([{ path: "calendar.steps", values: [24, 24, 48] }]);
  });

  it("property: changing one leaf is found at exactly that path", () => {
    const leaves = ["seed", "calendar.steps", "market.energy.params.k", "agents.0.pv.kWp", "agents.1.id"];
    fc.assert(
      fc.property(fc.constantFrom(...leaves), fc.oneof(fc.integer(), fc.string(), fc.boolean()), (path, value) => {
        const changed = structuredClone(base) as Record<string, unknown>;
        const keys = path.split(".");
        let at = changed as Record<string, unknown>;
        for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
        const before = at[keys.at(-1)!];
        at[keys.at(-1)!] = value;
        const found = scenarioDifferences([base, changed]);
        expect(found).toEqual(before === value ? [] : [{ path, values: [before, value] }]);
      }),
    );
  });
});

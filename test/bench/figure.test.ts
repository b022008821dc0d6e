import { describe, expect, it } from "vitest";
import { figureTable, meets, type Figure } from "../../bench/figure.js";

describe("the benchmark's figure table", () => {
  const slow: Figure = { name: "engine", value: 90, unit: "s", goal: 30, better: "lower", note: "extrapolated" };
  const fast: Figure = { name: "workers", value: 1.9, unit: "×", goal: 1.85, better: "higher" };
  const short: Figure = { name: "workers", value: 1.48, unit: "×", goal: 1.85, better: "higher" };

  it("says whether a ceiling or a floor is met", () => {
    expect([meets(slow), meets(fast), meets(short), meets({ ...slow, value: 30 })]).toEqual([false, true, false, true]);
  });

  it("prints each figure with its unit, its goal, met or how far off, and how it was measured", () => {
    const [header, a, b, c] = figureTable([slow, fast, short]);
    expect(header).toMatch(/^figure\s+measured\s+goal\s+status\s+how$/);
    expect(a).toMatch(/^engine\s+90\.0 s\s+≤ 30\.0 s\s+3\.0× off\s+extrapolated$/);
    expect(b).toMatch(/^workers\s+1\.90 ×\s+≥ 1\.85 ×\s+met$/);
    expect(c).toMatch(/1\.48 ×\s+≥ 1\.85 ×\s+1\.3× off$/);
  });
});

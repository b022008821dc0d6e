import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refusal } from "../support/refusal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvProfile } from "../../src/agents/profile-source.js";
import type { AgentBuildContext } from "../../src/agents/index.js";
import { CsvProfileSchema } from "../../src/agents/index.js";
import { scenarioFolderInputs } from "../../src/core/input-source.js";
import { loadProfileCsv } from "../../src/core/profile.js";
import { validateScenario } from "../../src/lab/load-scenario.js";

/**
 * The values a profile may hold (docs/profiles.md "Values"): a load or generation ≥ 0, a net
 * load (netLoad: true) of either sign, a temperature in [−100, 100] °C; every value within the
 * bounds of core/bounds.ts. A refused value names the field, file:line and the value only.
 */

let dir = "";
const calendar = { start: "2026-06-01T00:00:00Z", steps: 4, stepHours: 1, rentalPeriodSteps: 4, utcOffsetHours: 0 };
const ctx = (): AgentBuildContext => ({ calendar, latitudeDeg: 30, rootSeed: "1", inputs: scenarioFolderInputs(dir) });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sesame-values-"));
  writeFileSync(join(dir, "net.csv"), "kw\n1.5\n-2\n0\n3\n");
  writeFileSync(join(dir, "secret-first-line.csv"), "kw\n1\n2\n-7.25\n4\n");
  writeFileSync(join(dir, "cold.csv"), "tempC\n-30\n-12.5\n0\n4\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV of the test folder as an input source hands it to the loader. */
function csvText(name: string): { name: string; text: string } {
  return { name, text: readFileSync(join(dir, name), "utf8") };
}

describe("profile values", () => {
  it("refuses a negative value in a load column, naming the field, file:line and the value only", () => {
    const error = refusal(() => csvProfile(CsvProfileSchema.parse({ csv: "secret-first-line.csv" }), ctx(), "agents[0].load"));
    expect(error.issues).toHaveLength(1);
    const [issue] = error.issues;
    expect(issue!.path).toBe("agents[0].load.csv (secret-first-line.csv:4)");
    expect(issue!.expected).toMatch(/^a load 0 ≤ kW ≤ 1e9 in column "kw" .*netLoad: true.*, got -7\.25$/);
    // Nothing of the file but the offending value: not the other rows.
    expect(issue!.expected).not.toMatch(/\b4\b|\b1\b|\b2\b/);
  });

  it("accepts negative values in a column declared as net load, and keeps them", () => {
    const values = csvProfile(CsvProfileSchema.parse({ csv: "net.csv", netLoad: true }), ctx(), "agents[0].load");
    expect(Array.from(values)).toEqual([1.5, -2, 0, 3]);
  });

  it("accepts temperatures below zero, refuses them above 100 °C and loads above 1e9 kW", () => {
    expect(Array.from(csvProfile(CsvProfileSchema.parse({ csv: "cold.csv" }), ctx(), "dc.pue.temperature", "temperature"))).toEqual([-30, -12.5, 0, 4]);
    writeFileSync(join(dir, "hot.csv"), "tempC\n20\n300\n20\n20\n");
    expect(refusal(() => loadProfileCsv(csvText("hot.csv"), calendar, { quantity: "temperature", fieldPath: "t" })).issues[0]!.expected).toMatch(/temperature -100 ≤ °C ≤ 100.*got 300$/);
    writeFileSync(join(dir, "huge.csv"), "kw\n1\n1\n2e9\n1\n");
    expect(refusal(() => loadProfileCsv(csvText("huge.csv"), calendar, { fieldPath: "l" })).issues[0]!.path).toMatch(/huge\.csv:4\)$/);
    // A MW column of 2e3 MW is 2e6 kW: the bound applies to kW after conversion.
    writeFileSync(join(dir, "mw.csv"), "mw\n1\n2e3\n2e6\n1\n");
    expect(refusal(() => loadProfileCsv(csvText("mw.csv"), calendar, { unit: "MW", fieldPath: "l" })).issues[0]!.expected).toMatch(/got 2000000$/);
    expect(() => loadProfileCsv(csvText("net.csv"), calendar, { quantity: "generation" })).toThrow(/generation 0 ≤ kW/);
  });

  it("netLoad is absent unless given, so resolved scenarios keep their form", () => {
    expect(CsvProfileSchema.parse({ csv: "x.csv" })).toEqual({ csv: "x.csv", unit: "kW", scale: 1 });
    expect(CsvProfileSchema.parse({ csv: "x.csv", netLoad: true }).netLoad).toBe(true);
  });
});

describe("rental periods are whole", () => {
  const scenario = (steps: number, rentalPeriodSteps: number) => ({
    name: "periods",
    calendar: { steps, rentalPeriodSteps },
    tariff: { buy: 0.5, sell: 0.2 },
    storage: { energyKWh: 10, powerKW: 5 },
    agents: [{ id: "h", kind: "prosumer" }],
  });

  it("accepts a period that divides the horizon, refuses one that does not, naming the period and the short last period", () => {
    expect(validateScenario(scenario(48, 24)).calendar.rentalPeriodSteps).toBe(24);
    expect(validateScenario(scenario(21, 7)).calendar.rentalPeriodSteps).toBe(7);
    const error = refusal(() => validateScenario(scenario(24, 7)));
    expect(error.issues).toEqual([
      { path: "calendar.rentalPeriodSteps", expected: "a divisor of calendar.steps (24), so that every rental period is whole; got 7, which leaves a last period of 3 steps (use steps 21 or 28, or another period)" },
    ]);
    expect(refusal(() => validateScenario(scenario(12, 24))).issues[0]!.path).toBe("calendar.rentalPeriodSteps");
  });
});

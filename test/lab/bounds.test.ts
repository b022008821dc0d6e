import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as B from "../../src/core/bounds.js";
import { InputError } from "../../src/core/errors.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { scenarioJsonSchema } from "../../src/lab/json-schema.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { LogRecord } from "../../src/sim/log/index.js";

/**
 * The bounds of core/bounds.ts: every number of the scenario schema has a finite upper bound;
 * a value just past a bound is refused naming its field; and a scenario with every magnitude
 * at its bound at once (test/fixtures/at-bounds.json: every agent kind, LP strategies, four
 * day-long steps) runs with finite numbers throughout — the bounds are what keeps a run from
 * overflowing.
 */

const AT_BOUNDS = JSON.parse(readFileSync(new URL("../fixtures/at-bounds.json", import.meta.url), "utf8")) as Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** `scenario` with `value` at the dotted path (numeric segments index arrays). */
function withValue(scenario: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const out = clone(scenario);
  const keys = path.split(".");
  let at = out as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1]!] = value;
  return out;
}

/** The issues of validating `raw`, or [] when it is valid. */
function issuesOf(raw: unknown): { path: string; expected: string }[] {
  try {
    validateScenario(raw);
    return [];
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
}

/** `path.to.field` with numeric segments as indices: `agents.0.pv.kWp` → `agents[0].pv.kWp`. */
const issuePath = (path: string) => path.replace(/\.(\d+)/g, "[$1]");

// [dotted path in at-bounds.json, its upper bound]; each is at its bound there.
const UPPER: readonly (readonly [string, number])[] = [
  ["tariff.buy", B.MAX_PRICE_PER_KWH],
  ["tariff.demandChargePerKW", B.MAX_PRICE_PER_KW],
  ["storage.energyKWh", B.MAX_ENERGY_KWH],
  ["storage.powerKW", B.MAX_POWER_KW],
  ["storage.degradationCostPerKWh", B.MAX_PRICE_PER_KWH],
  ["storage.powerOversell", B.MAX_POWER_OVERSELL],
  ["storage.economics.capexPerKWh", B.MAX_PRICE_PER_KWH],
  ["storage.economics.capexPerKW", B.MAX_PRICE_PER_KW],
  ["storage.economics.lifetimeYears", B.MAX_LIFETIME_YEARS],
  ["storage.economics.omPerYear", B.MAX_AMOUNT],
  ["market.rental.params.cE", B.MAX_PRICE_PER_KWH],
  ["market.rental.params.cP", B.MAX_PRICE_PER_KW],
  ["calendar.stepHours", B.MAX_STEP_HOURS],
  ["agents.0.load.meanKW", B.MAX_POWER_KW],
  ["agents.0.pv.kWp", B.MAX_POWER_KW],
  ["agents.0.battery.energyKWh", B.MAX_ENERGY_KWH],
  ["agents.0.battery.powerKW", B.MAX_POWER_KW],
  ["agents.0.forecast.relativeSigma", B.MAX_RELATIVE_SIGMA],
  ["agents.1.migrationBandwidthKW", B.MAX_POWER_KW],
  ["agents.1.interconnectKW", B.MAX_POWER_KW],
  ["agents.1.dataCenters.0.itLoad.meanKW", B.MAX_POWER_KW],
  ["agents.1.dataCenters.0.itCapacityKW", B.MAX_POWER_KW],
  ["agents.1.dataCenters.0.pue.base", B.MAX_PUE],
  ["agents.1.dataCenters.0.pue.perDegreeC", B.MAX_PUE],
  ["agents.1.dataCenters.0.pue.temperature.meanC", B.MAX_TEMPERATURE_C],
  ["agents.1.dataCenters.0.pue.temperature.seasonalAmplitudeC", B.MAX_TEMPERATURE_SPREAD_C],
  ["agents.1.dataCenters.0.pue.temperature.diurnalAmplitudeC", B.MAX_TEMPERATURE_SPREAD_C],
  ["agents.1.dataCenters.0.pue.temperature.noiseSdC", B.MAX_TEMPERATURE_SPREAD_C],
  ["agents.1.dataCenters.0.wind.ratedKW", B.MAX_POWER_KW],
  ["agents.1.dataCenters.0.wind.meanSpeedMS", B.MAX_WIND_SPEED_MS],
  ["agents.1.dataCenters.0.wind.weibullK", B.MAX_WEIBULL_K],
  ["agents.1.dataCenters.0.cooling.loadFactor", B.MAX_COP],
  ["agents.1.dataCenters.0.cooling.chillerCop", B.MAX_COP],
  ["agents.1.dataCenters.0.cooling.absorption.cop", B.MAX_COP],
  ["agents.1.dataCenters.0.cooling.absorption.maxCoolingKW", B.MAX_POWER_KW],
  ["agents.1.dataCenters.0.cooling.absorption.boiler.gasPricePerKWh", B.MAX_PRICE_PER_KWH],
  ["agents.1.dataCenters.0.cooling.absorption.boiler.maxHeatKW", B.MAX_POWER_KW],
  ["agents.2.residential.meanKW", B.MAX_POWER_KW],
  ["agents.2.commercial.meanKW", B.MAX_POWER_KW],
  ["agents.2.industrial.meanKW", B.MAX_POWER_KW],
  ["agents.2.generator.maxKW", B.MAX_POWER_KW],
  ["agents.2.generator.costPerHourRunning", B.MAX_AMOUNT],
  ["agents.2.generator.costPerKWh", B.MAX_PRICE_PER_KWH],
  ["agents.2.generator.rampKWPerStep", B.MAX_POWER_KW],
  ["agents.2.gridTieKW", B.MAX_POWER_KW],
  ["agents.2.valueOfLostLoadPerKWh", B.MAX_PRICE_PER_KWH],
  ["agents.2.pv.kWp", B.MAX_POWER_KW],
  ["agents.2.wind.ratedKW", B.MAX_POWER_KW],
  ["agents.3.baseLoad.meanKW", B.MAX_POWER_KW],
  ["agents.3.batteries.0.energyKWh", B.MAX_ENERGY_KWH],
  ["agents.3.batteries.0.powerKW", B.MAX_POWER_KW],
  ["agents.3.shiftableLoads.0.maxKW", B.MAX_POWER_KW],
  ["agents.3.evs.0.maxKW", B.MAX_POWER_KW],
];

// [dotted path, its lower bound]; at-bounds.json holds each at that bound.
const LOWER: readonly (readonly [string, number])[] = [
  ["tariff.sell", -B.MAX_PRICE_PER_KWH],
  ["agents.1.dataCenters.0.pue.aboveC", B.MIN_TEMPERATURE_C],
];

/** Just past `bound`, away from zero: the next representable steps would be lost in rounding, so one part in 1e9. */
const beyond = (bound: number, up: boolean) => (up ? bound + Math.max(Math.abs(bound) * 1e-9, 1e-9) : bound - Math.max(Math.abs(bound) * 1e-9, 1e-9));

describe("physical magnitudes have bounds", () => {
  it("every number in the scenario's JSON Schema has a finite maximum (shown by `sesame schema`)", () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== "object" || node === null) return;
      const n = node as Record<string, unknown>;
      if ((n["type"] === "number" || n["type"] === "integer") && n["const"] === undefined && n["maximum"] === undefined && n["exclusiveMaximum"] === undefined) unbounded.push(path);
      for (const [key, child] of Object.entries(n)) {
        if (Array.isArray(child)) child.forEach((c, i) => walk(c, `${path}.${key}[${i}]`));
        else walk(child, `${path}.${key}`);
      }
    };
    walk(scenarioJsonSchema(), "$");
    // rentalPeriodSteps is bounded by calendar.steps, which it must divide.
    expect(unbounded.filter((p) => !p.includes("rentalPeriodSteps"))).toEqual([]);
  });

  it("the at-bounds scenario holds every bounded field of the table at its bound, and is valid", () => {
    for (const [path, bound] of [...UPPER, ...LOWER]) {
      const value = path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], AT_BOUNDS);
      expect(value, path).toBe(bound);
    }
    expect(issuesOf(AT_BOUNDS)).toEqual([]);
  });

  it.each(UPPER.map(([p, b]) => [p, b]))("%s: just above %s is refused, naming the field", (path, bound) => {
    const issues = issuesOf(withValue(AT_BOUNDS, path, beyond(bound, true)));
    expect(issues.map((i) => i.path)).toContain(issuePath(path));
    expect(issues.find((i) => i.path === issuePath(path))!.expected).toMatch(/≤|<|at most|\]/);
  });

  it.each(LOWER.map(([p, b]) => [p, b]))("%s: just below %s is refused, naming the field", (path, bound) => {
    const issues = issuesOf(withValue(AT_BOUNDS, path, beyond(bound, false)));
    expect(issues.map((i) => i.path)).toContain(issuePath(path));
  });

  it("with every magnitude at its bound at once, a run of four day-long steps keeps every logged number finite", async () => {
    const scenario = validateScenario(AT_BOUNDS);
    const world = buildWorld(scenario, ".");
    const records: LogRecord[] = [];
    const outcome = await runSimulation(world, { onRecord: (r) => records.push(r) });
    expect(outcome.fault).toBeUndefined();
    expect(records.length).toBe(4);
    const numbers: number[] = [];
    JSON.stringify(records, (_key, v: unknown) => {
      if (typeof v === "number") numbers.push(v);
      return v;
    });
    expect(numbers.length).toBeGreaterThan(100);
    expect(numbers.filter((v) => !Number.isFinite(v))).toEqual([]);
    expect(Math.max(...numbers.map(Math.abs))).toBeLessThan(1e30);
  });
});

import { describe, expect, it } from "vitest";
import type { Calendar } from "../../src/core/calendar.js";
import { StorageSchema } from "../../src/lab/scenario-schema.js";
import { capitalRecoveryFactor, providerOffer, providerTerms } from "../../src/agents/index.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario, validateScenario } from "../../src/lab/load-scenario.js";

const daily: Calendar = { start: "2026-01-01T00:00:00Z", steps: 48, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 0 };

describe("storage provider terms", () => {
  it("CRF matches hand values, and 1/n at r = 0", () => {
    // r = 0.06, n = 15: 0.06·1.06^15/(1.06^15 − 1) = 0.102963 (annuity tables).
    expect(capitalRecoveryFactor(0.06, 15)).toBeCloseTo(0.1029628, 6);
    expect(capitalRecoveryFactor(0.1, 1)).toBeCloseTo(1.1, 12);
    expect(capitalRecoveryFactor(0, 20)).toBe(0.05);
  });

  it("floor prices recover annualised capex and O&M split by capex share (hand case)", () => {
    const storage = StorageSchema.parse({
      energyKWh: 1000,
      powerKW: 500,
      economics: { capexPerKWh: 300, capexPerKW: 600, lifetimeYears: 10, discountRate: 0, omPerYear: 3650 },
    });
    const terms = providerTerms(storage, daily);
    // CRF = 0.1; capex E = 300 000, P = 300 000 → O&M split 1825 / 1825; D = 365.
    expect(terms.crf).toBe(0.1);
    expect(terms.annualisedCapex).toBeCloseTo(60_000, 9);
    expect(terms.periodsPerYear).toBe(365);
    expect(terms.omEnergyPerYear).toBeCloseTo(1825, 9);
    expect(terms.omPowerPerYear).toBeCloseTo(1825, 9);
    expect(terms.floor.cE).toBeCloseTo((30_000 + 1825) / (365 * 1000), 12);
    expect(terms.floor.cP).toBeCloseTo((30_000 + 1825) / (365 * 500), 12);
    // Renting everything every period for a year pays back exactly the annual cost.
    expect(terms.floor.cE * 1000 * 365 + terms.floor.cP * 500 * 365).toBeCloseTo(60_000 + 3650, 6);
  });

  it("offers E^max and P^max × oversell in pooled mode, P^max when partitioned, at the floor", () => {
    const pooled = StorageSchema.parse({ energyKWh: 4000, powerKW: 1000, powerOversell: 1.5 });
    const offer = providerOffer(pooled, daily);
    expect(offer).toEqual({ provider: "provider", energyKWh: 4000, powerKW: 1500, reserve: providerTerms(pooled, daily).floor });
    expect(providerOffer({ ...pooled, mode: "partitioned" }, daily).powerKW).toBe(1000);
  });

  it("a built world puts up that offer: P^max × oversell pooled, P^max partitioned", () => {
    const { scenario, dir } = loadScenario("dcc-week");
    for (const [mode, powerKW] of [["pooled", 1.5 * scenario.storage.powerKW], ["partitioned", scenario.storage.powerKW]] as const) {
      const world = buildWorld(validateScenario({ ...scenario, storage: { ...scenario.storage, mode, powerOversell: 1.5 } }), dir);
      expect(world.offer).toEqual({
        provider: world.providerId,
        energyKWh: scenario.storage.energyKWh,
        powerKW,
        reserve: world.providerEconomics.floor,
      });
    }
  });
});

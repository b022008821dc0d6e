import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createStream } from "../../src/core/rng.js";
import { ruleBasedEntry, ruleBasedStorage, ruleBasedStrategy, ruleOfThumbCapacity } from "../../src/agents/index.js";
import { ideal, periodView, stepView } from "./fixtures.js";

const rng = () => createStream("test", "agent:a");

describe("rule-based step rule", () => {
  it("charges in the valley only with a peak ahead, up to P_i and the room left", () => {
    expect(ruleBasedStorage(stepView({ band: "valley", peakAhead: true }))).toEqual({ chargeKW: 2, dischargeKW: 0 });
    expect(ruleBasedStorage(stepView({ band: "valley", peakAhead: false }))).toEqual({ chargeKW: 0, dischargeKW: 0 });
    // 8.5 kWh of a 9 kWh ceiling: only 0.5 kW fits in one hour.
    expect(ruleBasedStorage(stepView({ band: "valley", peakAhead: true, storedKWh: 8.5 })).chargeKW).toBeCloseTo(0.5, 12);
    expect(ruleBasedStorage(stepView({ band: "flat", peakAhead: true }))).toEqual({ chargeKW: 0, dischargeKW: 0 });
  });

  it("stores own surplus in any band, up to the surplus, P_i and the room (after charge losses)", () => {
    expect(ruleBasedStorage(stepView({ netLoadKW: -1.5 }))).toEqual({ chargeKW: 1.5, dischargeKW: 0 });
    expect(ruleBasedStorage(stepView({ netLoadKW: -5, band: "peak" }))).toEqual({ chargeKW: 2, dischargeKW: 0 });
    const storage = { ...ideal, etaCharge: 0.9, socMin: 0.1, socMax: 0.9 };
    expect(ruleBasedStorage(stepView({ netLoadKW: -5, storedKWh: 8.5, storage })).chargeKW).toBeCloseTo(0.5 / 0.9, 12);
  });

  it("discharges at the peak down to the SOC floor, after self-discharge and discharge losses", () => {
    const storage = { ...ideal, etaDischarge: 0.9, selfDischargePerStep: 0.01, socMin: 0.1, socMax: 0.9 };
    const view = stepView({ band: "peak", netLoadKW: 3, storedKWh: 1.5, storage });
    const { chargeKW, dischargeKW } = ruleBasedStorage(view);
    expect(chargeKW).toBe(0);
    expect(dischargeKW).toBeCloseTo((1.485 - 1) * 0.9, 12);
    // e' = (1 − σ)e − d·Δt/η_d lands on the floor s_min·E = 1 kWh.
    expect(0.99 * 1.5 - dischargeKW / 0.9).toBeCloseTo(1, 12);
    expect(ruleBasedStorage(stepView({ band: "peak", netLoadKW: 3, storedKWh: 1, storage })).dischargeKW).toBe(0);
    expect(ruleBasedStorage(stepView({ band: "peak", netLoadKW: 1, storedKWh: 9 })).dischargeKW).toBe(1);
    expect(ruleBasedStorage(stepView({ band: "peak", netLoadKW: 0, storedKWh: 9 })).dischargeKW).toBe(0);
  });

  it("does nothing without capacity", () => {
    const none = { energyKWh: 0, powerKW: 0 };
    for (const band of ["peak", "valley", "flat"] as const) {
      expect(ruleBasedStorage(stepView({ band, peakAhead: true, netLoadKW: -1, capacity: none, storedKWh: 0 }))).toEqual({ chargeKW: 0, dischargeKW: 0 });
    }
  });

  it("keeps the partition within its bounds and P_i (property)", () => {
    const arb = fc.record({
      band: fc.constantFrom("peak" as const, "flat" as const, "valley" as const),
      peakAhead: fc.boolean(),
      netLoadKW: fc.double({ min: -10, max: 10, noNaN: true }),
      E: fc.double({ min: 0.1, max: 50, noNaN: true }),
      P: fc.double({ min: 0.1, max: 20, noNaN: true }),
      soc: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      eta: fc.double({ min: 0.7, max: 1, noNaN: true }),
      sigma: fc.double({ min: 0, max: 0.05, noNaN: true }),
      dt: fc.constantFrom(0.25, 0.5, 1),
    });
    fc.assert(
      fc.property(arb, ({ band, peakAhead, netLoadKW, E, P, soc, eta, sigma, dt }) => {
        const storage = { etaCharge: eta, etaDischarge: eta, selfDischargePerStep: sigma, socMin: 0.1, socMax: 0.9, degradationCostPerKWh: 0 };
        const stored = soc * E;
        const view = stepView({ band, peakAhead, netLoadKW, capacity: { energyKWh: E, powerKW: P }, storedKWh: stored, storage, dtHours: dt });
        const { chargeKW: c, dischargeKW: d } = ruleBasedStorage(view);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(P);
        expect(d).toBeLessThanOrEqual(P);
        const next = (1 - sigma) * stored + eta * c * dt - (d * dt) / eta;
        expect(next).toBeLessThanOrEqual(0.9 * E + 1e-9);
        if (d > 0) expect(next).toBeGreaterThanOrEqual(0.1 * E - 1e-9);
      }),
    );
  });
});

describe("rule-based strategy", () => {
  it("orders what is left after storage, drawing one number per step, and keeps its state", () => {
    const strategy = ruleBasedStrategy({ bidJitter: 0 });
    const state = Object.freeze(strategy.initialState());
    const { decision, state: next } = strategy.decide("a", stepView({ band: "valley", peakAhead: true }), state, rng());
    expect(next).toBe(state);
    expect(decision).toEqual({ chargeKW: 2, dischargeKW: 0, order: { agent: "a", side: "buy", kWh: 3, limit: 1 } });
    const sell = strategy.decide("a", stepView({ netLoadKW: -5, dtHours: 0.5 }), state, rng()).decision;
    expect(sell.order).toEqual({ agent: "a", side: "sell", kWh: 1.5, limit: 0.2 });
    const flat = strategy.decide("a", stepView({ band: "peak", netLoadKW: 1, storedKWh: 9 }), state, rng()).decision;
    expect(flat).toEqual({ chargeKW: 0, dischargeKW: 1, order: null });
    expect(strategy.planPeriod("a", periodView([1], [1], [0]), { energyKWh: 1, powerKW: 1 }, state)).toBe(state);
    expect(ruleBasedEntry.create({ bidJitter: 0.1 }, undefined, { id: "a", kind: "prosumer", netLoadKW: new Float64Array(1), series: {} }).name).toBe("rule-based");
  });
});

describe("rule-based best response (rule of thumb)", () => {
  // Valley 0.2 for two hours, peak 1.0 for two hours with deficits 3 and 2 kW: D = 5 kWh.
  const period = periodView([1, 1, 3, 2], [0.2, 0.2, 1, 1], [0.1, 0.1, 0.1, 0.1]);
  const baseCost = 0.2 * 2 + 1 * 5;

  it("sizes E to the peak deficit energy and P to the peak deficit, renting when the saving beats the rent", () => {
    const choice = ruleOfThumbCapacity(period, { cE: 0.1, cP: 0.2 });
    expect(choice.energyKWh).toBeCloseTo(5, 12);
    expect(choice.powerKW).toBe(3);
    // Saving: 5 kWh moved from 1.0 to 0.2 = 4; rent 0.5 + 0.6.
    expect(choice.expectedCost).toBeCloseTo(baseCost - 4 + 1.1, 12);
  });

  it("rents nothing when the rent exceeds the saving", () => {
    expect(ruleOfThumbCapacity(period, { cE: 1, cP: 0.2 })).toEqual({ energyKWh: 0, powerKW: 0, expectedCost: baseCost });
  });

  it("accounts for the SOC window and discharge losses, and caps E", () => {
    const storage = { ...ideal, etaDischarge: 0.9, socMin: 0.1, socMax: 0.9 };
    const sized = ruleOfThumbCapacity({ ...period, storage }, { cE: 0, cP: 0 });
    expect(sized.energyKWh).toBeCloseTo(5 / (0.9 * 0.8), 12);
    const capped = ruleOfThumbCapacity({ ...period, storage, maxEnergyKWh: 4, maxPowerKW: 2.5 }, { cE: 0, cP: 0 });
    expect(capped.energyKWh).toBe(4);
    expect(capped.powerKW).toBe(2.5);
    const shifted = 4 * 0.9 * 0.8;
    expect(capped.expectedCost).toBeCloseTo(baseCost - (shifted * 1 - (shifted / 0.9) * 0.2), 12);
  });

  it("rents nothing under a flat tariff", () => {
    expect(ruleOfThumbCapacity(periodView([1, 3], [0.5, 0.5], [0.1, 0.1]), { cE: 0, cP: 0 }).energyKWh).toBe(0);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { createStream } from "../../src/core/rng.js";
import { lpOptimalEntry, lpOptimalStrategy, solvePeriodLp, type LpOptimalState } from "../../src/agents/index.js";
import { ideal, periodView, stepView } from "./fixtures.js";

beforeAll(async () => {
  await loadLpSolver();
});

const storage = { ...ideal, etaCharge: 0.9, etaDischarge: 0.9 };
// Valley then peak, 1 kW each: the plan charges 1/0.81 kW, then discharges 1 kW.
const period = periodView([1, 1], [0.1, 1], [0, 0], { storage, firstStep: 24 });
const capacity = { energyKWh: 1 / 0.9, powerKW: 1 / 0.81 };
const strategy = lpOptimalStrategy({ bidJitter: 0 });
const rng = () => createStream("test", "agent:a");
const step = (stepInPeriod: number, storedKWh: number, netLoadKW = 1) =>
  stepView({ t: 24 + stepInPeriod, stepInPeriod, stepsInPeriod: 2, netLoadKW, capacity, storedKWh, storage, tariff: { buy: 1, sell: 0 } });

describe("lp-optimal strategy", () => {
  it("best response is the LP with E, P free", () => {
    const prices = { cE: 0.001, cP: 0.001 };
    const lp = solvePeriodLp(period, { prices });
    expect(strategy.bestResponse("a", period, prices, strategy.initialState())).toEqual({
      energyKWh: lp.energyKWh,
      powerKW: lp.powerKW,
      expectedCost: lp.objective,
    });
  });

  it("plans with the held capacity and follows the plan step by step", () => {
    const initial = Object.freeze(strategy.initialState());
    const planned = strategy.planPeriod("a", period, capacity, initial);
    expect(initial.plan).toBeNull();
    expect(planned.plan!.firstStep).toBe(24);
    const first = strategy.decide("a", step(0, 0), planned, rng());
    expect(first.state).toBe(planned);
    expect(first.decision.chargeKW).toBeCloseTo(1 / 0.81, 9);
    expect(first.decision.dischargeKW).toBeCloseTo(0, 9);
    expect(first.decision.order!.side).toBe("buy");
    expect(first.decision.order!.kWh).toBeCloseTo(1 + 1 / 0.81, 9);
    const second = strategy.decide("a", step(1, 1 / 0.9), planned, rng());
    expect(second.decision.dischargeKW).toBeCloseTo(1, 9);
    expect(second.decision.order).toBeNull();
  });

  it("clamps the plan to what the partition can do now", () => {
    const planned = strategy.planPeriod("a", period, capacity, strategy.initialState());
    // Only 0.5 kWh stored instead of 1/0.9: at most 0.45 kW can come out.
    const short = strategy.decide("a", step(1, 0.5), planned, rng()).decision;
    expect(short.dischargeKW).toBeCloseTo(0.45, 12);
    expect(short.order!.kWh).toBeCloseTo(0.55, 12);
  });

  it("plans all zero without capacity, and ignores a plan made for another period", () => {
    const zero = strategy.planPeriod("a", period, { energyKWh: 0, powerKW: 0 }, strategy.initialState());
    expect(zero.plan).toEqual({ firstStep: 24, chargeKW: [0, 0], dischargeKW: [0, 0] });
    const planned = strategy.planPeriod("a", period, capacity, strategy.initialState());
    const stale: LpOptimalState = { plan: { ...planned.plan!, firstStep: 0 } };
    expect(strategy.decide("a", step(0, 0), stale, rng()).decision).toMatchObject({ chargeKW: 0, dischargeKW: 0 });
    expect(strategy.decide("a", step(0, 0), strategy.initialState(), rng()).decision.chargeKW).toBe(0);
  });

  it("is what the registry builds for lp-optimal, and its state logs as plain JSON", () => {
    const s = lpOptimalEntry.create({ bidJitter: 0.05 }, undefined, { id: "a", kind: "prosumer", netLoadKW: new Float64Array(1), series: {} });
    expect(s.name).toBe("lp-optimal");
    const planned = strategy.planPeriod("a", period, capacity, strategy.initialState());
    expect(JSON.parse(JSON.stringify(planned))).toEqual(planned);
  });
});

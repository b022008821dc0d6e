import { scenarioFolderInputs } from "../../src/core/input-source.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Calendar } from "../../src/core/calendar.js";
import { loadLpSolver } from "../../src/core/lp.js";
import { createStream } from "../../src/core/rng.js";
import { EXTERNAL_ACCOUNT } from "../../src/market/types.js";
import { VppSchema } from "../../src/agents/index.js";
import { buildVpp, solveVppPeriodLp, portfolioLpStrategy, type AgentModel, type VppState } from "../../src/agents/index.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";
import { periodView, stepView } from "./fixtures.js";
import { TWO_JUNE_DAYS } from "../support/scenarios.js";

beforeAll(async () => {
  await loadLpSolver();
});

const day: Calendar = { start: "2026-06-01T00:00:00Z", steps: 48, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 0 };
const ctx = { calendar: day, latitudeDeg: 31, rootSeed: "7", inputs: scenarioFolderInputs(".") };
const none = { capacity: { energyKWh: 0, powerKW: 0 } };
const flat = (x: number, n = 24) => new Array<number>(n).fill(x);

/** The VPP's first-day period view at the given prices. */
function dayOne(model: AgentModel, buy: number[]) {
  return periodView(Array.from(model.netLoadKW.subarray(0, 24)), buy, flat(0), { flexibility: model.flexibility! });
}

describe("VPP model", () => {
  it("net load = base − PV − wind + shiftable and EV energy on the naive schedule (as early as possible)", () => {
    const spec = VppSchema.parse({
      id: "vpp",
      kind: "vpp",
      pv: { kWp: 10 },
      shiftableLoads: [{ energyKWh: 5, windowStartHour: 10, windowEndHour: 14, maxKW: 2 }],
      evs: [{ arrivalHour: 18, departureHour: 7, energyKWh: 12, maxKW: 7 }],
    });
    const model = buildVpp(spec, ctx);
    const s = model.series;
    expect(Array.from(s.shiftableNaiveKW!.subarray(8, 15))).toEqual([0, 0, 2, 2, 1, 0, 0]);
    expect(Array.from(s.evNaiveKW!.subarray(17, 21))).toEqual([0, 7, 5, 0]);
    // The window that opened the evening before step 0 is counted as already served by the naive schedule.
    expect(Array.from(s.evNaiveKW!.subarray(0, 7))).toEqual(flat(0, 7));
    for (let t = 0; t < 48; t++) {
      expect(model.netLoadKW[t]).toBeCloseTo(s.baseLoadKW![t]! - s.pvKW![t]! - s.windKW![t]! + s.shiftableNaiveKW![t]! + s.evNaiveKW![t]!, 9);
    }
    expect(() => VppSchema.parse({ id: "v", kind: "vpp", evs: [{ arrivalHour: 8, departureHour: 10, energyKWh: 20, maxKW: 7 }] })).toThrow(/fit/);
  });
});

describe("VPP period LP", () => {
  const spec = VppSchema.parse({
    id: "vpp",
    kind: "vpp",
    evs: [{ arrivalHour: 8, departureHour: 18, energyKWh: 20, maxKW: 5 }],
    shiftableLoads: [{ energyKWh: 6, windowStartHour: 10, windowEndHour: 14, maxKW: 3 }],
  });
  const model = buildVpp(spec, ctx);
  // Cheap 13:00–17:00 and at 12:00; dear elsewhere.
  const buy = flat(1).map((p, h) => (h >= 13 && h < 17 ? 0.2 : h === 12 ? 0.5 : p));

  it("the EV gets its energy by departure, in the cheapest hours of its window", () => {
    const plan = solveVppPeriodLp(dayOne(model, buy), none);
    const ev = plan.deferrableKW[1]!;
    expect(ev.reduce((a, b) => a + b, 0)).toBeCloseTo(20, 6);
    ev.forEach((x, h) => {
      if (h >= 13 && h < 17) expect(x).toBeCloseTo(5, 6);
      else expect(x).toBeCloseTo(0, 6);
    });
  });

  it("the shiftable load is delivered inside its window, where it is cheapest; the load shift nets to zero", () => {
    const plan = solveVppPeriodLp(dayOne(model, buy), none);
    const load = plan.deferrableKW[0]!;
    expect(load.reduce((a, b) => a + b, 0)).toBeCloseTo(6, 6);
    load.forEach((x, h) => {
      if (h < 10 || h >= 14) expect(x).toBe(0);
    });
    expect(load[12]).toBeCloseTo(3, 6);
    expect(load[13]).toBeCloseTo(3, 6);
    expect(plan.loadShiftKW.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
  });

  it("own batteries buy low and sell high, keep their energy over the period, and the strategy keeps their SOC", () => {
    const withBattery = buildVpp(VppSchema.parse({ id: "vpp", kind: "vpp", batteries: [{ energyKWh: 10, powerKW: 5, efficiency: 1, initialSoc: 0.2 }] }), ctx);
    const prices = flat(1).map((p, h) => (h < 6 ? 0.2 : p));
    const period = dayOne(withBattery, prices);
    const plan = solveVppPeriodLp(period, none);
    expect(plan.batteryStoredKWh[0]![0]).toBeCloseTo(2, 9);
    expect(Math.max(...plan.batteryStoredKWh[0]!)).toBeCloseTo(10, 6);
    expect(plan.batteryStoredKWh[0]![24]!).toBeGreaterThanOrEqual(2 - 1e-6);

    const strategy = portfolioLpStrategy({ bidJitter: 0 });
    let state: VppState = strategy.planPeriod("vpp", period, { energyKWh: 0, powerKW: 0 }, strategy.initialState());
    const socs: number[] = [];
    for (let t = 0; t < 24; t++) {
      const view = stepView({
        t,
        stepInPeriod: t,
        stepsInPeriod: 24,
        netLoadKW: withBattery.netLoadKW[t]!,
        capacity: { energyKWh: 0, powerKW: 0 },
        storedKWh: 0,
        flexibility: withBattery.flexibility!,
        tariff: { buy: prices[t]!, sell: 0 },
      });
      const { decision, state: next } = strategy.decide("vpp", view, state, createStream("t", "vpp"));
      const shift = decision.loadShiftKW ?? 0;
      const position = (withBattery.netLoadKW[t]! + shift) * 1;
      expect(decision.order === null ? 0 : decision.order.side === "buy" ? decision.order.kWh : -decision.order.kWh).toBeCloseTo(position, 9);
      expect(next.batteryKWh![0]).toBeCloseTo(state.batteryKWh![0]! + shift, 9);
      socs.push(next.batteryKWh![0]!);
      state = next;
    }
    expect(Math.max(...socs)).toBeCloseTo(10, 6);
    expect(JSON.parse(JSON.stringify(state)).batteryKWh).toHaveLength(1);
  });
});

describe("a microgrid and a VPP through the engine", () => {
  it("completes 48 steps with energy and money conserved; generator fuel is paid to the external account", async () => {
    const scenario = validateScenario({
      name: "mg-vpp",
      ...TWO_JUNE_DAYS,
      storage: { energyKWh: 500, powerKW: 150 },
      market: { rental: { mechanism: "posted", params: {} }, energy: { mechanism: "uniform", params: { k: 0.5 } } },
      agents: [
        {
          id: "mg",
          kind: "microgrid",
          strategy: "lp-optimal",
          residential: { generator: "residential", meanKW: 30 },
          commercial: { generator: "commercial", meanKW: 40 },
          industrial: { generator: "industrial", meanKW: 60 },
          pv: { kWp: 60 },
          generator: { maxKW: 40, costPerHourRunning: 2, costPerKWh: 0.55, rampKWPerStep: 15 },
          gridTieKW: 150,
        },
        {
          id: "mg-rule",
          kind: "microgrid",
          strategy: "rule-based",
          industrial: { generator: "industrial", meanKW: 30, shifts: 3 },
          generator: { maxKW: 20, costPerKWh: 0.6 },
        },
        {
          id: "vpp",
          kind: "vpp",
          strategy: "lp-optimal",
          baseLoad: { generator: "residential", meanKW: 15 },
          pv: { kWp: 20 },
          wind: { ratedKW: 10 },
          batteries: [{ energyKWh: 20, powerKW: 5 }],
          shiftableLoads: [{ energyKWh: 8, windowStartHour: 9, windowEndHour: 17, maxKW: 3 }],
          evs: [{ arrivalHour: 8, departureHour: 18, energyKWh: 15, maxKW: 7 }],
        },
        { id: "pros", kind: "prosumer", count: 3, pv: { kWp: 5 } },
      ],
    });
    const world = buildWorld(scenario, ".");
    const log: StepBody[] = [];
    const outcome = await runSimulation(world, { onRecord: (r: LogRecord) => (r.kind === "step" ? log.push(r as LogRecord & StepBody) : undefined) });
    expect(outcome.status).toBe("complete");
    expect(log).toHaveLength(48);
    const dt = 1;
    let fuel = 0;
    for (const r of log) {
      expect(Math.abs(r.checks.energyResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(r.checks.moneyResidual)).toBeLessThan(1e-6);
      const netLoad = world.agents.reduce((s, a) => s + (a.model.netLoadKW[r.t]! + (r.loadShifts[a.model.id] ?? 0)) * dt, 0);
      const storage = r.dispatch.flows.reduce((s, f) => s + (f.chargeKW - f.dischargeKW) * dt, 0);
      const bought = r.orders.filter((o) => o.side === "buy").reduce((s, o) => s + o.kWh, 0);
      const sold = r.orders.filter((o) => o.side === "sell").reduce((s, o) => s + o.kWh, 0);
      const imbalance = r.imbalances.reduce((s, i) => s + i.kWh, 0);
      // What a grid tie cut closes the balance too: load shed counts as served, spilled generation as placed.
      const tieCut = (r.gridTieCuts ?? []).reduce((s, c) => s + c.shedKWh - c.spilledKWh, 0);
      expect(netLoad + storage).toBeCloseTo(bought - sold + imbalance + tieCut, 6);
      for (const p of r.payments.filter((p) => p.reason === "generator-fuel")) {
        expect(p.to).toBe(EXTERNAL_ACCOUNT);
        expect(["mg", "mg-rule"]).toContain(p.from);
        // Fuel paid exactly when the microgrid removed load with its generator.
        expect(r.loadShifts[p.from]).toBeLessThan(0);
        fuel += p.amount;
      }
    }
    expect(fuel).toBeGreaterThan(0);
    expect(log.some((r) => r.payments.some((p) => p.reason === "generator-fuel" && p.from === "mg"))).toBe(true);
    expect(log.some((r) => (r.loadShifts["vpp"] ?? 0) !== 0)).toBe(true);
    expect(log.some((r) => r.strategyStates["vpp"] !== undefined)).toBe(true);
  });
});

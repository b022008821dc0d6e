import { scenarioFolderInputs } from "../../src/core/input-source.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Calendar } from "../../src/core/calendar.js";
import { loadLpSolver } from "../../src/core/lp.js";
import { createStream } from "../../src/core/rng.js";
import { ProsumerSchema } from "../../src/agents/index.js";
import {
  buildProsumers,
  ownBatteryRuleStrategy,
  PROSUMER_STRATEGIES,
  solvePeriodLp,
  solveVppPeriodLp,
  portfolioLpStrategy,
  type AgentModel,
  type OwnBattery,
  type OwnBatteryFlexibility,
  type PeriodView,
  type Strategy,
} from "../../src/agents/index.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";
import { periodView, stepView } from "./fixtures.js";
import { TWO_JUNE_DAYS } from "../support/scenarios.js";

beforeAll(async () => {
  await loadLpSolver();
});

const none = { capacity: { energyKWh: 0, powerKW: 0 } };
const twoDays: Calendar = { start: "2026-06-01T00:00:00Z", steps: 48, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 0 };
const ctx = { calendar: twoDays, latitudeDeg: 31, rootSeed: "7", inputs: scenarioFolderInputs(".") };

/** The state every own-battery strategy keeps: each battery's energy, kWh (null: initial SOC). */
type BatteryState = { readonly batteryKWh: readonly number[] | null };

/** The energy after a step at net charge `shiftKW` under s' = s + √η·c·Δt − d·Δt/√η. */
function expectedEnergy(b: OwnBattery, before: number, shiftKW: number, dt: number): number {
  const eta = Math.sqrt(b.efficiency);
  return before + eta * Math.max(shiftKW, 0) * dt - (Math.max(-shiftKW, 0) * dt) / eta;
}

/** The battery's energy in a strategy state, kWh. */
function energyOf(state: BatteryState, b: OwnBattery): number {
  return state.batteryKWh?.[0] ?? b.initialSoc * b.energyKWh;
}

/** The period view of `model` over [first, first + H) at the given prices. */
function viewOf(model: AgentModel, first: number, buy: readonly number[], sell: readonly number[]): PeriodView {
  const H = buy.length;
  return periodView(Array.from(model.netLoadKW.subarray(first, first + H)), [...buy], [...sell], { firstStep: first, flexibility: model.flexibility! });
}

/**
 * Runs `strategy` for `model` over whole rental periods of `H` steps with no rented capacity:
 * best response, plan, then each step's decision, carrying the state across periods. Returns
 * per step the load shift and the battery's energy before and after.
 */
function drive(strategy: Strategy<BatteryState>, model: AgentModel, H: number, buy: (t: number) => number, sell: (t: number) => number) {
  const steps = model.netLoadKW.length;
  let state = strategy.initialState();
  const trace: { shiftKW: number; before: BatteryState; after: BatteryState; positionKWh: number }[] = [];
  for (let first = 0; first < steps; first += H) {
    const prices = Array.from({ length: H }, (_, t) => buy(first + t));
    const sells = Array.from({ length: H }, (_, t) => sell(first + t));
    const period = viewOf(model, first, prices, sells);
    strategy.bestResponse(model.id, period, { cE: 100, cP: 100 }, state);
    // A period boundary is where a replay resumes from a logged state: only its JSON survives.
    state = JSON.parse(JSON.stringify(strategy.planPeriod(model.id, period, { energyKWh: 0, powerKW: 0 }, state))) as BatteryState;
    for (let i = 0; i < H; i++) {
      const t = first + i;
      const view = stepView({
        t,
        stepInPeriod: i,
        stepsInPeriod: H,
        netLoadKW: model.netLoadKW[t]!,
        capacity: { energyKWh: 0, powerKW: 0 },
        storedKWh: 0,
        flexibility: model.flexibility!,
        tariff: { buy: buy(t), sell: sell(t) },
      });
      const { decision, state: next } = strategy.decide(model.id, view, state, createStream("t", model.id));
      const positionKWh = decision.order === null ? 0 : decision.order.side === "buy" ? decision.order.kWh : -decision.order.kWh;
      trace.push({ shiftKW: decision.loadShiftKW ?? 0, before: state, after: next, positionKWh });
      state = next;
    }
  }
  return trace;
}

/** A hand-made household: net load per step and one own battery. */
function household(netLoad: number[], battery: OwnBattery): AgentModel {
  const flexibility: OwnBatteryFlexibility = { kind: "own-battery", batteries: [battery] };
  return { id: "home", kind: "prosumer", netLoadKW: Float64Array.from(netLoad), series: {}, flexibility };
}

describe("prosumer model with a battery", () => {
  it("carries the battery as own-battery flexibility; a household without one has no flexibility field", () => {
    const withBattery = buildProsumers(ProsumerSchema.parse({ id: "h", kind: "prosumer", pv: { kWp: 4 }, battery: { energyKWh: 10, powerKW: 3 } }), ctx)[0]!;
    expect(withBattery.flexibility).toEqual({ kind: "own-battery", batteries: [{ energyKWh: 10, powerKW: 3, efficiency: 0.9, initialSoc: 0.5 }] });
    const without = buildProsumers(ProsumerSchema.parse({ id: "h", kind: "prosumer", pv: { kWp: 4 } }), ctx)[0]!;
    expect("flexibility" in without).toBe(false);
    // The battery changes nothing of the profile: same streams, same net load.
    expect(Array.from(withBattery.netLoadKW)).toEqual(Array.from(without.netLoadKW));
  });
});

describe("hand case: PV surplus at noon, dear evening", () => {
  // Steps: morning, two PV-surplus hours, afternoon, two evening hours.
  const netLoad = [0.5, -2, -2, 0.5, 2, 2];
  const buy = [1, 1, 1, 1, 2, 2];
  const sell = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
  const battery: OwnBattery = { energyKWh: 4, powerKW: 2, efficiency: 1, initialSoc: 0 };
  const model = household(netLoad, battery);

  it("the LP stores the whole surplus and sells it back against the two dearest evening hours", () => {
    const plan = solveVppPeriodLp(viewOf(model, 0, buy, sell), none);
    plan.batteryNetKW[0]!.forEach((x, t) => expect(x).toBeCloseTo([0, 2, 2, 0, -2, -2][t]!, 6));
    expect(plan.batteryStoredKWh[0]![3]).toBeCloseTo(4, 6);
    // Only the morning and afternoon half-kWh are bought; without the battery: 0.5 + 0.5 + 2·2·2 − 4·0.1.
    expect(plan.objective).toBeCloseTo(1, 6);
    expect(solvePeriodLp(periodView(netLoad, buy, sell), none).objective).toBeCloseTo(8.6, 6);
  });

  it("the LP strategy follows the plan: evening load covered from the noon surplus", () => {
    const trace = drive(portfolioLpStrategy({ bidJitter: 0 }) as Strategy<BatteryState>, model, 6, (t) => buy[t]!, (t) => sell[t]!);
    trace.forEach((s, t) => expect(s.shiftKW).toBeCloseTo([0, 2, 2, 0, -2, -2][t]!, 6));
    trace.forEach((s, t) => expect(s.positionKWh).toBeCloseTo([0.5, 0, 0, 0.5, 0, 0][t]!, 6));
  });

  it("the rule-based strategy stores the surplus and spends it on the next load (self-consumption)", () => {
    const trace = drive(ownBatteryRuleStrategy({ bidJitter: 0 }) as Strategy<BatteryState>, model, 6, (t) => buy[t]!, (t) => sell[t]!);
    expect(trace.map((s) => s.shiftKW)).toEqual([0, 2, 2, -0.5, -2, -1.5]);
    expect(trace.map((s) => energyOf(s.after, battery))).toEqual([0, 2, 4, 3.5, 1.5, 0]);
    // Never to or from the grid: the position keeps the net load's sign and only shrinks.
    trace.forEach((s, t) => expect(Math.abs(s.positionKWh)).toBeLessThanOrEqual(Math.abs(netLoad[t]!) + 1e-12));
  });
});

describe("battery energy is conserved step by step, across rental periods", () => {
  const spec = ProsumerSchema.parse({ id: "h", kind: "prosumer", pv: { kWp: 5 }, battery: { energyKWh: 6, powerKW: 2, efficiency: 0.81, initialSoc: 0.3 } });
  const model = buildProsumers(spec, ctx)[0]!;
  const battery: OwnBattery = { energyKWh: 6, powerKW: 2, efficiency: 0.81, initialSoc: 0.3 };
  const buy = (t: number) => (t % 24 >= 17 && t % 24 < 22 ? 1.2 : t % 24 < 7 ? 0.3 : 0.7);
  const sell = () => 0.05;

  for (const name of ["lp-optimal", "rule-based"] as const) {
    it(`${name}: s(t+1) = s(t) + √η·c·Δt − d·Δt/√η with 0 ≤ s ≤ E, the state carried over the period boundary`, () => {
      const trace = drive(PROSUMER_STRATEGIES.find((s) => s.name === name)!.create({ bidJitter: 0 }, undefined, model) as Strategy<BatteryState>, model, 24, buy, sell);
      expect(trace).toHaveLength(48);
      for (let t = 0; t < 48; t++) {
        const { before, after, shiftKW, positionKWh } = trace[t]!;
        expect(energyOf(after, battery)).toBeCloseTo(expectedEnergy(battery, energyOf(before, battery), shiftKW, 1), 9);
        expect(energyOf(after, battery)).toBeGreaterThanOrEqual(-1e-9);
        expect(energyOf(after, battery)).toBeLessThanOrEqual(6 + 1e-9);
        expect(Math.abs(shiftKW)).toBeLessThanOrEqual(2 + 1e-9);
        expect(positionKWh).toBeCloseTo(model.netLoadKW[t]! + shiftKW, 9);
        if (t > 0) expect(energyOf(before, battery)).toBe(energyOf(trace[t - 1]!.after, battery));
      }
      // The battery did work on both days (the second period started from the first one's end).
      expect(trace.slice(0, 24).some((s) => s.shiftKW !== 0)).toBe(true);
      expect(trace.slice(24).some((s) => s.shiftKW !== 0)).toBe(true);
    });
  }

  it("the second period's LP starts from the energy the first one left", () => {
    const strategy = portfolioLpStrategy({ bidJitter: 0 });
    const trace = drive(strategy as Strategy<BatteryState>, model, 24, buy, sell);
    const carried = energyOf(trace[23]!.after, battery);
    const period = viewOf(model, 24, Array.from({ length: 24 }, (_, t) => buy(24 + t)), Array.from({ length: 24 }, () => 0.05));
    expect(solveVppPeriodLp(period, none, [carried]).batteryStoredKWh[0]![0]).toBeCloseTo(carried, 9);
  });
});

describe("a battery never costs a household more under the LP", () => {
  it("best-response cost with the battery ≤ without, on each of two days and several rental prices", () => {
    const model = buildProsumers(ProsumerSchema.parse({ id: "h", kind: "prosumer", pv: { kWp: 3 }, battery: { energyKWh: 5, powerKW: 2 } }), ctx)[0]!;
    const buy = Array.from({ length: 24 }, (_, h) => (h >= 17 && h < 22 ? 1.2 : h < 7 ? 0.3 : 0.7));
    const sell = new Array<number>(24).fill(0.25);
    for (const first of [0, 24]) {
      const withBattery = viewOf(model, first, buy, sell);
      const { flexibility: _f, ...without } = withBattery;
      for (const prices of [{ cE: 0, cP: 0 }, { cE: 0.05, cP: 0.02 }, { cE: 10, cP: 10 }]) {
        const own = solveVppPeriodLp(withBattery, { prices }).objective;
        const plain = solvePeriodLp(without, { prices }).objective;
        expect(own).toBeLessThanOrEqual(plain + 1e-9);
      }
      expect(solveVppPeriodLp(withBattery, none).objective).toBeLessThan(solvePeriodLp(without, none).objective - 1e-3);
    }
  });
});

describe("households with batteries through the engine", () => {
  it("48 steps: conservation checks pass and each battery's logged energy follows its load shift", async () => {
    const battery = { energyKWh: 8, powerKW: 3, efficiency: 0.85, initialSoc: 0.4 };
    const scenario = validateScenario({
      name: "prosumer-batteries",
      ...TWO_JUNE_DAYS,
      seed: "5",
      storage: { energyKWh: 50, powerKW: 20 },
      market: { rental: { mechanism: "posted", params: {} }, energy: { mechanism: "uniform", params: { k: 0.5 } } },
      agents: [
        { id: "lp", kind: "prosumer", strategy: "lp-optimal", count: 3, pv: { kWp: 4 }, battery },
        { id: "rule", kind: "prosumer", strategy: "rule-based", count: 3, pv: { kWp: 4 }, battery },
        { id: "plain", kind: "prosumer", count: 2, pv: { kWp: 4 } },
      ],
    });
    const world = buildWorld(scenario, ".");
    const log: StepBody[] = [];
    const outcome = await runSimulation(world, { onRecord: (r: LogRecord) => (r.kind === "step" ? log.push(r as LogRecord & StepBody) : undefined) });
    expect(outcome.status).toBe("complete");
    expect(log).toHaveLength(48);
    const withBattery = world.agents.filter(({ model }) => model.flexibility?.kind === "own-battery").map(({ model }) => model.id);
    expect(withBattery).toEqual(["lp-001", "lp-002", "lp-003", "rule-001", "rule-002", "rule-003"]);
    const last = new Map<string, BatteryState>(withBattery.map((id) => [id, { batteryKWh: null }]));
    for (const r of log) {
      expect(Math.abs(r.checks.energyResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(r.checks.moneyResidual)).toBeLessThan(1e-6);
      for (const id of withBattery) {
        const before = last.get(id)!;
        const after = (r.strategyStates[id] as BatteryState | undefined) ?? before;
        const shift = r.loadShifts[id] ?? 0;
        expect(energyOf(after, battery)).toBeCloseTo(expectedEnergy(battery, energyOf(before, battery), shift, 1), 6);
        last.set(id, after);
      }
      // Households without a battery move no load and log no strategy state (as before batteries existed).
      expect(r.loadShifts["plain-001"]).toBeUndefined();
      expect(r.strategyStates["plain-001"]).toBeUndefined();
    }
    for (const id of withBattery) expect(log.some((r) => (r.loadShifts[id] ?? 0) !== 0)).toBe(true);
  });
});

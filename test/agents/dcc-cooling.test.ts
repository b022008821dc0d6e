import { scenarioFolderInputs } from "../../src/core/input-source.js";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { createStream } from "../../src/core/rng.js";
import type { Calendar } from "../../src/core/calendar.js";
import { EXTERNAL_ACCOUNT, GRID_ACCOUNT } from "../../src/market/types.js";
import { DccOperatorSchema } from "../../src/agents/index.js";
import { buildDccOperator, naiveCooling, type CoolingParams, type DataCenterFlexibility, type DccFlexibility } from "../../src/agents/index.js";
import { solveDccPeriodLp } from "../../src/agents/kinds/dcc-operator/lp.js";
import { lpOptimalStrategy } from "../../src/agents/strategies/lp-optimal.js";
import { DCC_LP } from "../../src/agents/kinds/dcc-operator/strategies.js";
import type { AgentBuildContext } from "../../src/agents/context.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";
import { dataCenter as dc, periodView, stepView } from "./fixtures.js";
import { DCC_TWO_DAYS } from "../support/scenarios.js";

beforeAll(async () => {
  await loadLpSolver();
});

const none = { capacity: { energyKWh: 0, powerKW: 0 } };


function flexibility(dataCenters: readonly DataCenterFlexibility[], extra: Partial<Omit<DccFlexibility, "kind" | "dataCenters">> = {}): DccFlexibility {
  return { kind: "dcc", dataCenters, migrationBandwidthKW: 0, interconnectKW: Infinity, ...extra };
}

/** The profile's net load: batch on arrival at its own DC, naive cooling. */
function profileNet(flex: DccFlexibility, n: number): number[] {
  return Array.from({ length: n }, (_, t) =>
    flex.dataCenters.reduce((s, d) => {
      const it = d.interactiveKW[t]! + d.batchKW[t]!;
      const chiller = d.cooling ? naiveCooling(d.cooling, it).chillerKW : 0;
      return s + it * d.pue[t]! + chiller - d.windKW[t]!;
    }, 0),
  );
}

/** 10 kW_th of cooling per 10 kW of IT; no free waste heat; a boiler at gas price `gas` drives an absorption chiller of COP 0.5. */
const boilerOnly = (gas: number): CoolingParams => ({
  loadFactor: 1,
  chillerCop: 4,
  absorption: { cop: 0.5, maxCoolingKW: Infinity, wasteHeatRecovery: 0, boiler: { efficiency: 1, gasPricePerKWh: gas, maxHeatKW: Infinity } },
});

describe("DCC cooling plant in the period LP", () => {
  it("runs the boiler when gas is cheap and electricity dear, and its gas cost shows in the plan and in externalCosts (hand case)", () => {
    // Cooling 10 kW_th: electric 10/4 = 2.5 kW_e at 1 → 2.5; absorption needs 10/0.5 = 20 kWh of gas at 0.1 → 2.
    const flex = flexibility([dc(1, { interactive: [10], cooling: boilerOnly(0.1) })]);
    const net = profileNet(flex, 1);
    expect(net[0]).toBeCloseTo(12.5, 12);
    const period = periodView(net, [1], [0], { flexibility: flex });
    const plan = solveDccPeriodLp(period, none);
    expect(plan.chillerKW[0]).toBeCloseTo(0, 9);
    expect(plan.absorptionCoolingKW[0]).toBeCloseTo(10, 9);
    expect(plan.boilerGasKW[0]).toBeCloseTo(20, 9);
    expect(plan.externalCostPerStep![0]).toBeCloseTo(2, 9);
    expect(plan.objective).toBeCloseTo(10 + 2, 9);
    // Facility power drops by the chiller's 2.5 kW against the profile.
    expect(plan.loadShiftKW[0]).toBeCloseTo(-2.5, 9);

    const strategy = lpOptimalStrategy({ bidJitter: 0 }, DCC_LP);
    const state = strategy.planPeriod("dcc", period, { energyKWh: 0, powerKW: 0 }, strategy.initialState());
    const view = stepView({ t: 0, stepInPeriod: 0, stepsInPeriod: 1, netLoadKW: net[0]!, capacity: { energyKWh: 0, powerKW: 0 }, storedKWh: 0, flexibility: flex });
    const decision = strategy.decide("dcc", view, state, createStream("t", "a")).decision;
    expect(decision.externalCosts).toHaveLength(1);
    expect(decision.externalCosts![0]!.reason).toBe("gas");
    expect(decision.externalCosts![0]!.amount).toBeCloseTo(2, 9);
    expect(decision.order!.kWh).toBeCloseTo(10, 9);
    expect(decision.unnettedKW).toBeUndefined();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it("keeps the electric chiller when electricity is cheap: no gas, no external cost", () => {
    // Electric 2.5 kW_e at 0.5 → 1.25 beats 20 kWh of gas at 0.1 → 2.
    const flex = flexibility([dc(1, { interactive: [10], cooling: boilerOnly(0.1) })]);
    const period = periodView(profileNet(flex, 1), [0.5], [0], { flexibility: flex });
    const plan = solveDccPeriodLp(period, none);
    expect(plan.chillerKW[0]).toBeCloseTo(2.5, 9);
    expect(plan.boilerGasKW[0]).toBeCloseTo(0, 9);
    expect(plan.externalCostPerStep![0]).toBeCloseTo(0, 9);
    expect(plan.loadShiftKW[0]).toBeCloseTo(0, 9);
    const strategy = lpOptimalStrategy({ bidJitter: 0 }, DCC_LP);
    const state = strategy.planPeriod("dcc", period, { energyKWh: 0, powerKW: 0 }, strategy.initialState());
    const view = stepView({ t: 0, stepInPeriod: 0, stepsInPeriod: 1, netLoadKW: 12.5, capacity: { energyKWh: 0, powerKW: 0 }, storedKWh: 0, flexibility: flex });
    expect(strategy.decide("dcc", view, state, createStream("t", "a")).decision.externalCosts).toBeUndefined();
  });

  it("uses no chiller electricity when free waste heat covers the cooling load", () => {
    // Free cooling 0.7 × 0.5 × IT = 0.35·IT ≥ load 0.3·IT.
    const cooling: CoolingParams = {
      loadFactor: 0.3,
      chillerCop: 4,
      absorption: { cop: 0.7, maxCoolingKW: Infinity, wasteHeatRecovery: 0.5, boiler: { efficiency: 0.9, gasPricePerKWh: 0.01, maxHeatKW: Infinity } },
    };
    expect(naiveCooling(cooling, 20)).toEqual({ chillerKW: 0, absorptionCoolingKW: expect.closeTo(6, 12), boilerGasKW: 0 });
    const flex = flexibility([dc(2, { interactive: [20, 10], cooling })]);
    const plan = solveDccPeriodLp(periodView(profileNet(flex, 2), [1, 1], [0, 0], { flexibility: flex }), none);
    for (let t = 0; t < 2; t++) {
      expect(plan.chillerKW[t]).toBeCloseTo(0, 9);
      expect(plan.boilerGasKW[t]).toBeCloseTo(0, 9);
      expect(plan.loadShiftKW[t]).toBeCloseTo(0, 9);
    }
    expect(plan.absorptionCoolingKW[0]).toBeCloseTo(6, 9);
    expect(plan.objective).toBeCloseTo(30, 9);
  });

  it("tops up free waste heat with the boiler only up to the absorption chiller's limit", () => {
    // Load 10 kW_th; waste heat 0.2 × 10 × COP 0.5 = 1 kW_th free; absorption limit 6 kW_th → 5 from gas (10 kWh at 0.1 = 1); 4 kW_th electric = 1 kW_e.
    const cooling: CoolingParams = {
      loadFactor: 1,
      chillerCop: 4,
      absorption: { cop: 0.5, maxCoolingKW: 6, wasteHeatRecovery: 0.2, boiler: { efficiency: 1, gasPricePerKWh: 0.1, maxHeatKW: Infinity } },
    };
    const flex = flexibility([dc(1, { interactive: [10], cooling })]);
    const plan = solveDccPeriodLp(periodView(profileNet(flex, 1), [1], [0], { flexibility: flex }), none);
    expect(plan.absorptionCoolingKW[0]).toBeCloseTo(6, 9);
    expect(plan.boilerGasKW[0]).toBeCloseTo(10, 9);
    expect(plan.chillerKW[0]).toBeCloseTo(1, 9);
    expect(plan.objective).toBeCloseTo(10 + 1 + 1, 9);
    // Profile: 1 kW_th absorption, 9 kW_th electric = 2.25 kW_e; the plan saves 1.25 kW_e.
    expect(plan.loadShiftKW[0]).toBeCloseTo(-1.25, 9);
  });
});

describe("DCC migration loss", () => {
  // A has 10 kW of wind and no load; B gets 10 kW of batch due at once; no interconnect, so
  // A's surplus sells at λ^s and B's deficit buys at λ^b. Migrating m kW uses (1 + ℓ)·m at A.
  const solve = (sell: number, loss: number | undefined) => {
    const flex = flexibility([dc(1, { id: "a", wind: [10] }), dc(1, { id: "b", batch: [10] })], {
      migrationBandwidthKW: 10,
      interconnectKW: 0,
      ...(loss !== undefined ? { migrationLossFraction: loss } : {}),
    });
    return solveDccPeriodLp(periodView(profileNet(flex, 1), [1], [sell], { flexibility: flex }), none);
  };

  it("with loss 1.0 no work migrates when λ^b < 2·λ^s, while without loss it all does", () => {
    const lossless = solve(0.6, undefined);
    expect(lossless.migratedKW[0]).toBeCloseTo(10, 9);
    expect(lossless.objective).toBeCloseTo(0, 9);
    const lossy = solve(0.6, 1);
    expect(lossy.migratedKW[0]).toBeCloseTo(0, 9);
    expect(lossy.objective).toBeCloseTo(10 - 6, 9);
  });

  it("with loss 1.0 and λ^b > 2·λ^s half the wind's worth migrates, and the receiving DC runs twice what it received (hand case)", () => {
    const plan = solve(0.4, 1);
    expect(plan.migratedKW[0]).toBeCloseTo(5, 9);
    expect(plan.itKW[0]![0]).toBeCloseTo(10, 9);
    expect(plan.itKW[1]![0]).toBeCloseTo(5, 9);
    expect(plan.objective).toBeCloseTo(5, 9);
    // Load shift is planned minus profile facility power: A +10, B −5.
    expect(plan.loadShiftKW[0]).toBeCloseTo(5, 9);
  });
});

describe("DCC unnetted exchange", () => {
  const sites = (interconnectKW: number) => flexibility([dc(1, { id: "a", wind: [10] }), dc(1, { id: "b", interactive: [10] })], { interconnectKW });

  it("is min(site imports, site exports) of the plan: 10 kW with interconnect 0, 7 kW with 3 kW, none when unlimited", () => {
    const plan = (flex: DccFlexibility) => solveDccPeriodLp(periodView(profileNet(flex, 1), [1], [0.2], { flexibility: flex }), none);
    const stuck = plan(sites(0));
    expect(stuck.unnettedKW![0]).toBeCloseTo(10, 9);
    // Cluster net 0 settles nothing; the unnetted 10 kW costs (1 − 0.2)·10, what the LP's objective prices.
    expect(stuck.objective).toBeCloseTo(10 * (1 - 0.2), 9);
    expect(plan(sites(3)).unnettedKW![0]).toBeCloseTo(7, 9);
    expect(plan(flexibility(sites(0).dataCenters)).unnettedKW).toBeUndefined();
  });

  it("is emitted by lp-optimal's decide and kept in its plan", () => {
    const flex = sites(0);
    const period = periodView(profileNet(flex, 1), [1], [0.2], { flexibility: flex });
    const strategy = lpOptimalStrategy({ bidJitter: 0 }, DCC_LP);
    const state = strategy.planPeriod("dcc", period, { energyKWh: 0, powerKW: 0 }, strategy.initialState());
    expect(state.plan!.unnettedKW).toEqual([expect.closeTo(10, 9)]);
    expect(state.plan!.externalCostPerStep).toBeUndefined();
    const view = stepView({ t: 0, stepInPeriod: 0, stepsInPeriod: 1, netLoadKW: 0, capacity: { energyKWh: 0, powerKW: 0 }, storedKWh: 0, flexibility: flex });
    const decision = strategy.decide("dcc", view, state, createStream("t", "a")).decision;
    expect(decision.unnettedKW).toBeCloseTo(10, 9);
    expect(decision.order).toBeNull();
    expect(decision.externalCosts).toBeUndefined();
  });
});

describe("DCC model with a cooling plant", () => {
  const calendar: Calendar = { start: "2026-07-01T00:00:00Z", steps: 48, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 8 };
  const ctx: AgentBuildContext = { calendar, latitudeDeg: 30, rootSeed: "7", inputs: scenarioFolderInputs(".") };
  const itLoad = { generator: "datacenter-it", meanKW: 400, swing: 0.3, peakHour: 14 } as const;
  const absorption = { cop: 0.7, maxCoolingKW: 100, wasteHeatRecovery: 0.5 };

  it("the naive profile's facility power is IT·PUE + chiller electricity; absorption takes the free waste heat first", () => {
    const spec = DccOperatorSchema.parse({
      id: "dcc",
      kind: "dcc-operator",
      dataCenters: [
        { id: "a", itLoad, pue: 1.1, cooling: { loadFactor: 1, chillerCop: 4, absorption } },
        { id: "b", itLoad, pue: 1.3 },
      ],
    });
    const model = buildDccOperator(spec, ctx);
    // Without a boiler cooling is a fixed term: nothing to plan.
    expect(model.flexibility).toBeUndefined();
    const plain = buildDccOperator(DccOperatorSchema.parse({ ...spec, dataCenters: [spec.dataCenters[1]!] }), ctx);
    const s = model.series;
    for (let t = 0; t < calendar.steps; t++) {
      const itB = plain.series.itLoadKW![t]!;
      const itA = s.itLoadKW![t]! - itB;
      const absorbed = Math.min(itA, 100, 0.7 * 0.5 * itA);
      expect(s.absorptionCoolingKW![t]).toBeCloseTo(absorbed, 9);
      expect(s.chillerKW![t]).toBeCloseTo((itA - absorbed) / 4, 9);
      expect(s.boilerGasKW![t]).toBe(0);
      expect(s.facilityKW![t]).toBeCloseTo(itA * 1.1 + s.chillerKW![t]! + itB * 1.3, 9);
      expect(model.netLoadKW[t]).toBeCloseTo(s.facilityKW![t]!, 9);
    }
    // A cluster without cooling plants logs no cooling series.
    expect(Object.keys(plain.series)).not.toContain("chillerKW");
  });

  it("a boiler makes the cluster flexible and its DC carries the cooling parameters; the migration loss is carried when given", () => {
    const spec = DccOperatorSchema.parse({
      id: "dcc",
      kind: "dcc-operator",
      migrationLossFraction: 0.2,
      dataCenters: [{ id: "a", itLoad, cooling: { absorption: { ...absorption, boiler: { gasPricePerKWh: 0.05 } } } }, { id: "b", itLoad }],
    });
    const flex = buildDccOperator(spec, ctx).flexibility as DccFlexibility;
    expect(flex.kind).toBe("dcc");
    expect(flex.migrationLossFraction).toBe(0.2);
    expect(flex.dataCenters[0]!.cooling).toEqual({
      loadFactor: 1,
      chillerCop: 4,
      absorption: { cop: 0.7, maxCoolingKW: 100, wasteHeatRecovery: 0.5, boiler: { efficiency: 0.9, gasPricePerKWh: 0.05, maxHeatKW: Infinity } },
    });
    expect(flex.dataCenters[1]!.cooling).toBeUndefined();
  });
});

/** A 2-day cluster: east has a boiler-backed absorption chiller, west has wind; `interconnectKW` limits the internal bus. */
function coolingScenario(interconnectKW?: number) {
  return validateScenario({
    name: "dcc-cooling",
    ...DCC_TWO_DAYS,
    agents: [
      {
        id: "dcc",
        kind: "dcc-operator",
        strategy: "lp-optimal",
        migrationBandwidthKW: 50,
        migrationLossFraction: 0.1,
        ...(interconnectKW !== undefined ? { interconnectKW } : {}),
        dataCenters: [
          {
            id: "east",
            itLoad: { generator: "datacenter-it", meanKW: 300, swing: 0.35, peakHour: 11 },
            pue: 1.1,
            batchDeadlineHours: 6,
            // Gas per kW_th of cooling 0.05/(0.9·0.7) ≈ 0.079: cheaper than chiller electricity (λ^b/4) except in the valley.
            cooling: { loadFactor: 1, chillerCop: 4, absorption: { cop: 0.7, wasteHeatRecovery: 0.2, boiler: { efficiency: 0.9, gasPricePerKWh: 0.05, maxHeatKW: 200 } } },
          },
          { id: "west", itLoad: { generator: "datacenter-it", meanKW: 200, swing: 0.3, peakHour: 20 }, pue: 1.3, wind: { ratedKW: 400 } },
        ],
      },
    ],
  });
}

/** Runs `scenario`, checks conservation and the planned position every step, and sums the DCC's payments by reason. */
async function runConserved(scenario: ReturnType<typeof validateScenario>): Promise<Map<string, { to: string; amount: number }[]>> {
  const world = buildWorld(scenario, ".");
  const steps: (LogRecord & StepBody)[] = [];
  const outcome = await runSimulation(world, { onRecord: (r) => (r.kind === "step" ? steps.push(r as LogRecord & StepBody) : undefined), freeze: true });
  expect(outcome.status).toBe("complete");
  const model = world.agents[0]!.model;
  expect(model.series.chillerKW).toBeDefined();
  const dt = world.calendar.stepHours;
  const byReason = new Map<string, { to: string; amount: number }[]>();
  for (const r of steps) {
    expect(Math.abs(r.checks.energyResidualKWh)).toBeLessThan(1e-6);
    expect(Math.abs(r.checks.moneyResidual)).toBeLessThan(1e-6);
    const need = (model.netLoadKW[r.t]! + (r.loadShifts["dcc"] ?? 0)) * dt + r.dispatch.flows.reduce((s, fl) => s + (fl.chargeKW - fl.dischargeKW) * dt, 0);
    const bought = r.orders.filter((o) => o.side === "buy").reduce((s, o) => s + o.kWh, 0);
    const sold = r.orders.filter((o) => o.side === "sell").reduce((s, o) => s + o.kWh, 0);
    expect(need).toBeCloseTo(bought - sold, 6);
    for (const p of r.payments.filter((p) => p.from === "dcc")) byReason.set(p.reason, [...(byReason.get(p.reason) ?? []), { to: p.to, amount: p.amount }]);
  }
  return byReason;
}

describe("a DCC with a cooling plant through the engine", () => {
  it("completes with energy and money conserved, pays gas to the external account and follows the planned position", async () => {
    const payments = await runConserved(coolingScenario());
    const gas = payments.get("gas") ?? [];
    expect(gas.every((p) => p.to === EXTERNAL_ACCOUNT)).toBe(true);
    expect(gas.reduce((s, p) => s + p.amount, 0)).toBeGreaterThan(0);
    expect(payments.get("unnetted-exchange")).toBeUndefined();
  });

  it("with a finite interconnect also pays the unnetted exchange to the grid, money still conserved", async () => {
    const payments = await runConserved(coolingScenario(20));
    const unnetted = payments.get("unnetted-exchange") ?? [];
    expect(unnetted.every((p) => p.to === GRID_ACCOUNT)).toBe(true);
    expect(unnetted.reduce((s, p) => s + p.amount, 0)).toBeGreaterThan(0);
  });
});

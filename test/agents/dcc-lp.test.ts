import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { createStream } from "../../src/core/rng.js";
import { DCC_LP, lpOptimalStrategy, solveDccPeriodLp, solvePeriodLp } from "../../src/agents/index.js";
import type { DataCenterFlexibility, DccFlexibility } from "../../src/agents/index.js";
import { dataCenter as dc, periodView, stepView } from "./fixtures.js";

beforeAll(async () => {
  await loadLpSolver();
});



function flexibility(dataCenters: DataCenterFlexibility[], migrationBandwidthKW = 0, interconnectKW = Infinity): DccFlexibility {
  return { kind: "dcc", dataCenters, migrationBandwidthKW, interconnectKW };
}

/** The profile's net load: every DC serves its batch on arrival. */
function profileNet(flex: DccFlexibility, n: number): number[] {
  return Array.from({ length: n }, (_, t) =>
    flex.dataCenters.reduce((s, d) => s + (d.interactiveKW[t]! + d.batchKW[t]!) * d.pue[t]! - d.windKW[t]!, 0),
  );
}

const none = { capacity: { energyKWh: 0, powerKW: 0 } };

describe("DCC period LP", () => {
  it("is the flexible LP the DCC's LP strategy plans with", () => {
    expect(DCC_LP.solve).toBe(solveDccPeriodLp);
    expect(DCC_LP.kind).toBe("dcc");
  });

  it("moves batch work to the cheap hour within its deadline (hand case)", () => {
    // 10 kW of batch arrives in step 0, due within 3 steps; step 1 is cheap.
    const flex = flexibility([dc(3, { batch: [10, 0, 0], interactive: [5, 5, 5], deadlineSteps: 3 })]);
    const period = periodView(profileNet(flex, 3), [1, 0.2, 1], [0, 0, 0], { flexibility: flex });
    const plan = solveDccPeriodLp(period, none);
    expect(plan.itKW[0]![0]).toBeCloseTo(5, 9);
    expect(plan.itKW[0]![1]).toBeCloseTo(15, 9);
    expect(plan.loadShiftKW[0]).toBeCloseTo(-10, 9);
    expect(plan.loadShiftKW[1]).toBeCloseTo(10, 9);
    expect(plan.loadShiftKW[2]).toBeCloseTo(0, 9);
    expect(plan.objective).toBeCloseTo(5 + 15 * 0.2 + 5, 9);
    // Planned position = profile net + shift, what the engine will see.
    expect(plan.gridImportKW).toEqual(plan.itKW[0]!.map((x) => expect.closeTo(x, 9)));
  });

  it("never serves work before it arrives nor after its deadline", () => {
    // Cheap step 0 comes before the arrival at step 1; the deadline of 2 steps ends before the cheap step 3.
    const flex = flexibility([dc(4, { batch: [0, 10, 0, 0], deadlineSteps: 2 })]);
    const period = periodView(profileNet(flex, 4), [0.1, 1, 0.8, 0.1], [0, 0, 0, 0], { flexibility: flex });
    const plan = solveDccPeriodLp(period, none);
    expect(plan.batchServedKW[0]!.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([0, 0, 10, 0]);
  });

  it("serves everything by the period end even with a deadline beyond it", () => {
    const flex = flexibility([dc(2, { batch: [0, 10], deadlineSteps: 5 })]);
    const period = periodView(profileNet(flex, 2), [1, 1], [0, 0], { flexibility: flex });
    const plan = solveDccPeriodLp(period, none);
    expect(plan.batchServedKW[0]![1]).toBeCloseTo(10, 9);
  });

  it("keeps IT power within the DC's capacity", () => {
    const flex = flexibility([dc(2, { batch: [10, 0], interactive: [6, 6], deadlineSteps: 2, itCapacityKW: 12 })]);
    const period = periodView(profileNet(flex, 2), [1, 0.1], [0, 0], { flexibility: flex });
    const plan = solveDccPeriodLp(period, none);
    expect(plan.itKW[0]![1]).toBeCloseTo(12, 9);
    expect(plan.itKW[0]![0]).toBeCloseTo(10, 9);
  });

  it("migrates work to the DC with wind when the interconnect is 0 (hand case)", () => {
    // A has 10 kW of wind and no load; B gets 10 kW of batch due at once. Without the link, A
    // exports at 0.2 and B imports at 1 (cost 8); migrating B's work to A costs nothing.
    const a = dc(1, { id: "a", wind: [10] });
    const b = dc(1, { id: "b", batch: [10] });
    const linked0 = (bw: number) => {
      const flex = flexibility([a, b], bw, 0);
      return solveDccPeriodLp(periodView(profileNet(flex, 1), [1], [0.2], { flexibility: flex }), none);
    };
    const stuck = linked0(0);
    expect(stuck.objective).toBeCloseTo(10 * 1 - 10 * 0.2, 9);
    const moved = linked0(10);
    expect(moved.objective).toBeCloseTo(0, 9);
    expect(moved.migratedKW[0]).toBeCloseTo(10, 9);
    expect(moved.itKW[0]![0]).toBeCloseTo(10, 9);
    expect(moved.itKW[1]![0]).toBeCloseTo(0, 9);
    // A bandwidth of 4 kW moves only 4 kW.
    const some = linked0(4);
    expect(some.migratedKW[0]).toBeCloseTo(4, 9);
    expect(some.objective).toBeCloseTo(6 * 1 - 6 * 0.2, 9);
    // With an unlimited interconnect the DCs net freely and nothing needs to move.
    const free = flexibility([a, b], 0);
    expect(solveDccPeriodLp(periodView(profileNet(free, 1), [1], [0.2], { flexibility: free }), none).objective).toBeCloseTo(0, 9);
  });

  it("a finite interconnect lets only X kW net inside the cluster", () => {
    const flex = flexibility([dc(1, { id: "a", wind: [10] }), dc(1, { id: "b", interactive: [10] })], 0, 3);
    const plan = solveDccPeriodLp(periodView(profileNet(flex, 1), [1], [0.2], { flexibility: flex }), none);
    // 3 kW nets; B imports 7 at 1, A exports 7 at 0.2.
    expect(plan.objective).toBeCloseTo(7 - 7 * 0.2, 9);
  });

  it("a demand charge caps the cluster's peak import", () => {
    const flex = flexibility([dc(2, { batch: [10, 0], deadlineSteps: 2 })]);
    const flat = periodView(profileNet(flex, 2), [1, 1], [0, 0], { flexibility: flex });
    const charged = { ...flat, demandChargePerKW: 5 };
    const plan = solveDccPeriodLp(charged, none);
    expect(Math.max(...plan.gridImportKW)).toBeCloseTo(5, 9);
    expect(plan.objective).toBeCloseTo(10 + 5 * 5, 9);
    // Finite interconnect: the peak covers the DCs' own imports too.
    const linked = flexibility([dc(2, { batch: [10, 0], deadlineSteps: 2 })], 0, 0);
    const linkedPlan = solveDccPeriodLp({ ...charged, flexibility: linked }, none);
    expect(linkedPlan.objective).toBeCloseTo(10 + 5 * 5, 9);
  });

  it("best response with flexibility costs no more than without, and chooses E, P", () => {
    // Dear then cheap: storage cannot help (it starts at its floor), deferring batch work can.
    const flex = flexibility([dc(4, { interactive: [10, 10, 10, 10], batch: [5, 5, 5, 5], deadlineSteps: 4 })]);
    const period = periodView(profileNet(flex, 4), [1, 1, 0.2, 0.2], [0, 0, 0, 0], { flexibility: flex });
    const prices = { cE: 0.05, cP: 0.05 };
    const rigid = solvePeriodLp({ ...period, flexibility: undefined }, { prices });
    const flexible = solveDccPeriodLp(period, { prices });
    expect(rigid.objective).toBeCloseTo(15 * 2 * 1 + 15 * 2 * 0.2, 9);
    expect(flexible.objective).toBeCloseTo(10 * 2 * 1 + 20 * 2 * 0.2, 9);
    expect(flexible.rentCost).toBeCloseTo(prices.cE * flexible.energyKWh + prices.cP * flexible.powerKW, 9);
  });

  it("with no flexibility used it matches the plain period LP", () => {
    const flex = flexibility([dc(3, { interactive: [4, 8, 2], wind: [1, 0, 5] })]);
    const period = periodView(profileNet(flex, 3), [0.3, 1, 0.7], [0.1, 0.1, 0.1], { flexibility: flex, demandChargePerKW: 0.5 });
    const prices = { cE: 0.01, cP: 0.02 };
    expect(solveDccPeriodLp(period, { prices }).objective).toBeCloseTo(solvePeriodLp(period, { prices }).objective, 6);
  });
});

describe("lp-optimal strategy with a DCC's flexibility", () => {
  const flex = flexibility([dc(3, { batch: [10, 0, 0], interactive: [5, 5, 5], deadlineSteps: 3 })]);
  const net = profileNet(flex, 3);
  const period = periodView(net, [1, 0.2, 1], [0, 0, 0], { flexibility: flex });
  const strategy = lpOptimalStrategy({ bidJitter: 0 }, DCC_LP);

  it("plans the load shift even without capacity and applies it in decide; the order carries the shifted position", () => {
    const state = strategy.planPeriod("dcc", period, { energyKWh: 0, powerKW: 0 }, strategy.initialState());
    expect(state.plan!.loadShiftKW![1]).toBeCloseTo(10, 9);
    const view = (s: number) =>
      stepView({ t: s, stepInPeriod: s, stepsInPeriod: 3, netLoadKW: net[s]!, capacity: { energyKWh: 0, powerKW: 0 }, storedKWh: 0, flexibility: flex });
    const d0 = strategy.decide("dcc", view(0), state, createStream("t", "a")).decision;
    expect(d0.loadShiftKW).toBeCloseTo(-10, 9);
    expect(d0.order!.kWh).toBeCloseTo(5, 9);
    const d1 = strategy.decide("dcc", view(1), state, createStream("t", "a")).decision;
    expect(d1.order!.kWh).toBeCloseTo(15, 9);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it("best response is the flexible LP's", () => {
    const prices = { cE: 0.01, cP: 0.01 };
    const lp = solveDccPeriodLp(period, { prices });
    expect(strategy.bestResponse("dcc", period, prices, strategy.initialState())).toEqual({
      energyKWh: lp.energyKWh,
      powerKW: lp.powerKW,
      expectedCost: lp.objective,
    });
  });
});

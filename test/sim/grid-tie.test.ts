import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario, validateScenario } from "../../src/lab/load-scenario.js";
import { imbalancesWithinTie, orderWithinTie, tieCutRecords } from "../../src/sim/grid-tie.js";
import { completedSteps } from "../support/step-records.js";
import type { World } from "../../src/sim/world.js";

beforeAll(() => loadLpSolver());

const tie = { limitKW: 100, valueOfLostLoadPerKWh: 10 };

describe("grid tie rules", () => {
  it("cuts a buy order to the tie and calls the rest load shed", () => {
    const cut = orderWithinTie({ agent: "mg", side: "buy", kWh: 150, limit: 1 }, tie, 1);
    expect(cut.order.kWh).toBe(100);
    expect(cut.cutKWh).toBe(50);
  });

  it("cuts a sell order to the tie and calls the rest spilled; half-hour steps halve the limit", () => {
    const cut = orderWithinTie({ agent: "mg", side: "sell", kWh: 80, limit: 0.2 }, tie, 0.5);
    expect(cut.order.kWh).toBe(50);
    expect(cut.cutKWh).toBe(-30);
  });

  it("leaves an order within the tie alone", () => {
    const order = { agent: "mg", side: "buy" as const, kWh: 100, limit: 1 };
    expect(orderWithinTie(order, tie, 1)).toEqual({ order, cutKWh: 0 });
  });

  it("cuts an imbalance that pushes past the tie, never past zero, and never one that pulls back", () => {
    const cuts = new Map<string, number>();
    const orders = [
      { agent: "a", side: "buy" as const, kWh: 90, limit: 1 },
      { agent: "b", side: "buy" as const, kWh: 100, limit: 1 },
      { agent: "c", side: "sell" as const, kWh: 100, limit: 1 },
    ];
    const kept = imbalancesWithinTie(
      [
        { agent: "a", kWh: 30 }, // 120 > 100: 20 shed, 10 kept
        { agent: "b", kWh: 5 }, // order already at the tie: all 5 shed
        { agent: "c", kWh: 40 }, // pulls the export back: kept
        { agent: "free", kWh: 1e6 }, // no tie
      ],
      orders,
      (id) => (id === "free" ? undefined : tie),
      1,
      cuts,
    );
    expect(kept).toEqual([
      { agent: "a", kWh: 10 },
      { agent: "c", kWh: 40 },
      { agent: "free", kWh: 1e6 },
    ]);
    expect(tieCutRecords(cuts)).toEqual([
      { agent: "a", shedKWh: 20, spilledKWh: 0 },
      { agent: "b", shedKWh: 5, spilledKWh: 0 },
    ]);
  });
});

function microgridWorld(tieKW: number | undefined): World {
  const loaded = loadScenario("microgrids");
  const raw = structuredClone(loaded.scenario) as Record<string, any>;
  raw["calendar"].steps = 48;
  for (const agent of raw["agents"]) {
    agent.strategy = "rule-based";
    if (tieKW === undefined) delete agent.gridTieKW;
    else agent.gridTieKW = tieKW;
  }
  raw["agents"][0].valueOfLostLoadPerKWh = 7;
  return buildWorld(validateScenario(raw), loaded.dir);
}


describe("the engine enforces grid ties", () => {
  it("a tight tie sheds load and spills generation, priced at the value of lost load, with energy conserved", async () => {
    const w = microgridWorld(60);
    const log = await completedSteps(w);
    const cuts = log.flatMap((r) => r.gridTieCuts ?? []);
    expect(cuts.some((c) => c.shedKWh > 0)).toBe(true);
    for (const r of log) {
      for (const o of r.orders) expect(o.kWh).toBeLessThanOrEqual(60 * w.calendar.stepHours + 1e-9);
      for (const c of r.gridTieCuts ?? []) {
        const voll = c.agent === "mg-residential" ? 7 : 10;
        const shedPaid = r.payments.filter((p) => p.from === c.agent && p.reason === "load-shed").reduce((s, p) => s + p.amount, 0);
        expect(shedPaid).toBeCloseTo(c.shedKWh * voll, 9);
      }
      expect(r.checks.energyResidualKWh).toBeLessThan(1e-6);
    }
  });

  it("without a tie nothing is cut and the record has no gridTieCuts", async () => {
    const log = await completedSteps(microgridWorld(undefined));
    expect(log.every((r) => r.gridTieCuts === undefined)).toBe(true);
    expect(log.flatMap((r) => r.payments).some((p) => p.reason === "load-shed")).toBe(false);
  });
});

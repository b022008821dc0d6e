import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorld } from "../../src/lab/run-scenario.js";
import { loadLpSolver } from "../../src/core/lp.js";
import { planProviderArbitrage } from "../../src/agents/provider-arbitrage.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario, validateScenario } from "../../src/lab/load-scenario.js";
import type { StepBody } from "../../src/sim/log/step-record.js";
import { completedSteps } from "../support/step-records.js";
import type { World } from "../../src/sim/world.js";

beforeAll(() => loadLpSolver());
const tmp = mkdtempSync(join(tmpdir(), "sesame-arbitrage-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const physics = { etaCharge: 0.95, etaDischarge: 0.95, selfDischargePerStep: 0, socMin: 0.1, socMax: 0.9, degradationCostPerKWh: 0.02 };

describe("planProviderArbitrage (hand cases)", () => {
  it("buys in the cheap hour and sells in the dear one when the spread beats the losses", () => {
    // 100 kWh pool at its floor (10 kWh), 50 kW. Buy at 0.2 in step 0, sell at 1.0 in step 1.
    // Charging 50 kW stores 47.5 kWh (room 80): e_1 = 57.5; selling all of it above the floor
    // needs 47.5·0.95 = 45.125 kW ≤ 50. Profit = 45.125·(1.0 − 0.02) − 50·(0.2 + 0.02) = 33.2225.
    const plan = planProviderArbitrage(0, { dtHours: 1, buyPrice: [0.2, 5], sellPrice: [0.1, 1.0], storage: physics, energyKWh: 100, powerKW: 50, startKWh: 10 });
    expect(plan.chargeKW[0]).toBeCloseTo(50, 6);
    expect(plan.dischargeKW[1]).toBeCloseTo(45.125, 6);
    expect(plan.expectedProfit).toBeCloseTo(33.2225, 6);
  });

  it("stays idle when the round trip loses money (retail tariff: sell below every buy price)", () => {
    const plan = planProviderArbitrage(0, { dtHours: 1, buyPrice: [0.3, 1.2], sellPrice: [0.25, 0.25], storage: physics, energyKWh: 100, powerKW: 50, startKWh: 10 });
    expect(plan.chargeKW.every((c) => c === 0)).toBe(true);
    expect(plan.dischargeKW.every((d) => d === 0)).toBe(true);
    expect(plan.expectedProfit).toBe(0);
  });

  it("sells energy the pool already holds above its floor", () => {
    const plan = planProviderArbitrage(0, { dtHours: 1, buyPrice: [1, 1], sellPrice: [0.5, 0.5], storage: physics, energyKWh: 100, powerKW: 50, startKWh: 30 });
    const sold = plan.dischargeKW.reduce((s, d) => s + d, 0);
    expect(sold).toBeCloseTo((30 - 10) * 0.95, 6);
  });

  it("has nothing to plan without unrented capacity or power", () => {
    const none = planProviderArbitrage(5, { dtHours: 1, buyPrice: [0.2, 5], sellPrice: [0.1, 1], storage: physics, energyKWh: 0, powerKW: 50, startKWh: 0 });
    expect(none).toEqual({ firstStep: 5, powerKW: 50, chargeKW: [0, 0], dischargeKW: [0, 0], expectedProfit: 0 });
  });
});

/** dcc-week with a feed-in tariff that has its own peak, so arbitrage can pay. */
function arbitrageWorld(arbitrage: boolean | undefined, steps = 72): World {
  const loaded = loadScenario("dcc-week");
  const raw = structuredClone(loaded.scenario) as Record<string, any>;
  raw["calendar"].steps = steps;
  raw["tariff"].sell = { peak: 1.1, flat: 0.5, valley: 0.2 };
  if (arbitrage !== undefined) raw["storage"].arbitrage = arbitrage;
  return buildWorld(validateScenario(raw), loaded.dir);
}


describe("provider arbitrage in the engine", () => {
  let on: StepBody[] = [];
  let off: StepBody[] = [];
  let w: World;
  beforeAll(async () => {
    w = arbitrageWorld(true);
    on = await completedSteps(w);
    off = await completedSteps(arbitrageWorld(undefined));
  });

  it("is off unless switched on: no pool flow in the record", () => {
    expect(off.every((r) => r.dispatch.poolFlow === undefined)).toBe(true);
    expect(off.flatMap((r) => r.payments).some((p) => p.reason.startsWith("arbitrage"))).toBe(false);
  });

  it("charges the pool in valley hours and discharges it in peak hours, paid at the tariff", () => {
    const dt = w.calendar.stepHours;
    let charged = 0;
    let discharged = 0;
    for (const r of on) {
      const flow = r.dispatch.poolFlow!;
      expect(flow).toBeDefined();
      if (flow.chargeKW > 0) expect(w.band[r.t]).not.toBe("peak");
      if (flow.dischargeKW > 0) expect(w.band[r.t]).not.toBe("valley");
      charged += flow.chargeKW;
      discharged += flow.dischargeKW;
      const bought = r.payments.filter((p) => p.reason === "arbitrage-import").reduce((s, p) => s + p.amount, 0);
      const sold = r.payments.filter((p) => p.reason === "arbitrage-export").reduce((s, p) => s + p.amount, 0);
      expect(bought).toBeCloseTo(flow.chargeKW * dt * w.buyPrice[r.t]!, 9);
      expect(sold).toBeCloseTo(flow.dischargeKW * dt * w.sellPrice[r.t]!, 9);
    }
    expect(charged).toBeGreaterThan(0);
    expect(discharged).toBeGreaterThan(0);
  });

  it("never curtails a tenant and keeps storage and ledger balanced every step", () => {
    for (const r of on) {
      expect(r.dispatch.curtailments.filter((c) => c.tenant !== w.providerId && c.reason === "physical-power")).toEqual(
        off.find((o) => o.t === r.t)!.dispatch.curtailments.filter((c) => c.reason === "physical-power"),
      );
      expect(Math.abs(r.checks.storageResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(r.checks.moneyResidual)).toBeLessThan(1e-6);
    }
  });

  it("earns the provider money over the run when the feed-in tariff has a spread", () => {
    const net = on.flatMap((r) => r.payments).reduce((s, p) => s + (p.reason === "arbitrage-export" ? p.amount : p.reason === "arbitrage-import" ? -p.amount : 0), 0);
    expect(net).toBeGreaterThan(0);
  });
});

describe("provider arbitrage in the summary", () => {
  it("reports the arbitrage profit and counts it in the provider's profit", async () => {
    const on = await runWorld(arbitrageWorld(true, 48), join(tmp, "on"));
    const off = await runWorld(arbitrageWorld(false, 48), join(tmp, "off"));
    expect(off.summary.provider.arbitrageProfit).toBe(0);
    const p = on.summary.provider;
    expect(p.arbitrageProfit).toBeGreaterThan(0);
    expect(p.profit).toBeCloseTo(p.rentalRevenue + p.degradationFees - p.floorTopUpCost + p.arbitrageProfit - p.degradationCost - p.capexShare - p.omShare, 9);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";
import { DCC_TWO_DAYS } from "../support/scenarios.js";

beforeAll(async () => {
  await loadLpSolver();
});

/** A 2-day DCC-only scenario; `flexible` adds batch deadlines, migration and temperature-driven PUE … or not. */
function scenario(flexible: boolean) {
  const pue = { base: 1.25, perDegreeC: 0.015, aboveC: 22 };
  return validateScenario({
    name: flexible ? "dcc-flex" : "dcc-rigid",
    ...DCC_TWO_DAYS,
    agents: [
      {
        id: "dcc",
        kind: "dcc-operator",
        strategy: "lp-optimal",
        ...(flexible ? { migrationBandwidthKW: 80 } : {}),
        dataCenters: [
          {
            id: "east",
            itLoad: { generator: "datacenter-it", meanKW: 300, swing: 0.35, peakHour: 11 },
            pue,
            ...(flexible ? { batchDeadlineHours: 8 } : {}),
          },
          {
            id: "west",
            itLoad: { generator: "datacenter-it", meanKW: 200, swing: 0.3, peakHour: 20 },
            pue: 1.3,
            wind: { ratedKW: 400, meanSpeedMS: 7.5 },
            ...(flexible ? { batchDeadlineHours: 6, itCapacityKW: 450 } : {}),
          },
        ],
      },
    ],
  });
}

async function run(flexible: boolean) {
  const world = buildWorld(scenario(flexible), ".");
  const records: LogRecord[] = [];
  const outcome = await runSimulation(world, { onRecord: (r) => records.push(r), freeze: true });
  return { world, outcome, steps: records.filter((r): r is LogRecord & StepBody => r.kind === "step") };
}

describe("a flexible DCC through the engine", () => {
  it("completes with energy and money conserved, moves load, and costs no more than the same cluster without flexibility", async () => {
    const flex = await run(true);
    const rigid = await run(false);
    expect(flex.outcome.status).toBe("complete");
    expect(rigid.outcome.status).toBe("complete");
    expect(flex.world.agents[0]!.model.flexibility?.kind).toBe("dcc");
    expect(rigid.world.agents[0]!.model.flexibility).toBeUndefined();
    // Same seed, same profiles: flexibility changes what is drawn, not the profile.
    expect(Array.from(flex.world.agents[0]!.model.netLoadKW)).toEqual(Array.from(rigid.world.agents[0]!.model.netLoadKW));

    const dt = flex.world.calendar.stepHours;
    let moved = 0;
    let shiftSum = 0;
    for (const r of flex.steps) {
      expect(Math.abs(r.checks.energyResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(r.checks.storageResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(r.checks.moneyResidual)).toBeLessThan(1e-6);
      const shift = r.loadShifts["dcc"] ?? 0;
      moved += Math.abs(shift);
      shiftSum += shift;
      const need = (flex.world.agents[0]!.model.netLoadKW[r.t]! + shift) * dt + r.dispatch.flows.reduce((s, f) => s + (f.chargeKW - f.dischargeKW) * dt, 0);
      const bought = r.orders.filter((o) => o.side === "buy").reduce((s, o) => s + o.kWh, 0);
      const sold = r.orders.filter((o) => o.side === "sell").reduce((s, o) => s + o.kWh, 0);
      expect(need).toBeCloseTo(bought - sold, 6);
    }
    expect(moved).toBeGreaterThan(1);
    // Within one PUE, work is only moved in time: the shifted facility energy over a day stays close to zero.
    expect(Math.abs(shiftSum)).toBeLessThan(moved);

    const cost = (o: typeof flex.outcome) => -(o.finalState.balances["dcc"] ?? 0);
    expect(cost(flex.outcome)).toBeLessThanOrEqual(cost(rigid.outcome) + 1e-6);
    expect(cost(flex.outcome)).toBeLessThan(cost(rigid.outcome));
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { operateAlone } from "../../src/lab/baselines.js";
import { runAndSummarise } from "../support/run-world.js";
import { SMALL_FLEXIBLE_DCC, TWO_JUNE_DAYS } from "../support/scenarios.js";

/**
 * An agent operating alone is settled exactly as the engine settles it: a lone tenant that
 * rents nothing pays in a run what it pays alone without a battery, and a lone LP tenant that
 * rents the whole battery for free pays in a run what it pays alone with that battery — for
 * every agent kind, strategy and settlement path (grid ties, fuel, gas, unnetted exchange).
 */

beforeAll(() => loadLpSolver());

const microgrid = {
  id: "mg",
  kind: "microgrid",
  commercial: { generator: "commercial", meanKW: 40 },
  pv: { kWp: 30 },
  generator: { maxKW: 25, costPerHourRunning: 1, costPerKWh: 0.5, rampKWPerStep: 10 },
  gridTieKW: 30,
};
const vpp = {
  id: "vpp",
  kind: "vpp",
  baseLoad: { generator: "residential", meanKW: 15 },
  pv: { kWp: 20 },
  batteries: [{ energyKWh: 20, powerKW: 5 }],
  shiftableLoads: [{ energyKWh: 8, windowStartHour: 9, windowEndHour: 17, maxKW: 3 }],
};
const dccWithLinks = {
  ...SMALL_FLEXIBLE_DCC,
  interconnectKW: 10,
  dataCenters: SMALL_FLEXIBLE_DCC.dataCenters.map((dc, k) => (k === 0 ? { ...dc, cooling: { chillerCop: 4, absorption: { cop: 0.7, wasteHeatRecovery: 0.5, boiler: { gasPricePerKWh: 0.35 } } } } : dc)),
};
const household = { id: "home", kind: "prosumer", pv: { kWp: 4 }, battery: { energyKWh: 8, powerKW: 3 } };

const cases: [string, Record<string, unknown>][] = [
  ["a rule-based household", { id: "plain", kind: "prosumer", strategy: "rule-based", pv: { kWp: 4 } }],
  ["an LP household", { id: "plain", kind: "prosumer", strategy: "lp-optimal", pv: { kWp: 4 } }],
  ["an LP household with its own battery", { ...household, strategy: "lp-optimal" }],
  ["a rule-based household with its own battery", { ...household, strategy: "rule-based" }],
  ["an LP microgrid with a generator and a tight tie", { ...microgrid, strategy: "lp-optimal" }],
  ["a rule-based microgrid with a generator and a tight tie", { ...microgrid, strategy: "rule-based" }],
  ["an LP VPP", { ...vpp, strategy: "lp-optimal" }],
  ["an LP DCC with a finite interconnect and a boiler", dccWithLinks],
];

function lone(agent: Record<string, unknown>, rental: Record<string, unknown>) {
  return buildWorld(
    validateScenario({ name: "alone", ...TWO_JUNE_DAYS, tariff: { ...TWO_JUNE_DAYS.tariff, demandChargePerKW: 0.2 }, storage: { energyKWh: 2, powerKW: 1, mode: "partitioned" }, market: { rental }, agents: [agent] }),
    ".",
  );
}

describe("operating alone settles as the engine does", () => {
  for (const [name, agent] of cases) {
    it(`${name}: renting nothing in a run costs what no battery costs alone`, async () => {
      // Rental prices no one pays: nothing is rented.
      const world = lone(agent, { mechanism: "posted", params: { cE: 1e6, cP: 1e6 } });
      const { summary } = await runAndSummarise(world);
      const id = world.agents[0]!.model.id;
      expect(summary.agents[id]!.meanRentedEnergyKWh).toBe(0);
      const alone = operateAlone(world, world.agents[0]!, { energyKWh: 0, powerKW: 0 }, 48, { stream: "test" });
      expect(Math.abs(summary.agents[id]!.cost - alone.operatingCost)).toBeLessThan(1e-9 * Math.max(1, Math.abs(alone.operatingCost)));
    });
  }

  // LP tenants that use every kWh they can get (a household whose own battery covers it would not).
  for (const [name, agent] of cases.filter(([, a]) => a["strategy"] !== "rule-based" && !("battery" in a))) {
    it(`${name}: renting the whole battery for free in a run costs what owning it costs alone`, async () => {
      const world = lone(agent, { mechanism: "posted", params: { cE: 0, cP: 0 } });
      const { summary } = await runAndSummarise(world);
      const id = world.agents[0]!.model.id;
      const rented = summary.agents[id]!;
      // Free and scarce (2 kWh, 1 kW), capacity is all taken every period.
      expect(rented.meanRentedEnergyKWh).toBeCloseTo(2, 9);
      expect(rented.meanRentedPowerKW).toBeCloseTo(1, 9);
      const alone = operateAlone(world, world.agents[0]!, { energyKWh: 2, powerKW: 1 }, 48, { stream: "test" });
      // The tenant's degradation fees are the owner's wear.
      expect(Math.abs(rented.cost - alone.operatingCost)).toBeLessThan(1e-9 * Math.max(1, Math.abs(alone.operatingCost)));
      expect(rented.degradationFees).toBeCloseTo(alone.wearCost, 9);
    });
  }
});

import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadLpSolver, solveLp } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import type { FollowerLp, RentalPrices, RentalRequest } from "../../src/market/types.js";
import { roundFollowers } from "../../src/sim/follower-lps.js";
import { createWarmFollowers } from "../../src/sim/warm-followers.js";
import { periodViews } from "../../src/sim/views.js";
import type { World } from "../../src/sim/world.js";
import { SMALL_FLEXIBLE_DCC, TWO_JUNE_DAYS } from "../support/scenarios.js";

/**
 * The followers' period LPs as data (Strategy.periodLp, RentalRound.followerLps) and their
 * warm-started solves (warm-followers.ts): the LP handed to a mechanism is the LP the strategy
 * solves for its best response, and a warm re-solve gives the same best response as a cold one.
 */

beforeAll(() => loadLpSolver());

/** One LP agent of every kind the LP strategies plan, and a rule-based household. */
const LP_AGENTS = [
  SMALL_FLEXIBLE_DCC,
  { id: "mg", kind: "microgrid", strategy: "lp-optimal", commercial: { generator: "commercial", meanKW: 40 }, pv: { kWp: 30 }, generator: { maxKW: 25, costPerHourRunning: 1, costPerKWh: 0.5, rampKWPerStep: 10 } },
  { id: "vpp", kind: "vpp", strategy: "lp-optimal", baseLoad: { generator: "residential", meanKW: 15 }, pv: { kWp: 20 }, batteries: [{ energyKWh: 20, powerKW: 5 }], shiftableLoads: [{ energyKWh: 8, windowStartHour: 9, windowEndHour: 17, maxKW: 3 }] },
  { id: "home", kind: "prosumer", strategy: "lp-optimal", pv: { kWp: 4 }, battery: { energyKWh: 8, powerKW: 3 } },
  { id: "plain", kind: "prosumer", strategy: "lp-optimal", load: { generator: "residential", meanKW: 1.5 }, pv: { kWp: 5 } },
];
const RULE = { id: "rule", kind: "prosumer", strategy: "rule-based", pv: { kWp: 4 } };

function world(agents: readonly unknown[]): World {
  return buildWorld(validateScenario({ name: "follower-lps", ...TWO_JUNE_DAYS, storage: { energyKWh: 400, powerKW: 120 }, agents }), ".");
}

/** Each agent's period LP for the first period, from its strategy, with its initial state. */
function lpsOf(w: World): { lps: FollowerLp[]; states: Record<string, unknown> } {
  const views = periodViews(w, 0);
  const states = Object.fromEntries(w.agents.map((a) => [a.model.id, a.strategy.initialState()]));
  const noQueries = (): RentalRequest[] => {
    throw new Error("no queries here");
  };
  const lps = roundFollowers(w, views, states, noQueries).lps();
  return { lps: [...(lps ?? [])], states };
}

/** The follower's LP priced at `prices`, solved cold by the one-shot solver. */
function solvePriced(f: FollowerLp, prices: RentalPrices) {
  const priced = { ...f.lp, objective: [...f.lp.objective, { variable: f.energy, coefficient: prices.cE }, { variable: f.power, coefficient: prices.cP }] };
  const solution = solveLp(priced);
  return { energyKWh: Math.max(0, solution.values.get(f.energy)!), powerKW: Math.max(0, solution.values.get(f.power)!), objective: solution.objective };
}

const close = (a: number, b: number, tolerance = 1e-6) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

describe("followers' period LPs as data", () => {
  it("are the LPs of the strategies' best responses, for every LP kind", () => {
    const w = world(LP_AGENTS);
    const { lps, states } = lpsOf(w);
    expect(lps.map((f) => f.agent)).toEqual([...w.agents.map((a) => a.model.id)].sort());
    const views = periodViews(w, 0);
    for (const prices of [
      { cE: 0.05, cP: 0.1 },
      { cE: 0.3, cP: 0.2 },
      { cE: 0.17, cP: 0.9 },
    ]) {
      for (const f of lps) {
        const agent = w.agents.find((a) => a.model.id === f.agent)!;
        const response = agent.strategy.bestResponse(f.agent, views.get(f.agent)!, prices, states[f.agent]);
        const solved = solvePriced(f, prices);
        expect(close(solved.objective, response.expectedCost), `${f.agent} cost at ${JSON.stringify(prices)}`).toBe(true);
        expect(close(solved.energyKWh, response.energyKWh), `${f.agent} E at ${JSON.stringify(prices)}`).toBe(true);
        expect(close(solved.powerKW, response.powerKW), `${f.agent} P at ${JSON.stringify(prices)}`).toBe(true);
      }
    }
  });

  it("carry no rent of their own: E and P are priced at zero and bounded by the offer", () => {
    const w = world(LP_AGENTS);
    for (const f of lpsOf(w).lps) {
      const rent = f.lp.objective.filter((t) => t.variable === f.energy || t.variable === f.power);
      expect(rent.every((t) => t.coefficient === 0)).toBe(true);
      const energy = f.lp.variables.find((v) => v.name === f.energy)!;
      const power = f.lp.variables.find((v) => v.name === f.power)!;
      expect([energy.lower, energy.upper, power.lower, power.upper]).toEqual([0, w.offer.energyKWh, 0, w.offer.powerKW]);
    }
  });

  it("are undefined for a round with a tenant whose best response is not an LP", () => {
    const w = world([LP_AGENTS[4], RULE]);
    const views = periodViews(w, 0);
    const states = Object.fromEntries(w.agents.map((a) => [a.model.id, a.strategy.initialState()]));
    expect(roundFollowers(w, views, states, () => []).lps()).toBeUndefined();
  });
});

describe("warm-started follower solves", () => {
  it("agree with the strategies' cold solves on random prices (property)", () => {
    const w = world(LP_AGENTS);
    const { lps, states } = lpsOf(w);
    const views = periodViews(w, 0);
    const warm = createWarmFollowers(lps);
    try {
      fc.assert(
        fc.property(fc.double({ min: 0.01, max: 1.5, noNaN: true }), fc.double({ min: 0.01, max: 1.5, noNaN: true }), (cE, cP) => {
          const answers = warm.respond({ cE, cP });
          for (const f of lps) {
            const agent = w.agents.find((a) => a.model.id === f.agent)!;
            const cold = agent.strategy.bestResponse(f.agent, views.get(f.agent)!, { cE, cP }, states[f.agent]);
            const hot = answers.get(f.agent)!;
            // The optimal cost is unique; at random positive prices so is the response (ties have
            // measure zero; at a price of 0 a tenant may take any amount of the free resource).
            expect(close(hot.expectedCost, cold.expectedCost), `${f.agent} cost`).toBe(true);
            expect(close(hot.energyKWh, cold.energyKWh), `${f.agent} E: warm ${hot.energyKWh}, cold ${cold.energyKWh}`).toBe(true);
            expect(close(hot.powerKW, cold.powerKW), `${f.agent} P: warm ${hot.powerKW}, cold ${cold.powerKW}`).toBe(true);
          }
        }),
        { seed: 11, numRuns: 40 },
      );
    } finally {
      warm.dispose();
    }
  });

  it("are freed when the round ends, whether its clearing returns or throws", () => {
    const w = world([LP_AGENTS[4]]);
    const views = periodViews(w, 0);
    const states = Object.fromEntries(w.agents.map((a) => [a.model.id, a.strategy.initialState()]));
    const asked: RentalPrices[] = [];
    const followers = roundFollowers(w, views, states, (prices, answered) => {
      asked.push(prices);
      return [...(answered ?? new Map())].map(([agent, c]) => ({ agent, energyKWh: c.energyKWh, powerKW: c.powerKW }));
    });
    const answered = followers.during(() => followers.respondWarm({ cE: 0.1, cP: 0.1 }));
    expect(answered).toHaveLength(1);
    expect(asked).toEqual([{ cE: 0.1, cP: 0.1 }]);
    expect(() => followers.respondWarm({ cE: 0.2, cP: 0.1 })).toThrow(/after dispose/);
    const again = roundFollowers(w, views, states, (_p, a) => [...(a ?? new Map())].map(([agent, c]) => ({ agent, energyKWh: c.energyKWh, powerKW: c.powerKW })));
    expect(() =>
      again.during(() => {
        again.respondWarm({ cE: 0.1, cP: 0.1 });
        throw new Error("clearing failed");
      }),
    ).toThrow("clearing failed");
    expect(() => again.respondWarm({ cE: 0.2, cP: 0.1 })).toThrow(/after dispose/);
  });
});

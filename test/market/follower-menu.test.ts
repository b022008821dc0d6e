import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadLpSolver, solveLp } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { followerMenu, itemCost, type FollowerMenu } from "../../src/market/rental/follower-menu.js";
import type { FollowerLp, RentalPrices } from "../../src/market/types.js";
import { periodViews } from "../../src/sim/views.js";
import { TWO_JUNE_DAYS } from "../support/scenarios.js";

/**
 * A follower's menu (follower-menu.ts) is its whole best-response function on the box: at any
 * prices the least item cost is the LP's optimal cost, and the item that attains it rents what
 * the LP rents.
 */

beforeAll(() => loadLpSolver());

function solvePriced(f: FollowerLp, prices: RentalPrices) {
  const priced = { ...f.lp, objective: [...f.lp.objective, { variable: f.energy, coefficient: prices.cE }, { variable: f.power, coefficient: prices.cP }] };
  const s = solveLp(priced);
  return { objective: s.objective, energyKWh: Math.max(0, s.values.get(f.energy)!), powerKW: Math.max(0, s.values.get(f.power)!) };
}

/** One LP household's period LP over one June day. */
function household(): FollowerLp {
  const world = buildWorld(
    validateScenario({ name: "menu", ...TWO_JUNE_DAYS, calendar: { ...TWO_JUNE_DAYS.calendar, steps: 24 }, storage: { energyKWh: 100, powerKW: 30 }, agents: [{ id: "h", kind: "prosumer", strategy: "lp-optimal", load: { generator: "residential", meanKW: 1.5 }, pv: { kWp: 5 } }] }),
    ".",
  );
  const agent = world.agents[0]!;
  const lp = agent.strategy.periodLp!("h", periodViews(world, 0).get("h")!, agent.strategy.initialState())!;
  return { agent: "h", lp, energy: "cap_energy", power: "cap_power" };
}

describe("follower menus", () => {
  const box = { low: { cE: 0.05, cP: 0.05 }, high: { cE: 1.5, cP: 2 } };

  it("reproduce the LP's optimal cost and response at random prices in the box (property)", () => {
    const f = household();
    const menu = followerMenu(f, box, { maxItems: 2000, maxSolves: 20_000 }) as FollowerMenu;
    expect(menu.items.length).toBeGreaterThan(1);
    expect(menu.regions).toHaveLength(menu.items.length);
    fc.assert(
      fc.property(fc.double({ min: box.low.cE, max: box.high.cE, noNaN: true }), fc.double({ min: box.low.cP, max: box.high.cP, noNaN: true }), (cE, cP) => {
        const lp = solvePriced(f, { cE, cP });
        const costs = menu.items.map((k) => itemCost(k, cE, cP));
        const least = Math.min(...costs);
        expect(Math.abs(least - lp.objective)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(lp.objective)));
        // Where one item is clearly cheapest (no tie within 1e-6), it rents what the LP rents.
        const order = costs.map((c, k) => [c, k] as const).sort((a, b) => a[0] - b[0]);
        if (order.length > 1 && order[1]![0] - order[0]![0] > 1e-6 * Math.max(1, Math.abs(least))) {
          const item = menu.items[order[0]![1]]!;
          expect(Math.abs(item.energyKWh - lp.energyKWh)).toBeLessThanOrEqual(1e-6 * Math.max(1, lp.energyKWh));
          expect(Math.abs(item.powerKW - lp.powerKW)).toBeLessThanOrEqual(1e-6 * Math.max(1, lp.powerKW));
        }
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it("has regions that cover the box: every price lies in the region of a cheapest item", () => {
    const menu = followerMenu(household(), box, { maxItems: 2000, maxSolves: 20_000 }) as FollowerMenu;
    const area = (poly: readonly (readonly [number, number])[]) => Math.abs(poly.reduce((s, p, i) => s + p[0] * poly[(i + 1) % poly.length]![1] - poly[(i + 1) % poly.length]![0] * p[1], 0)) / 2;
    const total = menu.regions.reduce((s, r) => s + area(r), 0);
    expect(total).toBeCloseTo((box.high.cE - box.low.cE) * (box.high.cP - box.low.cP), 9);
  });

  it("stops at its limits and says why", () => {
    const refused = followerMenu(household(), box, { maxItems: 3, maxSolves: 20_000 });
    expect("reason" in refused && refused.reason).toMatch(/more than 3 items/);
    const slow = followerMenu(household(), box, { maxItems: 2000, maxSolves: 10 });
    expect("reason" in slow && slow.reason).toMatch(/more than 10 LP solves/);
  });
});

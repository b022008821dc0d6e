import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { builtInScenarioNames, loadScenario } from "../../src/lab/load-scenario.js";
import { MetricsCollector } from "../../src/lab/metrics.js";
import { noStorageCosts } from "../../src/lab/baselines.js";
import { withOverrides, type RunRequest } from "../../src/lab/run-scenario.js";
import { PaymentReason } from "../../src/market/ledger.js";
import { runSimulation } from "../../src/sim/engine.js";
import type { StepBody } from "../../src/sim/log/step-record.js";

/**
 * Every payment a simulation makes names its reason by one of the PaymentReason constants, and
 * the provider's rental revenue in the summary is exactly the rent paid to it: checked on one
 * day (one rental period) of each built-in scenario, and of one under the cooperative rule,
 * whose transfers no built-in scenario makes.
 */
const REASONS: ReadonlySet<string> = new Set(Object.values(PaymentReason));
const ONE_DAY = 24;
const cases: readonly (readonly [label: string, scenario: string, request: Omit<RunRequest, "scenario">])[] = [
  ...builtInScenarioNames().map((name) => [name, name, { steps: ONE_DAY }] as const),
  ["vpps under cooperative", "vpps", { steps: ONE_DAY, rental: "cooperative" }],
];

beforeAll(() => loadLpSolver());

describe("payment reasons", () => {
  it("the constants are distinct strings, one per name", () => {
    expect(REASONS.size).toBe(Object.keys(PaymentReason).length);
  });

  const seen = new Set<string>();
  it.each(cases)("%s: every payment's reason is a constant; rental revenue is the rent paid to the provider", async (_label, name, request) => {
    const loaded = loadScenario(name);
    const world = buildWorld(withOverrides(loaded, request), loaded.dir);
    const metrics = new MetricsCollector(world);
    const steps: StepBody[] = [];
    const outcome = await runSimulation(world, {
      onRecord: (r) => {
        metrics.add(r);
        if (r.kind === "step") steps.push(r);
      },
    });
    expect(outcome.status).toBe("complete");
    const payments = steps.flatMap((s) => s.payments);
    expect(payments.filter((p) => !REASONS.has(p.reason))).toEqual([]);
    for (const p of payments) seen.add(p.reason);
    const rent = payments.filter((p) => p.to === world.providerId && p.reason === PaymentReason.rental).reduce((sum, p) => sum + p.amount, 0);
    expect(metrics.summary(noStorageCosts(world, outcome.steps)).provider.rentalRevenue).toBe(rent);
  });

  it("the runs above paid rent and cooperative transfers (the checks were not vacuous)", () => {
    expect(seen).toContain(PaymentReason.rental);
    expect(seen).toContain(PaymentReason.cooperativeTransfer);
  });
});

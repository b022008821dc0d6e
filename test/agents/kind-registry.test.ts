import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { InputError } from "../../src/core/errors.js";
import { agentFields, agentKinds, buildJointPeriodLp, flexibilityPlanner, listAgentKinds, statelessPeriodLp } from "../../src/agents/index.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { validateScenario } from "../../src/lab/load-scenario.js";
import { packageRoot } from "../../src/lab/package-root.js";
import { periodViews } from "../../src/sim/views.js";
import { runAndSummarise } from "../support/run-world.js";
import { TWO_JUNE_DAYS } from "../support/scenarios.js";

/**
 * Every registered agent kind, by looping over the registry (a new kind is covered without a
 * line here): its schema, its docs page, its model, its flexibility planners and each of its
 * strategies inside a simulation of its example.
 */

beforeAll(() => loadLpSolver());

const root = packageRoot();
const KINDS = agentKinds();

/** A two-day scenario with `agent` alone beside a 200 kWh / 50 kW pooled storage. */
function scenarioWith(agent: unknown) {
  return validateScenario({ name: "kind-registry", ...TWO_JUNE_DAYS, storage: { energyKWh: 200, powerKW: 50 }, agents: [agent] });
}

/** A field is documented when the page names it in backticks, alone or as the head of a path (`batteries[].powerKW`). */
const documents = (page: string, field: string) => new RegExp("`" + field + "(`|\\[|\\.)").test(page);

/** The fields every kind shares (documented once, in docs/agents/README.md). */
const commonFields = (strategies: Parameters<typeof agentFields>[0]) => Object.keys(agentFields(strategies));

describe("agent-kind registry", () => {
  it("lists kinds with unique names, each with strategies of unique names and a flexibility list", () => {
    const names = KINDS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(0);
    for (const k of KINDS) {
      const strategies = k.strategies.map((s) => s.name);
      expect(new Set(strategies).size, k.name).toBe(strategies.length);
      expect(strategies.length, k.name).toBeGreaterThan(0);
      expect(k.description, k.name).not.toMatch(/\n/);
    }
    expect(listAgentKinds().map((k) => k.name)).toEqual(names);
  });

  it("documents the fields every kind shares in docs/agents/README.md", () => {
    const page = readFileSync(join(root, "docs/agents/README.md"), "utf8");
    for (const k of KINDS) for (const field of commonFields(k.strategies)) expect(documents(page, field), `${k.name}: ${field}`).toBe(true);
  });

  for (const kind of KINDS) {
    describe(kind.name, () => {
      it("its schema's kind literal is its name, and its example is a valid spec of it", () => {
        const shape = kind.schema.shape as Record<string, { parse(x: unknown): unknown }>;
        expect(shape["kind"]!.parse(kind.name)).toBe(kind.name);
        expect(kind.schema.safeParse(kind.example).success).toBe(true);
        expect(scenarioWith(kind.example).agents[0]!.kind).toBe(kind.name);
      });

      it("has a docs page naming each of its own fields and each of its strategies", () => {
        expect(existsSync(join(root, kind.docs)), kind.docs).toBe(true);
        const page = readFileSync(join(root, kind.docs), "utf8");
        const common = new Set(commonFields(kind.strategies));
        const own = Object.keys(kind.schema.shape).filter((f) => !common.has(f) && f !== "kind");
        for (const field of own) expect(documents(page, field), `${kind.docs}: ${field}`).toBe(true);
        for (const s of kind.strategies) expect(page, `${kind.docs}: ${s.name}`).toContain(`\`${s.name}\``);
      });

      it("each strategy's settings are a strict object whose keys all have defaults, given under its name", () => {
        for (const s of kind.strategies) {
          expect(s.params.safeParse({}).success, s.name).toBe(true);
          expect(s.params.safeParse({ notASetting: 1 }).success, s.name).toBe(false);
          const hasSettings = Object.keys(s.params.shape).length > 0;
          expect(Object.keys(kind.schema.shape).includes(s.name), s.name).toBe(hasSettings);
        }
      });

      it("refuses a strategy's settings with another strategy, naming the field", () => {
        const withSettings = kind.strategies.find((s) => Object.keys(s.params.shape).length > 0);
        const other = kind.strategies.find((s) => s !== withSettings);
        if (!withSettings || !other) return;
        const scenario = scenarioWith({ ...(kind.example as object), strategy: other.name, [withSettings.name]: {} });
        expect(() => buildWorld(scenario, root)).toThrow(InputError);
        try {
          buildWorld(scenario, root);
        } catch (error) {
          expect((error as InputError).issues.map((i) => i.path)).toEqual([`agents[0].${withSettings.name}`]);
        }
      });

      it("builds models with the ids it announces, of its kind, carrying only flexibility it declares a planner for", () => {
        const scenario = scenarioWith(kind.example);
        const world = buildWorld(scenario, root);
        const spec = scenario.agents[0]!;
        expect(world.agents.map((a) => a.model.id)).toEqual([...kind.ids(spec as never)].sort());
        const declared = new Set(kind.flexibility.map((f) => f.kind));
        for (const a of world.agents) {
          expect(a.model.kind).toBe(kind.name);
          const flex = a.model.flexibility?.kind ?? "none";
          expect(flex === "none" || declared.has(flex), `${a.model.id}: ${flex}`).toBe(true);
        }
      });

      it("plans its flexibility alone no dearer than the joint LP of it alone (which drops its own connection limits)", () => {
        const world = buildWorld(scenarioWith({ ...(kind.example as object), strategy: kind.strategies[0]!.name }), root);
        const views = periodViews(world, 0);
        for (const a of world.agents) {
          const view = views.get(a.model.id)!;
          const planner = flexibilityPlanner(a.model.flexibility?.kind);
          const capacity = { energyKWh: 50, powerKW: 20 };
          const own = statelessPeriodLp(planner.kind)(view, { capacity });
          expect(Number.isFinite(own.objective)).toBe(true);
          const joint = buildJointPeriodLp([view], capacity);
          expect(joint.variables.length).toBeGreaterThan(0);
        }
      });

      for (const strategy of kind.strategies) {
        it(`runs two days under ${strategy.name}, conservation checked every step`, { timeout: 120_000 }, async () => {
          const world = buildWorld(scenarioWith({ ...(kind.example as object), strategy: strategy.name }), root);
          for (const a of world.agents) expect(a.strategy.name).toBe(strategy.name);
          const { steps, summary } = await runAndSummarise(world);
          expect(steps).toBe(48);
          expect(summary.status).toBe("complete");
          for (const a of world.agents) expect(Number.isFinite(summary.agents[a.model.id]!.cost), a.model.id).toBe(true);
        });
      }
    });
  }
});

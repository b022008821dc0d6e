import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, runCli } from "../support/run-cli.js";
import type { PlanDocument } from "../../src/lab/plan/plan-document.js";
import { TWO_JUNE_DAYS } from "../support/scenarios.js";

/** Each test starts the CLI, which simulates, on two cores shared with other test files: never a limit the machine's speed decides. */
const SIMULATE = 600_000;

const TINY = {
  name: "plan-cli",
  ...TWO_JUNE_DAYS,
  calendar: { ...TWO_JUNE_DAYS.calendar, steps: 24 },
  currency: "CNY",
  storage: { energyKWh: 20, powerKW: 5, economics: { capexPerKWh: 300, capexPerKW: 100, lifetimeYears: 15, discountRate: 0.06, omPerYear: 200 } },
  agents: [
    { id: "a", kind: "prosumer", strategy: "lp-optimal", load: { generator: "residential", meanKW: 1.5 }, pv: { kWp: 3 } },
    { id: "b", kind: "prosumer", strategy: "lp-optimal", load: { generator: "residential", meanKW: 2 } },
  ],
};

let tmp: string;
let scenario: string;

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
  tmp = mkdtempSync(join(tmpdir(), "sesame-plan-cli-"));
  scenario = join(tmp, "tiny.json");
  writeFileSync(scenario, JSON.stringify(TINY));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("sesame plan", () => {
  it("searches a tiny scenario, prints the frontier with the chosen size and the footing, writes the plan folder, exit 0", () => {
    const out = join(tmp, "users");
    // Two worker threads: the evaluations go through the pool as they would on a bigger case.
    const r = runCli(["plan", scenario, "--objective", "users", "--grid", "E=0:40:3,P=0:10:3", "--refine", "1", "--workers", "2", "--out", out], { timeoutMs: SIMULATE });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^SESAME plan plan-cli: objective users under rental posted, energy uniform — \d+ sizes evaluated \(9 on the coarse grid, then 1 refinement\)/);
    expect(lines.find((l) => l.startsWith("E kWh"))).toMatch(/^E kWh\s+P kW\s+provider NPV CNY\s+provider profit CNY\s+users' saving CNY\s+welfare gain CNY\s+rented\s+utilisation$/);
    expect(lines.filter((l) => l.includes("◀ chosen"))).toHaveLength(1);
    expect(lines.find((l) => /^\s*0\s+0\s/.test(l))).toContain("no storage");
    expect(r.stdout).toMatch(/^chosen {5}[\d.,]+ kWh \/ [\d.,]+ kW: users' saving [\d.,-]+ CNY, the best of \d+ sizes to within 10 kWh \/ 2\.5 kW$/m);
    expect(r.stdout).toMatch(/^welfare {4}welfare-optimal size \(sizing LP/m);
    expect(r.stdout).toContain("footing    seed 11 for every size; 24 steps (24 h), yearly figures extrapolated from 24 hours (June); rental posted, energy uniform");
    expect(r.stdout).toMatch(/^unit cost  every size pays capex 300\.00 CNY\/kWh \+ 100\.00 CNY\/kW and O&M/m);
    expect(r.stdout).toContain(`plan folder ${out}`);

    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as PlanDocument;
    expect(plan.objective).toBe("users");
    expect(plan.search!.coarse).toEqual({ energyKWh: [0, 20, 40], powerKW: [0, 5, 10] });
    expect(plan.frontier.filter((f) => f.chosen)).toHaveLength(1);
    expect(plan.evaluations.map((e) => e.index)).toEqual(plan.evaluations.map((_, i) => i));
    expect(readFileSync(join(out, "evaluations.jsonl"), "utf8").trim().split("\n")).toHaveLength(plan.evaluations.length);
    expect(JSON.parse(readFileSync(join(out, "request.json"), "utf8")).request.objective).toBe("users");
    const simulated = plan.evaluations.filter((e) => e.status === "complete");
    expect(readdirSync(join(out, "runs")).sort()).toEqual(simulated.map((e) => e.run!.replace(/^runs\//, "")).sort());
    // Logs are dropped unless --keep-logs: a run folder keeps its manifest and summary.
    expect(readdirSync(join(out, simulated[0]!.run!)).sort()).toEqual(["manifest.json", "summary.json"]);

    // --json prints plan.json itself.
    const json = runCli(["plan", scenario, "--objective", "users", "--grid", "E=0:40:3,P=0:10:3", "--refine", "1", "--workers", "1", "--out", join(tmp, "users-json"), "--json"], { timeoutMs: SIMULATE });
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout) as PlanDocument;
    expect(printed.chosen).toEqual(plan.chosen);
    expect(printed.frontier).toEqual(plan.frontier);
  }, 2 * SIMULATE);

  it("the welfare objective with --allocate prints the sizing LP's size and each member's share", () => {
    const out = join(tmp, "welfare");
    const r = runCli(["plan", scenario, "--objective", "welfare", "--allocate", "shapley", "--out", out], { timeoutMs: SIMULATE });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^chosen {5}[\d.,]+ kWh \/ [\d.,]+ kW: the welfare-optimal size \(central optimum's sizing LP\)$/m);
    expect(r.stdout).toContain("allocation of the joint investment by shapley");
    expect(r.stdout).toMatch(/^member\s+own kWh\s+own kW\s+stand-alone CNY\s+allocated CNY\s+saving CNY\s+fixed-cost share CNY\s+of fixed cost$/m);
    expect(r.stdout).toMatch(/^joint {6}.*subadditive (yes|no); in the core (yes|no)/m);
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as PlanDocument;
    const shares = plan.allocation!.members.reduce((s, m) => s + m.allocatedCost, 0);
    expect(shares).toBeCloseTo(plan.allocation!.grand.systemCost, 6);
  }, SIMULATE);

  describe("bad input exits 2 before anything is written", () => {
    const cases: [string, string[], RegExp][] = [
      ["an unknown objective", ["--objective", "profit"], /--objective: /],
      ["a bad grid", ["--grid", "E=0:100:1"], /--grid: E=from:to:points: points a whole number from 2 to 100, got "1"/],
      ["a grid axis that does not exist", ["--grid", "Q=1"], /--grid: axes E=… \(kWh\) and P=… \(kW\), got "Q="/],
      ["a negative refinement", ["--refine", "-1"], /--refine: a whole number ≥ 0, got "-1"/],
      ["a refinement that is no number", ["--refine", "two"], /--refine: a whole number ≥ 0, got "two"/],
      ["--allocate without the welfare objective", ["--allocate", "shapley"], /--allocate: the joint investment is allocated at the welfare-optimal size/],
      ["an unknown allocation rule", ["--objective", "welfare", "--allocate", "banzhaf"], /--allocate: /],
      ["--grid with the welfare objective", ["--objective", "welfare", "--grid", "E=1,2"], /--grid: the welfare objective is sized by the sizing LP/],
      ["an unknown rental mechanism", ["--rental", "nope"], /market\.rental/],
      ["a bad --param", ["--param", "k=1"], /--param: rental\.KEY=VALUE or energy\.KEY=VALUE, got "k=1"/],
      ["zero workers", ["--workers", "0"], /--workers: a whole number ≥ 1, got "0"/],
      ["an unknown scenario", ["no-such-scenario"], /SCENARIO: a scenario file or a built-in name/],
    ];
    for (const [what, flags, message] of cases) {
      it(what, () => {
        const out = join(tmp, `bad-${what.replace(/[^a-z]+/gi, "-")}`);
        const args = flags[0] === "no-such-scenario" ? ["plan", ...flags, "--out", out] : ["plan", scenario, ...flags, "--out", out];
        const r = runCli(args, { timeoutMs: SIMULATE });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^sesame: invalid input\n/);
        expect(r.stderr).toMatch(message);
        expect(r.stdout).toBe("");
        expect(existsSync(out)).toBe(false);
      });
    }

    it("a plan folder that is not empty", () => {
      const out = join(tmp, "taken");
      mkdirSync(out);
      writeFileSync(join(out, "something"), "x");
      const r = runCli(["plan", scenario, "--out", out], { timeoutMs: SIMULATE });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--out: an empty or new folder; ${out} is not empty`);
      expect(readdirSync(out)).toEqual(["something"]);
    });

    it("--allocate on more than 12 agents", () => {
      const many = join(tmp, "many.json");
      writeFileSync(many, JSON.stringify({ ...TINY, agents: [{ id: "h", kind: "prosumer", strategy: "rule-based", count: 13, load: { generator: "residential", meanKW: 1 } }] }));
      const out = join(tmp, "many-plan");
      const r = runCli(["plan", many, "--objective", "welfare", "--allocate", "nash", "--out", out], { timeoutMs: SIMULATE });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--allocate: at most 12 agents (every coalition is a sizing LP: 2^N of them), got 13");
      expect(existsSync(out)).toBe(false);
    });
  });
});

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtInScenarioNames, loadScenario } from "../../src/lab/load-scenario.js";
import { agentCount, firstSentence } from "../../src/cli/commands/scenarios.js";
import { runCli } from "../support/run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-scenarios-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const names = builtInScenarioNames();
/** Scenarios written by this part (others may add more built-ins alongside). */
const ours = ["community", "dcc-shared", "individual-vs-shared"];

describe("built-in scenarios", () => {
  it("include the reference, community and individual-vs-shared cases", () => {
    for (const name of [...ours, "dcc-week"]) expect(names).toContain(name);
  });

  it.each(names)("%s validates, is named after its file and states its sources and assumptions", (name) => {
    const { scenario } = loadScenario(name);
    expect(scenario.name).toBe(name);
    expect(scenario.description.length).toBeGreaterThan(60);
    if (ours.includes(name)) expect(scenario.description).toMatch(/[Aa]ssumptions/);
  });

  it("have the sizes their descriptions state", () => {
    const dcc = loadScenario("dcc-shared").scenario;
    expect(dcc.calendar.steps).toBe(8760);
    expect(dcc.calendar.rentalPeriodSteps * dcc.calendar.stepHours).toBe(24);
    expect(dcc.agents).toHaveLength(1);
    expect(dcc.agents[0]!.kind).toBe("dcc-operator");
    const community = loadScenario("community").scenario;
    expect(agentCount(community)).toBe(200);
    expect(community.agents.every((a) => a.kind === "prosumer" && a.pv !== undefined && a.strategy === "rule-based")).toBe(true);
    const ivs = loadScenario("individual-vs-shared").scenario;
    expect(ivs.description).toMatch(/own-battery/);
    expect(ivs.description).toMatch(/neighbour-shared case/);
    expect(ivs.baselines?.neighbourShared?.groupSize).toBe(4);
  });

  it.each(names)("sesame run %s --steps 48 --no-baselines exits 0", (name) => {
    const run = runCli(["run", name, "--steps", "48", "--no-baselines", "--out", join(tmp, `${name}-48`)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`SESAME run ${name} \\(seed \\d+\\): complete, 48 steps`));
  });

  it("sesame run dcc-shared --steps 24 runs with its baselines", () => {
    const dir = join(tmp, "dcc-shared-24");
    const run = runCli(["run", "dcc-shared", "--steps", "24", "--out", dir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/complete, 24 steps/);
    expect(run.stdout).toMatch(/^dcc\s+[-\d,.]+/m);
    expect(run.stdout).toMatch(/central optimum/);
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).toMatchObject({ status: "complete", stepsLogged: 24 });
  });
});

describe("sesame scenarios", () => {
  it("lists every built-in scenario with its size and the first sentence of its description", () => {
    const out = runCli(["scenarios"]);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+AGENTS\s+STEPS\s+DESCRIPTION$/);
    expect(lines).toHaveLength(names.length + 1);
    for (const name of names) {
      const { scenario } = loadScenario(name);
      const line = lines.find((l) => l.startsWith(`${name} `));
      expect(line).toBeDefined();
      expect(line).toMatch(new RegExp(`^${name}\\s+${agentCount(scenario)}\\s+${scenario.calendar.steps}\\s+`));
      expect(line!.endsWith(firstSentence(scenario.description))).toBe(true);
    }
  });

  it("prints JSON with --json", () => {
    const out = runCli(["scenarios", "--json"]);
    expect(out.code).toBe(0);
    const list = JSON.parse(out.stdout) as { name: string; agents: number; steps: number; description: string }[];
    expect(list.map((s) => s.name)).toEqual(names);
    expect(list.find((s) => s.name === "community")).toMatchObject({ agents: 200, steps: 168 });
    expect(list.find((s) => s.name === "dcc-shared")).toMatchObject({ agents: 1, steps: 8760 });
  });

  it("takes the first sentence, not a decimal point", () => {
    expect(firstSentence("A k = 0.5 auction. More here.")).toBe("A k = 0.5 auction.");
    expect(firstSentence("  no full stop  ")).toBe("no full stop");
    expect(firstSentence("")).toBe("");
  });
});

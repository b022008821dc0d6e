import { describe, expect, it } from "vitest";
import { agentKinds } from "../../src/agents/index.js";
import { listMechanisms } from "../../src/market/registry.js";
import { runCli } from "../support/run-cli.js";

describe("sesame agents", () => {
  it("lists every registered kind with its docs page, and every strategy of each with its settings", () => {
    const r = runCli(["agents"]);
    expect(r.code).toBe(0);
    for (const k of agentKinds()) {
      expect(r.stdout).toMatch(new RegExp(`^${k.name}\\s+\\S+\\s+${k.docs.replace(/\./g, "\\.")}\\s`, "m"));
      expect(r.stdout).toMatch(new RegExp(`^${k.name}\\s+${k.strategies[0]!.name} \\(default\\)`, "m"));
    }
    expect(r.stdout).toMatch(/^\s+learning\s+rule=roth-erev markups=\[0,0\.1,0\.2,0\.3,0\.4,0\.5\] recency=0\.1/m);
  });

  it("--json is the registry's list; one kind shows its fields with defaults and an example", () => {
    const json = JSON.parse(runCli(["agents", "--json"]).stdout) as { name: string; strategies: { name: string }[] }[];
    expect(json.map((k) => k.name)).toEqual(agentKinds().map((k) => k.name));
    expect(json.find((k) => k.name === "vpp")!.strategies.map((s) => s.name)).toEqual(["rule-based", "lp-optimal", "learning"]);
    const one = runCli(["agents", "microgrid"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^bidJitter\s+spread of order limits .* \[default: 0\.05\]$/m);
    expect(one.stdout).toMatch(/^example:\n\{\n {2}"kind": "microgrid"/m);
  });

  it("exits 2 for an unknown kind, listing the known ones", () => {
    const r = runCli(["agents", "battery"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kind: one of prosumer, dcc-operator, microgrid, vpp, got "battery"/);
  });
});

describe("sesame mechanisms", () => {
  it("--json is the registry's list", () => {
    const json = JSON.parse(runCli(["mechanisms", "--json"]).stdout) as { kind: string; name: string }[];
    expect(json.map((m) => `${m.kind}:${m.name}`)).toEqual(listMechanisms().map((m) => `${m.kind}:${m.name}`));
  });

  it("fits the table to COLUMNS, wrapping parameters and descriptions; unbounded off a terminal", () => {
    const narrow = runCli(["mechanisms"], { env: { COLUMNS: "120" } }).stdout.trimEnd().split("\n");
    expect(Math.max(...narrow.map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(narrow[0]).toMatch(/^KIND\s+NAME\s+PARAMS\s+PROPERTIES\s+DESCRIPTION$/);
    const piped = runCli(["mechanisms"]).stdout.trimEnd().split("\n");
    expect(piped).toHaveLength(listMechanisms().length + 1);
  });
});

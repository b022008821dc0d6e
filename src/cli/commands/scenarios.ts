import type { Command } from "commander";
import { builtInScenarioNames, loadScenario } from "../../lab/load-scenario.js";
import type { Scenario } from "../../lab/scenario-schema.js";
import { commandAction } from "../action.js";

/** One built-in scenario as `sesame scenarios` lists it. */
export interface ScenarioListing {
  readonly name: string;
  /** Number of consumer agents (a prosumer group of `count` n counts n). */
  readonly agents: number;
  readonly steps: number;
  /** The first sentence of the scenario's `description`. */
  readonly description: string;
}

/** The first sentence of `text`: up to the first '.', '!' or '?' followed by a space or the end. */
export function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s|$)/s.exec(text.trim());
  return (match ? match[0] : text.trim()).replace(/\s+/g, " ");
}

/** Consumer agents a scenario makes. */
export function agentCount(scenario: Scenario): number {
  return scenario.agents.reduce((n, a) => n + ("count" in a && typeof a.count === "number" ? a.count : 1), 0);
}

/** Every built-in scenario, validated, with its size and description. */
export function listBuiltInScenarios(): ScenarioListing[] {
  return builtInScenarioNames().map((name) => {
    const { scenario } = loadScenario(name);
    return { name, agents: agentCount(scenario), steps: scenario.calendar.steps, description: firstSentence(scenario.description) };
  });
}

/** Registers `sesame scenarios`: the built-in scenarios with their size and one-line description. */
export function registerScenariosCommand(program: Command): void {
  program
    .command("scenarios")
    .description("List the built-in scenarios (run them by name): agents, steps and the first sentence of each description.")
    .option("--json", "print the list as JSON")
    .action(
      commandAction((options: { json?: boolean }) => {
        const list = listBuiltInScenarios();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        const header = ["NAME", "AGENTS", "STEPS", "DESCRIPTION"];
        const rows = list.map((s) => [s.name, String(s.agents), String(s.steps), s.description]);
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        const line = (cells: string[]) =>
          cells.map((c, i) => (i === cells.length - 1 ? c : i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
        process.stdout.write(`${[header, ...rows].map(line).join("\n")}\n`);
      }),
    );
}

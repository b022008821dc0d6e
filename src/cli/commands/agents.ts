import type { Command } from "commander";
import { agentKind, listAgentKinds, type AgentKindInfo } from "../../agents/index.js";
import { commandAction } from "../action.js";
import { paramsCell } from "./mechanisms.js";
import { renderWrappedTable } from "../wrapped-table.js";

/** Registers `sesame agents [kind]`: the registered agent kinds, their strategies and settings. */
export function registerAgentsCommand(program: Command): void {
  program
    .command("agents")
    .argument("[kind]", "one kind: its scenario fields, flexibility and an example spec")
    .description("List the agent kinds: each kind's strategies with their settings (and defaults), its flexibility and its docs page.")
    .option("--json", "print the list (or the one kind) as JSON")
    .addHelpText(
      "after",
      `
A strategy's settings go under its name in the agent's spec, only with that strategy:
  { "kind": "prosumer", "id": "h", "strategy": "learning", "learning": { "rule": "epsilon-greedy" } }
Examples:
  sesame agents
  sesame agents microgrid
  sesame agents --json`,
    )
    .action(
      commandAction((kind: string | undefined, options: { json?: boolean }) => {
        const all = listAgentKinds();
        if (kind !== undefined) {
          const one = all.find((k) => k.name === agentKind(kind, "kind").name)!;
          process.stdout.write(options.json ? `${JSON.stringify(one, null, 2)}\n` : `${describeKind(one)}\n`);
          return;
        }
        if (options.json) {
          process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${kindsTable(all)}\n\n${strategiesTable(all)}\n`);
      }),
    );
}

/** One row per kind: what it is, what it can move, where its page is. */
function kindsTable(kinds: readonly AgentKindInfo[]): string {
  const rows = kinds.map((k) => [k.name, k.flexibility.map((f) => f.kind).join(" ") || "-", k.docs, k.description]);
  return renderWrappedTable(["KIND", "FLEXIBILITY", "DOCS", "DESCRIPTION"], rows, [3]);
}

/** One row per kind and strategy, the kind's default first. */
function strategiesTable(kinds: readonly AgentKindInfo[]): string {
  const rows = kinds.flatMap((k) => k.strategies.map((s, i) => [i === 0 ? k.name : "", i === 0 ? `${s.name} (default)` : s.name, paramsCell(s.defaults), s.description]));
  return renderWrappedTable(["KIND", "STRATEGY", "SETTINGS", "DESCRIPTION"], rows, [2, 3]);
}

/** Everything about one kind: description, flexibility, strategies, fields and an example spec. */
function describeKind(k: AgentKindInfo): string {
  const flexibility = k.flexibility.map((f) => `  ${f.kind}: ${f.description}`).join("\n") || "  none";
  const fields = renderWrappedTable(["FIELD", "DESCRIPTION"], Object.entries(k.fields).map(([name, d]) => [name, d || "-"]), [1]);
  return [
    `${k.name}: ${k.description}`,
    `docs: ${k.docs}`,
    "",
    "flexibility:",
    flexibility,
    "",
    strategiesTable([k]),
    "",
    fields,
    "",
    "example:",
    JSON.stringify(k.example, null, 2),
  ].join("\n");
}

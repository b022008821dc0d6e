import type { Command } from "commander";
import type { MechanismProperties } from "../../market/types.js";
import { listMechanisms } from "../../market/registry.js";
import { commandAction } from "../action.js";

/** Registers `sesame mechanisms`: every registered mechanism with its claimed properties. */
export function registerMechanismsCommand(program: Command): void {
  program
    .command("mechanisms")
    .description("List the market mechanisms: kind, name, parameters (with defaults), properties and a one-line description.")
    .addHelpText("after", "\nProperties: IR individually rational, BB budget balance (strong/weak/none), truthful, efficient.")
    .action(
      commandAction(() => {
        const rows = listMechanisms().map((m) => [
          m.kind,
          m.name,
          Object.entries(m.defaults).map(([k, v]) => (v === undefined ? k : `${k}=${String(v)}`)).join(" ") || "-",
          compactProperties(m.properties),
          m.description,
        ]);
        const header = ["KIND", "NAME", "PARAMS", "PROPERTIES", "DESCRIPTION"];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
        process.stdout.write(`${[header, ...rows].map(line).join("\n")}\n`);
      }),
    );
}

/** e.g. `IR ✓ BB strong truthful ✗ efficient ✓`. */
export function compactProperties(p: MechanismProperties): string {
  const mark = (b: boolean) => (b ? "✓" : "✗");
  return `IR ${mark(p.individuallyRational)} BB ${p.budgetBalance} truthful ${mark(p.truthful)} efficient ${mark(p.efficient)}`;
}

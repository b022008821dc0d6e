import type { Command } from "commander";
import type { MechanismProperties } from "../../market/types.js";
import { listMechanisms } from "../../market/registry.js";
import { commandAction } from "../action.js";
import { renderWrappedTable } from "../wrapped-table.js";

/** Registers `sesame mechanisms`: every registered mechanism with its claimed properties. */
export function registerMechanismsCommand(program: Command): void {
  program
    .command("mechanisms")
    .description("List the market mechanisms: kind, name, parameters (with defaults), properties and a one-line description.")
    .option("--json", "print the list as JSON (kind, name, description, properties, defaults)")
    .addHelpText("after", "\nProperties: IR individually rational, BB budget balance (strong/weak/none), truthful, efficient.\nOn a terminal the table fits its width (or COLUMNS); piped, each mechanism is one line.")
    .action(
      commandAction((options: { json?: boolean }) => {
        const list = listMechanisms();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        const rows = list.map((m) => [m.kind, m.name, paramsCell(m.defaults), compactProperties(m.properties), m.description]);
        process.stdout.write(`${renderWrappedTable(["KIND", "NAME", "PARAMS", "PROPERTIES", "DESCRIPTION"], rows, [2, 4])}\n`);
      }),
    );
}

/** Parameters with their defaults, `k=0.5 cap` (a parameter without a default by name alone); `-` for none. */
export function paramsCell(defaults: Readonly<Record<string, unknown>>): string {
  const cells = Object.entries(defaults).map(([k, v]) => (v === undefined ? k : `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`));
  return cells.join(" ") || "-";
}

/** e.g. `IR ✓ BB strong truthful ✗ efficient ✓`. */
export function compactProperties(p: MechanismProperties): string {
  const mark = (b: boolean) => (b ? "✓" : "✗");
  return `IR ${mark(p.individuallyRational)} BB ${p.budgetBalance} truthful ${mark(p.truthful)} efficient ${mark(p.efficient)}`;
}

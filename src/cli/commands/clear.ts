import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { clearEnergyBookReport, parseEnergyBook } from "../../market/energy-book.js";
import { createEnergyMechanism } from "../../market/registry.js";
import { collect, commandAction, parseParamFlags } from "../action.js";

interface ClearEnergyOptions {
  readonly mechanism: string;
  readonly param: string[];
  readonly seed: string;
}

const EXAMPLE = `
Example:
  $ echo '{"tariff":{"buy":0.32,"sell":0.08},"orders":[
      {"agent":"a","side":"buy","kWh":3,"limit":0.3},
      {"agent":"b","side":"sell","kWh":2,"limit":0.1}]}' \\
    | sesame clear energy --mechanism uniform --param k=0.5

Unmatched kWh go to the grid at the tariff. List mechanisms and their parameters with
\`sesame mechanisms\`.`;

/** Registers `sesame clear`, the group of stand-alone clearings (`clear energy`). */
export function registerClearCommand(program: Command): void {
  const clear = program.command("clear").description("Clear a stand-alone order book with a market mechanism and print the result as JSON.");
  clear
    .command("energy")
    .description("Clear one energy order book (JSON: tariff and buy/sell orders) and print trades, prices and settlement.")
    .argument("[file]", 'the book as JSON; "-" or absent reads standard input')
    .requiredOption("--mechanism <name>", "energy mechanism (see `sesame mechanisms`)")
    .option("--param <key=value>", "mechanism parameter, repeatable (e.g. k=0.5)", collect, [])
    .option("--seed <seed>", "root seed for the mechanism's tie-break stream", "42")
    .addHelpText("after", EXAMPLE)
    .action(
      commandAction((file: string | undefined, options: ClearEnergyOptions) => {
        const mechanism = withFlagPaths(() => createEnergyMechanism(options.mechanism, parseParamFlags(options.param), "cli"));
        const book = parseEnergyBook(readBook(file));
        const report = clearEnergyBookReport(book, mechanism, options.seed);
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      }),
    );
}

/** The registry names fields as in a scenario (`cli.mechanism`, `cli.params.k`); a CLI user typed flags. */
function withFlagPaths<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.issues.map((i) => ({
        path: i.path === "cli.mechanism" ? "--mechanism" : i.path.startsWith("cli.params") ? `--param ${i.path.slice("cli.params.".length)}`.trim() : i.path,
        expected: i.expected,
      })),
    );
  }
}

function readBook(file: string | undefined): string {
  const fromStdin = file === undefined || file === "-";
  if (fromStdin && process.stdin.isTTY) {
    throw new InputError({ path: "FILE", expected: 'a book file, or "-" with the book on standard input' });
  }
  try {
    return readFileSync(fromStdin ? 0 : file, "utf8");
  } catch (error) {
    throw new InputError({ path: "FILE", expected: `a readable file: ${error instanceof Error ? error.message : String(error)}` });
  }
}

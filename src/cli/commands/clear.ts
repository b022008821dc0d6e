import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { loadLpSolver } from "../../core/lp.js";
import { clearEnergyBookReport, parseEnergyBook } from "../../market/energy-book.js";
import { createEnergyMechanism, createRentalMechanism } from "../../market/registry.js";
import { clearRentalBookReport, parseRentalBook } from "../../market/rental-book.js";
import { collect, commandAction, parseParamFlags } from "../action.js";

interface ClearRentalOptions {
  readonly mechanism: string;
  readonly param: string[];
  readonly seed: string;
}

const RENTAL_EXAMPLE = `
Example:
  $ echo '{"provider":{"energyKWh":100,"powerKW":40,"reserve":{"cE":0.1,"cP":0.2}},
      "bids":[{"agent":"dc1","energy":[[60,0.5],[40,0.2]],"power":[[20,0.8]]},
              {"agent":"dc2","energy":[[50,0.4]],"power":[[30,0.3]]}]}' \\
    | sesame clear rental --mechanism uniform

A block is [quantity, value per unit per period], values non-increasing within a list.
Instead of blocks a bid may give exclusive-or bundles, "bundles": [[kWh, kW, value], ...]
(value per period for the whole bundle; the tenant wins at most one); uniform, pay-as-bid
and vcg clear such a book jointly.
Mechanisms: posted (params cE, cP; default the reserve), uniform, pay-as-bid, vcg,
stackelberg. A book's "params" are the mechanism's parameters; --param overrides them.
Prints {"mechanism", "prices" (null for pay-as-bid and vcg), "contracts", "providerRevenue"}.`;

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

Unmatched kWh go to the grid at the tariff. An agent may place several orders on one side,
never orders on both: such a book is refused (exit 2, naming both orders), since the agent
would trade with itself. List mechanisms and their parameters with \`sesame mechanisms\`.`;

/** Registers `sesame clear`, the group of stand-alone clearings (`clear energy`, `clear rental`). */
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
  registerClearRental(clear);
}

/**
 * Registers `sesame clear rental`: one stand-alone rental book (provider offer and tenants'
 * block bids) cleared by a rental mechanism that has a book form.
 */
function registerClearRental(clear: Command): void {
  clear
    .command("rental")
    .description("Clear one rental book (JSON: the provider's offer and tenants' block bids) and print contracts, prices and provider revenue.")
    .argument("[file]", 'the book as JSON; "-" or absent reads standard input')
    .requiredOption("--mechanism <name>", "rental mechanism (see `sesame mechanisms`)")
    .option("--param <key=value>", "mechanism parameter, repeatable; overrides the book's params (e.g. cE=0.3)", collect, [])
    .option("--seed <seed>", "root seed for the mechanism's tie-break stream", "42")
    .addHelpText("after", RENTAL_EXAMPLE)
    .action(
      commandAction(async (file: string | undefined, options: ClearRentalOptions) => {
        const flags = parseParamFlags(options.param);
        // Mechanism name and flags first, as `clear energy` does, before reading the book.
        withFlagPaths(() => createRentalMechanism(options.mechanism, flags, "cli"));
        const { book, params } = parseRentalBook(readBook(file));
        withBookPaths(() => createRentalMechanism(options.mechanism, params, "book"));
        const mechanism = withFlagPaths(() => createRentalMechanism(options.mechanism, { ...params, ...flags }, "cli"));
        // Bundle books choose their winners by a MILP; block books never touch the solver.
        if (book.bids.some((b) => (b.bundles?.length ?? 0) > 0)) await loadLpSolver();
        const report = clearRentalBookReport(book, mechanism, options.seed, "--mechanism");
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      }),
    );
}

/** A book's own params are named as fields of the book (`params.cE`). */
function withBookPaths<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.issues.map((i) => ({ path: i.path.startsWith("book.params") ? i.path.slice("book.".length) : i.path, expected: i.expected })));
  }
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

import type { Command } from "commander";
import { isRepresentativeResult, runScenario } from "../../lab/run-scenario.js";
import { DEFAULT_SCENARIO } from "../../lab/load-scenario.js";
import { collect, commandAction, EXIT_FAULT, splitParams } from "../action.js";
import { progressBar } from "../progress.js";
import { renderRunSummary } from "../summary-table.js";
import { renderRepresentativeSummary } from "../representative-summary.js";
import { InputError } from "../../core/errors.js";

/** Registers `sesame run`. */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description(`run a scenario and write a run folder (default scenario: ${DEFAULT_SCENARIO})`)
    .argument("[scenario]", "scenario file (JSON/YAML) or built-in name", DEFAULT_SCENARIO)
    .option("--seed <seed>", "root seed (a string), overrides the scenario's")
    .option("--steps <n>", "number of steps, overrides the scenario's calendar")
    .option("--out <dir>", "run folder to create (must be new or empty)")
    .option("--rental <name>", "rental mechanism (see `sesame mechanisms`), overrides the scenario's")
    .option("--energy <name>", "energy mechanism (see `sesame mechanisms`), overrides the scenario's")
    .option("--param <kind.key=value>", "mechanism parameter, repeatable: rental.cE=0.3, energy.k=0.4", collect, [])
    .option("--no-baselines", "skip the baselines (no storage, individual storage, central optimum)")
    .option("--json", "print summary.json instead of the table")
    .addHelpText(
      "after",
      "\nA scenario with calendar.representative runs one span of calendar.steps steps from each of its\n" +
        "starts, each from its own seed, into <run folder>/spans/<k>-<YYYY-MM-DD>/ (ordinary run folders),\n" +
        "and pools them into a year: one line per span, then the year's figures (summary.json).\n" +
        "\nExamples:\n  sesame run\n  sesame run scenarios/dcc-week.json --seed 7 --steps 48 --out runs/try\n  sesame run dcc-week --rental stackelberg --energy mcafee\n  sesame run dcc-week --rental posted --param rental.cE=0.4 --param energy.k=0.3\n",
    )
    .action(
      commandAction(async (scenario: string, options: RunFlags) => {
        const steps = options.steps === undefined ? undefined : Number(options.steps);
        if (steps !== undefined && !Number.isInteger(steps)) throw new InputError({ path: "--steps", expected: `a whole number, got "${options.steps}"` });
        const { rental, energy } = splitParams(options.param);
        const bar = progressBar("running");
        const result = await runScenario(
          {
            scenario,
            ...(options.seed !== undefined ? { seed: options.seed } : {}),
            ...(steps !== undefined ? { steps } : {}),
            ...(options.out !== undefined ? { out: options.out } : {}),
            ...(options.rental !== undefined ? { rental: options.rental } : {}),
            ...(options.energy !== undefined ? { energy: options.energy } : {}),
            rentalParams: rental,
            energyParams: energy,
            baselines: options.baselines,
          },
          (done, total) => bar.update(done, total),
        );
        bar.finish();
        const table = isRepresentativeResult(result) ? renderRepresentativeSummary(result.summary, result.dir) : renderRunSummary(result.summary, result.dir);
        process.stdout.write((options.json ? JSON.stringify(result.summary, null, 2) : table) + "\n");
        if (result.outcome.fault) {
          process.stderr.write(`sesame: run stopped at step ${result.outcome.fault.step} (${result.outcome.fault.agent}): ${result.outcome.fault.detail}\n`);
          return EXIT_FAULT;
        }
        return 0;
      }),
    );
}

interface RunFlags {
  seed?: string;
  steps?: string;
  out?: string;
  json?: boolean;
  rental?: string;
  energy?: string;
  param: string[];
  baselines: boolean;
}


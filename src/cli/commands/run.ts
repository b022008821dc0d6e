import type { Command } from "commander";
import { runScenario } from "../../lab/run-scenario.js";
import { DEFAULT_SCENARIO } from "../../lab/load-scenario.js";
import { commandAction, EXIT_FAULT } from "../action.js";
import { progressBar } from "../progress.js";
import { renderRunSummary } from "../summary-table.js";
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
    .option("--json", "print summary.json instead of the table")
    .addHelpText("after", "\nExamples:\n  sesame run\n  sesame run scenarios/dcc-week.json --seed 7 --steps 48 --out runs/try\n")
    .action(
      commandAction(async (scenario: string, options: { seed?: string; steps?: string; out?: string; json?: boolean }) => {
        const steps = options.steps === undefined ? undefined : Number(options.steps);
        if (steps !== undefined && !Number.isInteger(steps)) throw new InputError({ path: "--steps", expected: `a whole number, got "${options.steps}"` });
        const bar = progressBar("running");
        const result = await runScenario(
          { scenario, ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(steps !== undefined ? { steps } : {}), ...(options.out !== undefined ? { out: options.out } : {}) },
          (done, total) => bar.update(done, total),
        );
        bar.finish();
        process.stdout.write((options.json ? JSON.stringify(result.summary, null, 2) : renderRunSummary(result.summary, result.dir)) + "\n");
        if (result.outcome.fault) {
          process.stderr.write(`sesame: run stopped at step ${result.outcome.fault.step} (${result.outcome.fault.agent}): ${result.outcome.fault.detail}\n`);
          return EXIT_FAULT;
        }
        return 0;
      }),
    );
}

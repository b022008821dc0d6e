import type { Command } from "commander";
import { isRepresentativeResult, runScenario, type RunResult } from "../../lab/run-scenario.js";
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
    .option("--resume <run-dir>", "finish an interrupted run (its manifest says running): re-simulate the logged steps, check them byte for byte, run the rest")
    .option("--allow-outside-inputs", "let the scenario's CSV paths be absolute or leave the scenario's folder (refused by default)")
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
        "\nA run killed part-way (its manifest still says running) is finished with --resume: the logged\n" +
        "steps are simulated again and must match the log byte for byte, the rest is appended, and the\n" +
        "log ends byte-identical to an uninterrupted run's (same fingerprint).\n" +
        "\nCSV profile paths are relative to the scenario file and must stay inside its folder unless\n" +
        "--allow-outside-inputs is given; every file read is copied into <run folder>/inputs/.\n" +
        "\nExamples:\n  sesame run\n  sesame run --resume runs/dcc-week-seed42-20261123T220000\n  sesame run scenarios/dcc-week.json --seed 7 --steps 48 --out runs/try\n  sesame run dcc-week --rental stackelberg --energy mcafee\n  sesame run dcc-week --rental posted --param rental.cE=0.4 --param energy.k=0.3\n",
    )
    .action(
      commandAction(async (scenario: string, options: RunFlags, command: Command) => {
        if (options.resume !== undefined) return resume(options, command);
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
            ...(options.allowOutsideInputs ? { allowOutsideInputs: true } : {}),
          },
          (done, total) => bar.update(done, total),
        );
        bar.finish();
        return report(result, options.json === true);
      }),
    );
}

/** `sesame run --resume DIR`: nothing else may be given, the scenario and seed are the folder's. */
async function resume(options: RunFlags, command: Command): Promise<number> {
  const clash = command.args.length > 0 ? "SCENARIO" : (["seed", "steps", "out", "rental", "energy", "allowOutsideInputs"] as const).find((k) => options[k] !== undefined);
  if (clash !== undefined || options.param.length > 0 || options.baselines === false) {
    const name = clash === "SCENARIO" ? "SCENARIO" : clash ? `--${clash.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : options.param.length > 0 ? "--param" : "--no-baselines";
    throw new InputError({ path: name, expected: "nothing beside --resume: a resumed run is the folder's scenario, seed, mechanisms and baselines as its manifest records them" });
  }
  const { resumeRun } = await import("../../lab/resume-run.js");
  const bar = progressBar("resuming");
  const result = await resumeRun(options.resume!, (done, total) => bar.update(done, total));
  bar.finish();
  process.stderr.write(`sesame: resumed ${result.dir} from step ${result.resumedFrom} of ${result.world.calendar.steps}: the ${result.resumedFrom} logged steps were re-simulated and match byte for byte\n`);
  return report(result, options.json === true);
}

/** The summary table (or summary.json), and exit 1 when the run stopped on a fault. */
function report(result: RunResult, json: boolean): number {
  const table = isRepresentativeResult(result) ? renderRepresentativeSummary(result.summary, result.dir) : renderRunSummary(result.summary, result.dir);
  process.stdout.write((json ? JSON.stringify(result.summary, null, 2) : table) + "\n");
  if (result.outcome.fault) {
    process.stderr.write(`sesame: run stopped at step ${result.outcome.fault.step} (${result.outcome.fault.agent}): ${result.outcome.fault.detail}\n`);
    return EXIT_FAULT;
  }
  return 0;
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
  resume?: string;
  allowOutsideInputs?: boolean;
}


import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { InputError } from "../../core/errors.js";
import { scenarioFolderInputs } from "../../core/input-source.js";
import { loadScenario } from "../../lab/load-scenario.js";
import { buildWorld } from "../../lab/build-world.js";
import { loadExperiment } from "../../lab/experiment/load-experiment.js";
import { commandAction } from "../action.js";

/** Registers `sesame validate`. */
export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("check a scenario or experiment file and report every problem with its path (exit 2 if any)")
    .argument("<file>", "scenario or experiment file (JSON or YAML); an experiment is a file with a `base`")
    .option("--allow-outside-inputs", "accept CSV paths that are absolute or leave the scenario's folder (as `sesame run --allow-outside-inputs`)")
    .addHelpText("after", "\nExamples:\n  sesame validate scenarios/dcc-week.json\n  sesame validate study.yaml\n")
    .action(
      commandAction((file: string, options: { allowOutsideInputs?: boolean }) => {
        if (isExperimentFile(file)) {
          const resolved = loadExperiment(file);
          process.stdout.write(`${file}: a valid experiment "${resolved.experiment.name}": ${resolved.points.length} points × ${resolved.experiment.replicates} replicates = ${resolved.runs.length} runs\n`);
          return 0;
        }
        const inputs = { allowOutside: options.allowOutsideInputs === true };
        const loaded = loadScenario(file, inputs);
        // The schema passed; building the world finds what only the data shows (CSV files, deadlines, ids).
        const world = buildWorld(loaded.scenario, scenarioFolderInputs(loaded.dir, inputs));
        process.stdout.write(`${file}: a valid scenario "${loaded.scenario.name}": ${world.agents.length} agents, ${loaded.scenario.calendar.steps} steps\n`);
        return 0;
      }),
    );
}

/** Whether `file` holds an experiment (an object with `base`) rather than a scenario. */
function isExperimentFile(file: string): boolean {
  let raw: unknown;
  try {
    const text = readFileSync(file, "utf8");
    raw = extname(file) === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InputError({ path: "FILE", expected: `a file, "${file}" does not exist` });
    return false; // the loaders report the syntax error with its location
  }
  return typeof raw === "object" && raw !== null && "base" in raw;
}

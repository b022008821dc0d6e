import { Command, CommanderError } from "commander";
import { registerRunCommand } from "./commands/run.js";
import { registerReplayCommand } from "./commands/replay.js";
import { registerClearCommand } from "./commands/clear.js";
import { registerMechanismsCommand } from "./commands/mechanisms.js";
import { registerAgentsCommand } from "./commands/agents.js";
import { registerScenariosCommand } from "./commands/scenarios.js";
import { registerReportCommand } from "./commands/report.js";
import { registerExportCommand } from "./commands/export.js";
import { registerCompareCommand } from "./commands/compare.js";
import { registerExperimentCommand } from "./commands/experiment.js";
import { registerMergeCommand } from "./commands/merge.js";
import { registerSchemaCommand } from "./commands/schema.js";
import { registerValidateCommand } from "./commands/validate.js";
import { registerPlanCommand } from "./commands/plan.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "./action.js";
import { SESAME_VERSION } from "../version.js";

/** The `sesame` command: one sub-command per file under ./commands. */
export function createProgram(): Command {
  const program = new Command()
    .name("sesame")
    .description("Shared Energy Storage Agent-based Market Engine: simulate shared-storage rental and energy markets.")
    .version(SESAME_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerRunCommand(program);
  registerReplayCommand(program);
  registerClearCommand(program);
  registerMechanismsCommand(program);
  registerAgentsCommand(program);
  registerScenariosCommand(program);
  registerReportCommand(program);
  registerValidateCommand(program);
  registerSchemaCommand(program);
  registerExperimentCommand(program);
  registerMergeCommand(program);
  registerCompareCommand(program);
  registerExportCommand(program);
  registerPlanCommand(program);
  return program;
}

/**
 * Runs `sesame` with `args` (the words after `sesame`) in this process and returns its exit
 * code. The bin (main.ts) calls it once; tests call it many times (a fresh program each time,
 * so no option state leaks between calls). Commands write to process.stdout and stderr.
 */
export async function runSesame(args: readonly string[]): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await createProgram().parseAsync([...args], { from: "user" });
    return Number(process.exitCode ?? EXIT_OK);
  } catch (error) {
    // Help and version exit 0; an unknown option or missing argument is bad input.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    throw error;
  } finally {
    process.exitCode = before;
  }
}

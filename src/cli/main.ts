#!/usr/bin/env node
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
import { EXIT_BAD_INPUT } from "./action.js";
import { SESAME_VERSION } from "../version.js";

// A reader that stops early (`sesame agents | head`) closes the pipe: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

/** The `sesame` command: one sub-command per file under ./commands. */
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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; an unknown option or missing argument is bad input.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  } else {
    throw error;
  }
}

import type { Command } from "commander";
import { verifyRun } from "../../lab/verify-run.js";
import { commandAction, EXIT_FAULT } from "../action.js";
import { InputError } from "../../core/errors.js";

/** Registers `sesame replay`. */
export function registerReplayCommand(program: Command): void {
  program
    .command("replay")
    .description("re-run a logged run from its manifest and check it against the log")
    .argument("<run-dir>", "a run folder (manifest.json, steps.jsonl)")
    .option("--verify", "check every step's hash and content against a fresh re-run (exit 1 at the first difference)")
    .addHelpText("after", "\nExample:\n  sesame replay runs/dcc-week-seed42-20261123T220000 --verify\n")
    .action(
      commandAction(async (dir: string, options: { verify?: boolean }) => {
        if (!options.verify) {
          throw new InputError({ path: "--verify", expected: "the replay to perform: --verify checks the log against a fresh re-run" });
        }
        const verdict = await verifyRun(dir);
        if (verdict.ok) {
          process.stdout.write(`verified: ${verdict.steps} steps (${verdict.status}) match the log; fingerprint ${verdict.fingerprint}\n`);
          return 0;
        }
        process.stdout.write(`verification FAILED at step ${verdict.step}, field ${verdict.field}: ${verdict.message}\n`);
        return EXIT_FAULT;
      }),
    );
}

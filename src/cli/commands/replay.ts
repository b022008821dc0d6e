import type { Command } from "commander";
import { verifyRun } from "../../lab/verify-run.js";
import { commandAction, EXIT_FAULT } from "../action.js";
import { InputError } from "../../core/errors.js";

/** Registers `sesame replay`. */
export function registerReplayCommand(program: Command): void {
  program
    .command("replay")
    .description("re-run a logged run from its manifest and check it against the log")
    .argument("<run-dir>", "a run folder (manifest.json, steps.jsonl), or a representative run folder (manifest.json, spans/)")
    .option("--verify", "check every step's hash and content against a fresh re-run (exit 1 at the first difference)")
    .addHelpText(
      "after",
      "\nA representative run (calendar.representative) is verified span by span: each span's log\n" +
        "against a re-run, and the top-level manifest's spans, seeds, weights and fingerprints against\n" +
        "the span folders; a failure names the span.\n" +
        "\nExample:\n  sesame replay runs/dcc-week-seed42-20261123T220000 --verify\n",
    )
    .action(
      commandAction(async (dir: string, options: { verify?: boolean }) => {
        if (!options.verify) {
          throw new InputError({ path: "--verify", expected: "the replay to perform: --verify checks the log against a fresh re-run" });
        }
        const verdict = await verifyRun(dir);
        if (verdict.ok && verdict.spans) {
          const spans = verdict.spans.map((s) => `  ${s.folder}: ${s.steps} steps (${s.status}) match its log; fingerprint ${s.fingerprint}\n`).join("");
          process.stdout.write(`verified: ${verdict.spans.length} representative spans, ${verdict.steps} steps (${verdict.status}), match their logs and the manifest; fingerprint ${verdict.fingerprint}\n${spans}`);
          return 0;
        }
        if (verdict.ok) {
          process.stdout.write(`verified: ${verdict.steps} steps (${verdict.status}) match the log; fingerprint ${verdict.fingerprint}\n`);
          return 0;
        }
        const where = verdict.span !== undefined ? `in span ${verdict.span} ` : "";
        process.stdout.write(`verification FAILED ${where}at step ${verdict.step}, field ${verdict.field}: ${verdict.message}\n`);
        return EXIT_FAULT;
      }),
    );
}

import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { commandAction } from "../action.js";

/** Registers `sesame merge`. */
export function registerMergeCommand(program: Command): void {
  program
    .command("merge")
    .description("join the shard folders of one experiment into one experiment folder")
    .argument("<dirs...>", "shard folders (from `sesame experiment --shard i/n`)")
    .requiredOption("--out <dir>", "the merged folder to create (must be new or empty)")
    .addHelpText("after", "\nExample:\n  sesame merge shards/0 shards/1 shards/2 --out study\n")
    .action(
      commandAction(async (dirs: string[], flags: { out?: string }) => {
        if (!flags.out) throw new InputError({ path: "--out", expected: "the merged folder to create" });
        // Loaded on use: the chart renderer (vega) and Parquet (WebAssembly) cost a second at every CLI start.
        const { mergeExperiments } = await import("../../lab/experiment/merge.js");
        const result = mergeExperiments(dirs, flags.out);
        process.stdout.write(`merged     ${dirs.length} folders → ${result.dir}: ${result.runs} runs${result.missing.length > 0 ? `, ${result.missing.length} not yet run` : ""}\n`);
        if (result.missing.length > 0) process.stderr.write(`sesame: runs missing from every shard: ${result.missing.slice(0, 10).join(", ")}${result.missing.length > 10 ? ", …" : ""}\n`);
        return 0;
      }),
    );
}

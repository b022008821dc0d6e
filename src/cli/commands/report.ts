import type { Command } from "commander";
import { commandAction } from "../action.js";

/** Registers `sesame report`. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("write an HTML report with charts (SVG and PNG) of a run folder, an experiment folder or a counterfactual folder")
    .argument("<dir>", "a run folder (manifest.json, steps.jsonl, summary.json), an experiment folder (experiment.json, results.json) or a counterfactual folder (counterfactual.json, from sesame replay --mechanism … --out)")
    .option("--out <dir>", "report folder (default: <dir>/report)")
    .option("--partial", "report a failed or interrupted run too, marked as partial on the page and in every chart title")
    .addHelpText(
      "after",
      "\nRun folders get energy prices, SOC per tenant, costs per agent and rental prices (with the\n" +
        "Stackelberg leader's queries); experiment folders get a mechanism comparison with 95 %\n" +
        "intervals and a viability map; counterfactual folders (sesame replay RUN --mechanism … --out DIR)\n" +
        "the counterfactual chart: each agent's cost difference, open and closed loop side by side.\n" +
        "The page is self-contained (no scripts, no external files).\n" +
        "A failed or interrupted run (killed: its manifest still says running) is refused (exit 2)\n" +
        "unless --partial: then the page opens with a PARTIAL RUN banner, every chart title (on the page\n" +
        "and in its SVG and PNG) ends with \"(partial: interrupted after N of M steps)\" or \"(partial: failed\n" +
        "at step N of M)\", and an interrupted run, which wrote no summary, is summarised from its logged\n" +
        "steps (no baselines, comparison or viability).\n" +
        "A representative run folder (calendar.representative) has no report of its own and is refused\n" +
        "(exit 2): report one of its spans (DIR/spans/<k>-<YYYY-MM-DD>, ordinary run folders), or an\n" +
        "experiment over such runs, whose table holds the pooled years.\n" +
        "\nExamples:\n  sesame report runs/dcc-week-seed42-20261123T220000\n  sesame report out/rental-mechanisms --out reports/rental\n  sesame report runs/try-cf\n  sesame report runs/killed-run --partial\n",
    )
    .action(
      commandAction(async (dir: string, options: { out?: string; partial?: boolean }) => {
        // Loaded on use: the chart renderer (vega) and Parquet (WebAssembly) cost a second at every CLI start.
        const { buildReport } = await import("../../lab/report/build-report.js");
        const report = await buildReport(dir, options.out, { partial: options.partial ?? false });
        if (report.partial) process.stdout.write(`${report.partial} (${dir}): the report is marked as partial\n`);
        process.stdout.write(`${report.kind} report${report.partial ? " (PARTIAL)" : ""}: ${report.index} (${report.charts.length} charts: ${report.charts.join(", ")})\n`);
      }),
    );
}

import type { Command } from "commander";
import { commandAction } from "../action.js";

/** Registers `sesame export`: a run folder's log as Parquet (and CSV) tables beside it. */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("write a run's time series as tables beside its log: prices, soc, flows, ledger (.parquet)")
    .argument("<run-dir>", "a run folder (manifest.json, steps.jsonl)")
    .option("--csv", "also write each table as .csv")
    .option("--partial", "export a failed or interrupted run too: its tables are named <table>.partial.parquet")
    .addHelpText(
      "after",
      [
        "",
        "Tables (docs/experiments.md, \"Per-run time series\"):",
        "  prices   t, time, buyPrice, sellPrice, clearingPrice, cE, cP",
        "  soc      t, tenant, storedKWh, rentedEnergyKWh",
        "  flows    t, agent, netLoadKW, loadShiftKW, chargeKW, dischargeKW,",
        "           gridImportKWh, gridExportKWh, peerBoughtKWh, peerSoldKWh",
        "  ledger   t, from, to, amount, reason",
        "",
        "A failed or interrupted run (killed: its manifest still says running) is refused (exit 2)",
        "unless --partial: then its tables cover the steps it logged and are named prices.partial.parquet,",
        "soc.partial.parquet, … (and .partial.csv), each Parquet file's key-value metadata holds",
        "sesame.partial (e.g. \"partial: interrupted after 17 of 48 steps\"), and a line on stdout says so.",
        "",
        "A log that is cut, edited or fails its hash chain is refused (exit 2). A representative run",
        "folder (calendar.representative) has each span's tables written into that span's folder",
        "(spans/<k>-<YYYY-MM-DD>/).",
        "",
        "Example:",
        "  sesame export runs/dcc-week-seed42-20261123T220000 --csv",
        "  sesame export runs/killed-run --partial",
        "",
      ].join("\n"),
    )
    .action(
      commandAction(async (dir: string, options: { csv?: boolean; partial?: boolean }) => {
        // Loaded on use: the chart renderer (vega) and Parquet (WebAssembly) cost a second at every CLI start.
        const { exportRunTables } = await import("../../lab/exports/time-series.js");
        const { files, partial } = exportRunTables(dir, { csv: options.csv ?? false, partial: options.partial ?? false });
        // First, so that a reader of the output cannot miss it under the list of files.
        for (const p of partial) process.stdout.write(`${p.label} (${p.dir}): its tables are named *.partial.parquet\n`);
        for (const file of files) process.stdout.write(`wrote ${file}\n`);
      }),
    );
}

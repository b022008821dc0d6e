import type { Command } from "commander";
import { commandAction } from "../action.js";

/** Registers `sesame export`: a run folder's log as Parquet (and CSV) tables beside it. */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("write a run's time series as tables beside its log: prices, soc, flows, ledger (.parquet)")
    .argument("<run-dir>", "a run folder (manifest.json, steps.jsonl)")
    .option("--csv", "also write each table as .csv")
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
        "A log that is cut, edited or fails its hash chain is refused (exit 2). A representative run",
        "folder (calendar.representative) has each span's tables written into that span's folder",
        "(spans/<k>-<YYYY-MM-DD>/).",
        "",
        "Example:",
        "  sesame export runs/dcc-week-seed42-20261123T220000 --csv",
        "",
      ].join("\n"),
    )
    .action(
      commandAction(async (dir: string, options: { csv?: boolean }) => {
        // Loaded on use: the chart renderer (vega) and Parquet (WebAssembly) cost a second at every CLI start.
        const { exportRunTables } = await import("../../lab/exports/time-series.js");
        const { files } = exportRunTables(dir, { csv: options.csv ?? false });
        for (const file of files) process.stdout.write(`wrote ${file}\n`);
      }),
    );
}

import { basename, join, resolve } from "node:path";
import type { RunSummary } from "../run-summary.js";
import type { ReportChart } from "./chart.js";
import { costBreakdownChart } from "./cost-chart.js";
import { formatNumber, type HtmlTable } from "./html.js";
import { energyPriceChart } from "./price-chart.js";
import { rentalPriceChart } from "./rental-price-chart.js";
import { readRunData, type RunData, type RunDataOptions } from "./run-data.js";
import { costParts, leaderQueries, pricePoints, rentalPricePoints, socPoints } from "./run-series.js";
import { socChart } from "./soc-chart.js";
import { stackelbergChart } from "./stackelberg-chart.js";
import { writeReport, type ReportOutput, type ReportText } from "./write-report.js";
import { compareIds } from "../../core/ids.js";

/** Tenants drawn in the SOC chart: more lines than this cannot be told apart. */
export const SOC_TENANT_LIMIT = 10;
/** Agents drawn in the cost chart. */
export const COST_AGENT_LIMIT = 20;
/** Runs longer than this many days show their first {@link DETAIL_DAYS} in the time-series charts: a year of hourly lines is a solid block. */
export const LONG_RUN_DAYS = 14;
/** Days shown in the time-series charts of a long run. */
export const DETAIL_DAYS = 7;

/**
 * Writes the report of the run folder `dir` into `outDir` (default `<dir>/report`). A failed or
 * interrupted run is refused unless `partial`; then the page opens with a banner saying so and
 * every chart's title (on the page and in its SVG and PNG) ends with `partial: …`.
 */
export async function reportRun(dir: string, outDir = join(dir, "report"), options: RunDataOptions = {}): Promise<ReportOutput & { readonly partial: string | null }> {
  const run = await readRunData(dir, options);
  return { ...(await writeReport(outDir, runReportText(run), runCharts(run))), partial: run.partial };
}

/** The charts of a run report, in page order. Charts with nothing to plot are left out; a partial run's are titled as partial. */
export function runCharts(run: RunData): ReportChart[] {
  const charts = wholeRunCharts(run);
  const { partial } = run;
  if (partial === null) return charts;
  // In the spec too: an SVG or PNG taken out of the report still says what it shows.
  return charts.map((chart) => {
    const title = `${chart.title} (${partial})`;
    return { ...chart, title, spec: { ...chart.spec, title } as ReportChart["spec"] };
  });
}

function wholeRunCharts(run: RunData): ReportChart[] {
  const currency = run.summary?.currency ?? currencyOf(run);
  const charts: ReportChart[] = [];
  const detail = detailOf(run);

  const prices = pricePoints(detail.run);
  if (prices.length > 0) {
    const peerSteps = run.steps.filter((s) => Object.keys(s.clearing.prices).length > 0).length;
    charts.push({
      name: "energy-prices",
      title: "Energy prices",
      caption:
        (run.gridPrices ? "Grid buy and sell prices (lines) and " : "Grid prices could not be rebuilt from the manifest; shown: ") +
        `the peer market's clearing price (${run.steps[0]?.clearing.mechanism ?? "?"}; dots, only in the ${peerSteps} of ${run.steps.length} steps where peers traded), ${currency}/kWh.${detail.note}`,
      spec: energyPriceChart(prices, currency, run.start),
    });
  }

  const soc = socPoints(detail.run, SOC_TENANT_LIMIT);
  if (soc.points.length > 0) {
    const subset = soc.tenants > soc.shown.length ? ` The ${soc.shown.length} of ${soc.tenants} tenants that rented the most energy are shown.` : "";
    charts.push({
      name: "soc",
      title: "Stored energy per tenant",
      caption: `Energy in each tenant's rented partition after every step, kWh.${subset}${detail.note}`,
      spec: socChart(soc.points, run.start),
    });
  }

  if (run.summary) {
    const { parts, agents } = costParts(run.summary, COST_AGENT_LIMIT);
    const shown = new Set(parts.map((p) => p.agent)).size;
    if (parts.length > 0) {
      const subset = agents > shown ? ` The ${shown} of ${agents} agents with the largest absolute cost are shown.` : "";
      charts.push({
        name: "costs",
        title: "Cost breakdown per agent",
        caption: `Each agent's cost over the run by component (negative = earned), ${currency}; the black tick is the net cost.${subset}`,
        spec: costBreakdownChart(parts, currency),
      });
    }
  }

  const rentalMechanism = run.steps.find((s) => s.rental)?.rental?.mechanism ?? run.manifest.mechanisms.rental;
  const queries = leaderQueries(run.steps);
  if (rentalMechanism === "stackelberg" && queries.length > 0) {
    const periods = new Set(queries.map((q) => q.period)).size;
    charts.push({
      name: "stackelberg",
      title: "Stackelberg leader iterations",
      caption: `The provider's revenue at each price pair it queried, in query order, for each of ${periods} rental periods (${queries.length} queries); the large dot is the query the round settled on.`,
      spec: stackelbergChart(queries, currency),
    });
  }

  const rentalPrices = rentalPricePoints(run.steps);
  if (rentalPrices.length > 0) {
    const effective = rentalPrices.some((p) => p.price === "effective");
    charts.push({
      name: "rental-prices",
      title: rentalMechanism === "stackelberg" ? "Rental prices chosen by the leader" : "Rental prices per period",
      caption:
        `Rental prices of every period under ${rentalMechanism}, ${currency}.` +
        (effective ? " Periods whose mechanism posts no prices show payments per kWh rented instead." : ""),
      spec: rentalPriceChart(rentalPrices, currency),
    });
  }
  return charts;
}

/** The run as the time-series charts show it: whole, or its first days when it is long (with a note saying so). */
function detailOf(run: RunData): { run: RunData; note: string } {
  const stepsPerDay = Math.round(24 / run.stepHours);
  const days = run.steps.length / stepsPerDay;
  if (days <= LONG_RUN_DAYS) return { run, note: "" };
  return {
    run: { ...run, steps: run.steps.slice(0, DETAIL_DAYS * stepsPerDay) },
    note: ` Only the first ${DETAIL_DAYS} of ${Math.round(days)} days are drawn; every step is in the run's Parquet files (sesame export).`,
  };
}

/** Title, header lines and summary tables of a run report. */
export function runReportText(run: RunData): ReportText {
  const { manifest, summary } = run;
  const lines = [
    `Run folder: ${basename(resolve(run.dir))}`,
    ...(run.state.status === "failed" && run.state.error ? [`Fault: step ${run.state.error.step}, ${run.state.error.agent}: ${run.state.error.message}`] : []),
    `Mechanisms: rental ${manifest.mechanisms.rental}, energy ${manifest.mechanisms.energy}; seed ${manifest.seed}; ${run.steps.length} steps of ${run.stepHours} h from ${run.start}.`,
    ...(manifest.fingerprint ? [`Fingerprint: ${manifest.fingerprint}`] : []),
    ...(run.logProblem ? [`Warning: the step log is damaged (${run.logProblem}); the charts show the records before the damage.`] : []),
    ...(summary ? [] : ["No summary: the cost breakdown and summary are missing."]),
  ];
  const title = `SESAME run report${run.partial ? " (PARTIAL)" : ""}: ${summary?.scenario ?? scenarioName(run)}`;
  return { title, lines, ...(run.partial ? { banner: partialBanner(run) } : {}), tables: summary ? [runTable(summary, run), agentTable(summary)] : [] };
}

/** The banner of a partial run's page: what it is, what its figures cover, what is missing. */
function partialBanner(run: RunData): string {
  const { state } = run;
  const steps = run.steps.length;
  const what =
    state.status === "failed"
      ? `This run failed at step ${state.error?.step ?? steps} of ${state.steps}${state.error ? ` (${state.error.agent}: ${state.error.message})` : ""}.`
      : `This run was interrupted after ${steps} of ${state.steps} steps: the process stopped before the run finished (its manifest still says running).`;
  const summary =
    state.status === "interrupted"
      ? " The summary below is measured from the logged steps; the baselines, the comparison and the viability are not computed."
      : " The summary below is the one the failed run wrote, over the steps before the fault.";
  const remedy = state.status === "interrupted" ? ` Finish it with \`sesame run --resume ${run.dir}\`.` : "";
  return `PARTIAL RUN — ${what} Every chart and figure on this page covers only the ${steps} steps logged.${run.summary ? summary : ""}${remedy}`;
}

function runTable(s: RunSummary, run: RunData): HtmlTable {
  const c = s.currency;
  const rows: [string, string][] = [
    // The run's state, not the summary's: a measured prefix has no error record and would say complete.
    ["status", run.partial ? `${run.partial} (${s.stepsCompleted} steps summarised)` : `${s.status}, ${s.stepsCompleted} steps`],
    [`provider profit (${c})`, formatNumber(s.provider.profit)],
    [`rental revenue (${c})`, formatNumber(s.provider.rentalRevenue)],
    [`degradation fees (${c})`, formatNumber(s.provider.degradationFees)],
    [`capex share (${c})`, formatNumber(s.provider.capexShare)],
    [`O&M share (${c})`, formatNumber(s.provider.omShare)],
    [`mean peer energy price (${c}/kWh)`, formatNumber(s.market.meanEnergyPrice, 4)],
    ["peer traded (kWh)", formatNumber(s.market.peerTradedKWh, 1)],
    ["mean rental prices cE / cP", s.market.meanRentalPrices ? `${formatNumber(s.market.meanRentalPrices.cE, 4)} / ${formatNumber(s.market.meanRentalPrices.cP, 4)}` : "–"],
    ["storage utilisation", formatNumber(s.storage.utilisation, 3)],
    ["mean rented share", formatNumber(s.storage.meanRentedShare, 3)],
    ["equilibrium", s.equilibrium.converged ? `converged at period ${s.equilibrium.convergedAtPeriod}` : "not converged"],
  ];
  if (s.comparison) {
    const b = s.comparison.baselines;
    const sized = (x: { energyKWh: number; powerKW: number }) => `${formatNumber(x.energyKWh, 0)} kWh / ${formatNumber(x.powerKW, 0)} kW`;
    rows.push([`system cost, this run (${c})`, formatNumber(s.comparison.systemCost)]);
    rows.push([`system cost, no storage (${c})`, formatNumber(b.noStorage.total)]);
    rows.push([`system cost, own batteries, ${b.ownBattery.sizing}: Σ ${sized(b.ownBattery)} (${c})`, formatNumber(b.ownBattery.total)]);
    if (b.neighbourShared) rows.push([`system cost, neighbour groups, ${b.neighbourShared.sizing} (${c})`, formatNumber(b.neighbourShared.total)]);
    rows.push([`system cost, central optimum at ${sized(b.centralOptimum.atSharedSize)} (${c})`, formatNumber(b.centralOptimum.atSharedSize.systemCost)]);
    rows.push([`system cost, central optimum optimally sized, ${sized(b.centralOptimum.optimal)} (${c})`, formatNumber(b.centralOptimum.optimal.systemCost)]);
    rows.push([`welfare gain (${c})`, formatNumber(s.comparison.welfareGain)]);
    rows.push(["efficiency", formatNumber(s.comparison.efficiency, 3)]);
    rows.push(["IR violations", s.comparison.irViolations.length === 0 ? "none" : s.comparison.irViolations.join(", ")]);
  }
  if (s.viability) {
    rows.push([`NPV (${c}), ${s.viability.basis.description}`, formatNumber(s.viability.npv)]);
    rows.push(["viable for users / provider", `${s.viability.viableForUsers === null ? "–" : s.viability.viableForUsers ? "yes" : "no"} / ${s.viability.viableForProvider ? "yes" : "no"}`]);
  }
  return { caption: "Run", header: ["metric", "value"], rows, numeric: [1] };
}

/**
 * One row per agent. No storage is the agent using its own flexibility (batch deferral, a
 * generator, its battery) without storage, as in the printed summary, so the saving is the
 * saving due to storage; the bare profile's cost (no flexibility either) is its own column.
 */
function agentTable(s: RunSummary): HtmlTable {
  const c = s.currency;
  const own = s.comparison?.baselines.ownBattery.perAgent;
  const rows = Object.entries(s.agents)
    .sort((a, b) => compareIds(a[0], b[0]))
    .map(([id, m]) => [
      id,
      formatNumber(m.cost),
      formatNumber(m.noStorageCost),
      formatNumber(m.saving),
      own?.[id] ? formatNumber(own[id]!.cost) : "–",
      formatNumber(m.noStorageNoFlexibilityCost),
      formatNumber(m.meanRentedEnergyKWh, 1),
      formatNumber(m.meanRentedPowerKW, 1),
    ]);
  return {
    caption: "Agents",
    header: ["agent", `cost (${c})`, `no-storage cost (${c})`, `saving (${c})`, `own-battery cost (${c})`, `bare profile cost (${c})`, "mean rented kWh", "mean rented kW"],
    rows,
    numeric: [1, 2, 3, 4, 5, 6, 7],
  };
}

function scenarioName(run: RunData): string {
  const scenario = run.manifest.scenario as { name?: unknown };
  return typeof scenario.name === "string" ? scenario.name : run.dir;
}

function currencyOf(run: RunData): string {
  const scenario = run.manifest.scenario as { currency?: unknown };
  return typeof scenario.currency === "string" ? scenario.currency : "";
}

import type { Comparison, RunSummary, Viability } from "../lab/run-summary.js";
import { formatNumber, renderTable } from "./table.js";

function signed(x: number): string {
  return x < 0 ? `− ${formatNumber(-x)}` : `+ ${formatNumber(x)}`;
}

/** "4,000 kWh / 1,000 kW": a battery's ratings. */
function size(b: { readonly energyKWh: number; readonly powerKW: number }): string {
  return `${formatNumber(b.energyKWh, 0)} kWh / ${formatNumber(b.powerKW, 0)} kW`;
}

/** "7 days", "36 h": the horizon a figure is over. */
function horizon(summary: RunSummary): string {
  const hours = summary.hours;
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} days` : `${formatNumber(hours, 0)} h`;
}

/**
 * The end-of-run summary a person reads: per-agent table, then provider, market and storage,
 * the options compared on one footing, and the viability verdict with its margins.
 */
export function renderRunSummary(summary: RunSummary, dir: string): string {
  const over = horizon(summary);
  const lines = [
    `SESAME run ${summary.scenario} (seed ${summary.seed}): ${summary.status}, ${summary.stepsCompleted} steps, rental ${summary.mechanisms.rental}, energy ${summary.mechanisms.energy}`,
    "",
    ...summaryBody(summary, { over, per: "", equilibrium: equilibriumLine(summary) }),
    `fingerprint ${summary.fingerprint}`,
    `run folder ${dir}`,
  ];
  if (summary.error) lines.splice(1, 0, `FAILED at step ${summary.error.step} (${summary.error.agent}): ${summary.error.message}`);
  return lines.join("\n");
}

/** How the body of a summary names its horizon. */
export interface SummaryHorizon {
  /** What the table's and the options' figures are over: "7 days", "a year". */
  readonly over: string;
  /** Put after a line's label before figures over the horizon: "" for a run's own horizon, "per year: " for a pooled year. */
  readonly per: string;
  /** The equilibrium line. */
  readonly equilibrium: string;
  /** What every battery is sized once for (default "the horizon"). */
  readonly sizedFor?: string;
}

/**
 * Everything between the title and the fingerprint: the per-agent table, provider, market,
 * storage, equilibrium, the options and the viability, then the checks.
 */
export function summaryBody(summary: RunSummary, horizon: SummaryHorizon): string[] {
  const cur = summary.currency;
  const c = summary.comparison;
  const own = c?.baselines.ownBattery.perAgent;
  // The neighbour column appears only when the scenario asks for that baseline.
  const neighbour = c?.baselines.neighbourShared?.perAgent;
  const rows = Object.entries(summary.agents).map(([id, a]) => [
    id,
    formatNumber(a.cost),
    formatNumber(a.noStorageCost),
    ...(own ? [own[id] ? formatNumber(own[id]!.cost) : "—"] : []),
    ...(neighbour ? [neighbour[id] ? formatNumber(neighbour[id]!.cost) : "—"] : []),
    formatNumber(a.saving),
    formatNumber(a.rentalCost),
    formatNumber(a.meanRentedEnergyKWh, 1),
    formatNumber(a.meanRentedPowerKW, 1),
    formatNumber(a.peerBoughtKWh + a.peerSoldKWh, 1),
  ]);
  const table = renderTable(
    [
      `agent`,
      `cost ${cur}`,
      `no-storage ${cur}`,
      ...(own ? [`own-battery ${cur}`] : []),
      ...(neighbour ? [`neighbour ${cur}`] : []),
      `saving ${cur}`,
      `rent ${cur}`,
      `rented kWh`,
      `rented kW`,
      `peer kWh`,
    ],
    rows,
  );
  const p = summary.provider;
  const price = summary.market.meanEnergyPrice;
  const rental = summary.market.meanRentalPrices;
  const { over, per } = horizon;
  const sizedFor = horizon.sizedFor ?? "the horizon";
  return [
    table,
    `(over ${over}; no-storage: each agent using its own flexibility without storage${own ? `; own-battery: a battery of its own, sized once for ${sizedFor}` : ""}; saving = no-storage − cost)`,
    "",
    `provider   ${per}revenue ${formatNumber(p.rentalRevenue)} rent + ${formatNumber(p.degradationFees)} fees${p.arbitrageProfit !== 0 ? ` ${signed(p.arbitrageProfit)} arbitrage` : ""} ${cur}; costs ${formatNumber(p.degradationCost)} wear + ${formatNumber(p.capexShare)} capex share + ${formatNumber(p.omShare)} O&M share ${signed(p.floorTopUpCost)} pool upkeep; profit ${formatNumber(p.profit)} ${cur}`,
    `market     ${per}mean energy price ${price === null ? "— (no peer trades)" : `${formatNumber(price, 4)} ${cur}/kWh`} over ${formatNumber(summary.market.peerTradedKWh, 1)} kWh peer-traded` +
      (rental ? `; mean rental price ${formatNumber(rental.cE, 4)} ${cur}/kWh, ${formatNumber(rental.cP, 4)} ${cur}/kW per period` : ""),
    `storage    ${per}utilisation ${formatNumber(summary.storage.utilisation * 100, 1)}%, rented share ${formatNumber(summary.storage.meanRentedShare * 100, 1)}%, throughput ${formatNumber(summary.storage.throughputKWh, 0)} kWh, curtailed ${formatNumber(summary.storage.curtailedKWh, 1)} kWh`,
    horizon.equilibrium,
    ...(c ? comparisonLines(summary, c, over, per, sizedFor) : []),
    ...(summary.viability ? [viabilityLine(summary.viability, cur, per === "" ? "" : " a year")] : []),
    `checks     max residual energy ${summary.checks.maxEnergyResidualKWh.toExponential(1)} kWh, money ${summary.checks.maxMoneyResidual.toExponential(1)} ${cur}`,
  ];
}

/** The options side by side, the footing they stand on, welfare and fairness. */
function comparisonLines(summary: RunSummary, c: Comparison, over: string, per: string, sizedFor: string): string[] {
  const cur = summary.currency;
  const b = c.baselines;
  const central = b.centralOptimum;
  const neighbour = b.neighbourShared;
  const efficiency = c.efficiency !== null ? `${formatNumber(c.efficiency * 100, 1)}%` : "— (the central optimum gains nothing over no storage)";
  const bound = central.boundsTheRun ? "" : " (not a bound: planners on noisy forecasts)";
  const options = [
    `no storage ${formatNumber(b.noStorage.total)}`,
    `own batteries ${formatNumber(b.ownBattery.total)} (Σ ${size(b.ownBattery)}, ${b.ownBattery.sizing})`,
    ...(neighbour
      ? [`neighbour groups ${formatNumber(neighbour.total)} (${neighbour.groups.length} of ≤ ${neighbour.groupSize}, Σ ${size(sumSizes(neighbour.groups))}, ${neighbour.sizing}${neighbour.flexibilityIgnored.length > 0 ? `, without the flexibility of ${neighbour.flexibilityIgnored.join(", ")}` : ""})`]
      : []),
    `this run ${formatNumber(c.systemCost)} (${size({ energyKWh: summary.storage.energyKWh, powerKW: summary.storage.powerKW })}, given)`,
    `central optimum ${formatNumber(central.atSharedSize.systemCost)} (same size)`,
    `central optimum ${formatNumber(central.optimal.systemCost)} (${size(central.optimal)}, optimal${central.boundsEveryOption ? ", a lower bound on every option" : ""})`,
  ];
  const f = b.footing;
  const periods = (n: number) => `${n} rental period${n === 1 ? "" : "s"}`;
  const sizedOn = f.sizingPeriods.representative ? `sized on ${f.sizingPeriods.periods} representative of ${periods(f.sizingPeriods.of)}` : `sized over its ${periods(f.sizingPeriods.of)}`;
  const strategies = f.notLpPlanned.length > 0 ? `; per-agent options run each agent's own strategy (${listed(f.notLpPlanned)} not lp-optimal), joint options by LP` : "";
  return [
    `options    system cost over ${over}, ${cur}: ${options.join("; ")}`,
    `footing    every battery sized once for ${sizedFor} (${sizedOn}) at ${formatNumber(f.unitFixedCost.perKWhYear)} ${cur}/kWh and ${formatNumber(f.unitFixedCost.perKWYear)} ${cur}/kW a year (capex annuity + O&M) × ${formatNumber(f.yearShare, 4)} of a year; planned on ${f.forecast === "perfect" ? "perfect forecasts" : "the agents' forecasts, settled on the realised profiles"}${strategies}`,
    `welfare    ${per}gain ${formatNumber(c.welfareGain)} ${cur} vs no storage; central optimum ${formatNumber(c.centralWelfareGain)} ${cur} at this size${bound}, ${formatNumber(c.optimalCentralWelfareGain)} ${cur} optimally sized; efficiency ${efficiency}; budget surplus ${formatNumber(c.budgetSurplus)} ${cur}`,
    `fairness   ${per === "" ? "" : "of the year's savings: "}Gini of savings ${c.giniOfSavings === null ? "—" : formatNumber(c.giniOfSavings, 3)}; individual rationality broken for ${c.irViolations.length === 0 ? "nobody" : c.irViolations.join(", ")}`,
  ];
}

function sumSizes(groups: readonly { readonly energyKWh: number; readonly powerKW: number }[]) {
  return { energyKWh: groups.reduce((s, g) => s + g.energyKWh, 0), powerKW: groups.reduce((s, g) => s + g.powerKW, 0) };
}

/** A list of ids, shortened to its ends when long. */
function listed(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(", ") : `${ids[0]} … ${ids[ids.length - 1]}, ${ids.length} agents`;
}

/** NPV, IRR and payback of the provider's investment, what they rest on, and each side's verdict with its margin. */
function viabilityLine(v: Viability, cur: string, perYear: string): string {
  const irr = v.irr === null ? "—" : `${formatNumber(v.irr * 100, 1)}%`;
  const payback = v.paybackYears === null ? `> ${v.lifetimeYears} y` : `${formatNumber(v.paybackYears, 1)} y`;
  const provider = v.viableForProvider ? `yes, NPV ≥ 0 by ${formatNumber(v.npv)} ${cur}` : `no, NPV short by ${formatNumber(-v.npv)} ${cur}`;
  return `viability  NPV ${formatNumber(v.npv)} ${cur}, IRR ${irr}, payback ${payback} (${v.basis.description}) — for users: ${usersVerdict(v, cur, perYear)}; for the provider: ${provider}`;
}

/** "no, 1,410 CNY dearer than own batteries (optimal), 6,690 CNY cheaper than no storage" (`perYear` after the currency: " a year"). */
function usersVerdict(v: Viability, cur: string, perYear: string): string {
  const u = v.users;
  if (!u || v.viableForUsers === null) return "— (no baselines)";
  const against = (margin: number, what: string) => (margin >= 0 ? `${formatNumber(margin)} ${cur}${perYear} cheaper than ${what}` : `${formatNumber(-margin)} ${cur}${perYear} dearer than ${what}`);
  return `${v.viableForUsers ? "yes" : "no"}, ${against(u.marginVsOwnBattery, `own batteries (${u.ownBatterySizing})`)}, ${against(u.marginVsNoStorage, "no storage")}`;
}

/** The equilibrium line of a run: converged or not, at which period, the last prices. */
export function equilibriumLine(summary: RunSummary): string {
  const eq = summary.equilibrium;
  const last = eq.trajectory[eq.trajectory.length - 1];
  if (!last) return "equilibrium no rental round";
  const what = eq.tracked === "prices" ? "rental prices" : "provider revenue";
  if (eq.converged) return `equilibrium ${what} converged at period ${eq.convergedAtPeriod} (${last.values.map((v) => formatNumber(v, 4)).join(", ")})`;
  const change = last.maxRelativeChange === null ? "—" : `${formatNumber(last.maxRelativeChange * 100, 2)}%`;
  return `equilibrium ${what} not converged over ${eq.trajectory.length} periods (last change ${change}); trajectory in summary.json`;
}

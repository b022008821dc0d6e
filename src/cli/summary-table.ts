import type { RunSummary } from "../lab/metrics.js";
import type { Viability } from "../lab/viability.js";
import { formatNumber, renderTable } from "./table.js";

function signed(x: number): string {
  return x < 0 ? `− ${formatNumber(-x)}` : `+ ${formatNumber(x)}`;
}

/** The end-of-run summary a person reads: per-agent table, then provider, market and storage. */
export function renderRunSummary(summary: RunSummary, dir: string): string {
  const cur = summary.currency;
  const individual = summary.comparison?.baselines.individualStorage.perAgent;
  // With baselines, "no storage" is the agent using its own flexibility without storage.
  const noStorage = (id: string, fallback: number) => summary.comparison?.baselines.noStorage.perAgent[id] ?? fallback;
  // The neighbour column appears only when the scenario asks for that baseline.
  const neighbour = summary.comparison?.baselines.neighbourShared?.perAgent;
  const rows = Object.entries(summary.agents).map(([id, a]) => [
    id,
    formatNumber(a.cost),
    formatNumber(noStorage(id, a.noStorageCost)),
    individual?.[id] ? formatNumber(individual[id]!.cost) : "—",
    ...(neighbour ? [neighbour[id] ? formatNumber(neighbour[id]!.cost) : "—"] : []),
    formatNumber(noStorage(id, a.noStorageCost) - a.cost),
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
      `own-battery ${cur}`,
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
  const lines = [
    `SESAME run ${summary.scenario} (seed ${summary.seed}): ${summary.status}, ${summary.stepsCompleted} steps, rental ${summary.mechanisms.rental}, energy ${summary.mechanisms.energy}`,
    "",
    table,
    "",
    `provider   revenue ${formatNumber(p.rentalRevenue)} rent + ${formatNumber(p.degradationFees)} fees${p.arbitrageProfit !== 0 ? ` ${signed(p.arbitrageProfit)} arbitrage` : ""} ${cur}; costs ${formatNumber(p.degradationCost)} wear + ${formatNumber(p.capexShare)} capex share ${signed(p.floorTopUpCost)} pool upkeep; profit ${formatNumber(p.profit)} ${cur}`,
    `market     mean energy price ${price === null ? "— (no peer trades)" : `${formatNumber(price, 4)} ${cur}/kWh`} over ${formatNumber(summary.market.peerTradedKWh, 1)} kWh peer-traded` +
      (rental ? `; mean rental price ${formatNumber(rental.cE, 4)} ${cur}/kWh, ${formatNumber(rental.cP, 4)} ${cur}/kW per period` : ""),
    `storage    utilisation ${formatNumber(summary.storage.utilisation * 100, 1)}%, rented share ${formatNumber(summary.storage.meanRentedShare * 100, 1)}%, throughput ${formatNumber(summary.storage.throughputKWh, 0)} kWh, curtailed ${formatNumber(summary.storage.curtailedKWh, 1)} kWh`,
    equilibriumLine(summary),
    ...comparisonLines(summary),
    ...(summary.viability ? [viabilityLine(summary.viability, cur)] : []),
    `checks     max residual energy ${summary.checks.maxEnergyResidualKWh.toExponential(1)} kWh, money ${summary.checks.maxMoneyResidual.toExponential(1)} ${cur}`,
    `fingerprint ${summary.fingerprint}`,
    `run folder ${dir}`,
  ];
  if (summary.error) lines.splice(1, 0, `FAILED at step ${summary.error.step} (${summary.error.agent}): ${summary.error.message}`);
  return lines.join("\n");
}

function comparisonLines(summary: RunSummary): string[] {
  const c = summary.comparison;
  if (!c) return [];
  const cur = summary.currency;
  const efficiency =
    c.efficiency !== null ? `${formatNumber(c.efficiency * 100, 1)}%` : "— (the central optimum gains nothing over no storage)";
  return [
    `welfare    gain ${formatNumber(c.welfareGain)} ${cur} vs no storage; central optimum ${formatNumber(c.centralWelfareGain)} ${cur}; efficiency ${efficiency}; budget surplus ${formatNumber(c.budgetSurplus)} ${cur}`,
    `fairness   Gini of savings ${c.giniOfSavings === null ? "—" : formatNumber(c.giniOfSavings, 3)}; individual rationality broken for ${c.irViolations.length === 0 ? "nobody" : c.irViolations.join(", ")}`,
    ...storageOptionsLine(summary),
  ];
}

/** With the neighbour-shared baseline: the saving of each storage option side by side. */
function storageOptionsLine(summary: RunSummary): string[] {
  const c = summary.comparison;
  const neighbour = c?.baselines.neighbourShared;
  if (!c || !neighbour) return [];
  const cur = summary.currency;
  const { noStorage, individualStorage } = c.baselines;
  const ignored = neighbour.flexibilityIgnored.length > 0 ? ` (without the flexibility of ${neighbour.flexibilityIgnored.join(", ")})` : "";
  return [
    `options    saving vs no storage: own batteries ${formatNumber(noStorage.total - individualStorage.total)}, neighbour-shared ${formatNumber(neighbour.savingVsNoStorage)}${ignored} ` +
      `(${neighbour.groups.length} groups of ≤ ${neighbour.groupSize}), this run ${formatNumber(c.welfareGain)}, central optimum ${formatNumber(c.centralWelfareGain)} ${cur}`,
  ];
}

/** NPV, IRR and payback of the provider's investment, and who shared storage pays for. */
function viabilityLine(v: Viability, cur: string): string {
  const yesNo = (x: boolean | null) => (x === null ? "—" : x ? "yes" : "no");
  const irr = v.irr === null ? "—" : `${formatNumber(v.irr * 100, 1)}%`;
  const payback = v.paybackYears === null ? `> ${v.lifetimeYears} y` : `${formatNumber(v.paybackYears, 1)} y`;
  return `viability  NPV ${formatNumber(v.npv)} ${cur}, IRR ${irr}, payback ${payback} — viable for users: ${yesNo(v.viableForUsers)}, for the provider: ${yesNo(v.viableForProvider)}`;
}

function equilibriumLine(summary: RunSummary): string {
  const eq = summary.equilibrium;
  const last = eq.trajectory[eq.trajectory.length - 1];
  if (!last) return "equilibrium no rental round";
  const what = eq.tracked === "prices" ? "rental prices" : "provider revenue";
  if (eq.converged) return `equilibrium ${what} converged at period ${eq.convergedAtPeriod} (${last.values.map((v) => formatNumber(v, 4)).join(", ")})`;
  const change = last.maxRelativeChange === null ? "—" : `${formatNumber(last.maxRelativeChange * 100, 2)}%`;
  return `equilibrium ${what} not converged over ${eq.trajectory.length} periods (last change ${change}); trajectory in summary.json`;
}

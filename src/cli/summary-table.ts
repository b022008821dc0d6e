import type { RunSummary } from "../lab/metrics.js";
import { formatNumber, renderTable } from "./table.js";

function signed(x: number): string {
  return x < 0 ? `− ${formatNumber(-x)}` : `+ ${formatNumber(x)}`;
}

/** The end-of-run summary a person reads: per-agent table, then provider, market and storage. */
export function renderRunSummary(summary: RunSummary, dir: string): string {
  const cur = summary.currency;
  const rows = Object.entries(summary.agents).map(([id, a]) => [
    id,
    formatNumber(a.cost),
    formatNumber(a.noStorageCost),
    formatNumber(a.saving),
    formatNumber(a.rentalCost),
    formatNumber(a.meanRentedEnergyKWh, 1),
    formatNumber(a.meanRentedPowerKW, 1),
    formatNumber(a.peerBoughtKWh + a.peerSoldKWh, 1),
  ]);
  const table = renderTable(
    [`agent`, `cost ${cur}`, `no-storage ${cur}`, `saving ${cur}`, `rent ${cur}`, `rented kWh`, `rented kW`, `peer kWh`],
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
    `provider   revenue ${formatNumber(p.rentalRevenue)} rent + ${formatNumber(p.degradationFees)} fees ${cur}; costs ${formatNumber(p.degradationCost)} wear + ${formatNumber(p.capexShare)} capex share ${signed(p.floorTopUpCost)} pool upkeep; profit ${formatNumber(p.profit)} ${cur}`,
    `market     mean energy price ${price === null ? "— (no peer trades)" : `${formatNumber(price, 4)} ${cur}/kWh`} over ${formatNumber(summary.market.peerTradedKWh, 1)} kWh peer-traded` +
      (rental ? `; mean rental price ${formatNumber(rental.cE, 4)} ${cur}/kWh, ${formatNumber(rental.cP, 4)} ${cur}/kW per period` : ""),
    `storage    utilisation ${formatNumber(summary.storage.utilisation * 100, 1)}%, rented share ${formatNumber(summary.storage.meanRentedShare * 100, 1)}%, throughput ${formatNumber(summary.storage.throughputKWh, 0)} kWh, curtailed ${formatNumber(summary.storage.curtailedKWh, 1)} kWh`,
    `checks     max residual energy ${summary.checks.maxEnergyResidualKWh.toExponential(1)} kWh, money ${summary.checks.maxMoneyResidual.toExponential(1)} ${cur}`,
    `fingerprint ${summary.fingerprint}`,
    `run folder ${dir}`,
  ];
  if (summary.error) lines.splice(1, 0, `FAILED at step ${summary.error.step} (${summary.error.agent}): ${summary.error.message}`);
  return lines.join("\n");
}

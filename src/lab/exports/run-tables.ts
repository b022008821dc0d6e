import type { RentalPrices } from "../../market/types.js";
import type { LogRecord, StepBody } from "../../sim/log/step-record.js";
import type { World } from "../../sim/world.js";
import type { CellValue, Column, DataTable } from "./table-model.js";

/**
 * The four per-run time series of docs/experiments.md ("Per-run time series"), built from a
 * run's world and its logged records. The log holds what happened (clearing, dispatch,
 * payments); what was fixed in advance and is not logged (the tariff's buy and sell prices per
 * step, each agent's net load) comes from the world rebuilt from the manifest's scenario.
 */

/** The four tables of one run. */
export interface RunTables {
  /** t, time, buyPrice, sellPrice, clearingPrice, cE, cP: one row per step. */
  readonly prices: DataTable;
  /** t, tenant, storedKWh, rentedEnergyKWh: one row per tenant in the step's dispatch. */
  readonly soc: DataTable;
  /** t, agent, net load, load shift, storage and grid/peer energy: one row per consumer agent per step. */
  readonly flows: DataTable;
  /** t, from, to, amount, reason: one row per payment. */
  readonly ledger: DataTable;
}

const num = (name: string): Column => ({ name, type: "number" });
const str = (name: string): Column => ({ name, type: "string" });

/** Columns of prices.parquet. */
export const PRICE_COLUMNS: readonly Column[] = [num("t"), str("time"), num("buyPrice"), num("sellPrice"), num("clearingPrice"), num("cE"), num("cP")];
/** Columns of soc.parquet. */
export const SOC_COLUMNS: readonly Column[] = [num("t"), str("tenant"), num("storedKWh"), num("rentedEnergyKWh")];
/** Columns of flows.parquet. */
export const FLOW_COLUMNS: readonly Column[] = [
  num("t"),
  str("agent"),
  num("netLoadKW"),
  num("loadShiftKW"),
  num("chargeKW"),
  num("dischargeKW"),
  num("gridImportKWh"),
  num("gridExportKWh"),
  num("peerBoughtKWh"),
  num("peerSoldKWh"),
];
/** Columns of ledger.parquet. */
export const LEDGER_COLUMNS: readonly Column[] = [num("t"), str("from"), str("to"), num("amount"), str("reason")];

type Row = Record<string, CellValue>;

/**
 * Builds the four tables from `records` (in step order). An error record (the end of a failed
 * run) has no step content and adds no rows. Rental prices and contracts hold from the step
 * whose record opened the period until the next rental record; before the first (or when a
 * round set no prices, or a tenant has no contract) they are null.
 */
export function buildRunTables(world: World, records: readonly LogRecord[]): RunTables {
  const prices: Row[] = [];
  const soc: Row[] = [];
  const flows: Row[] = [];
  const ledger: Row[] = [];
  let rentalPrices: RentalPrices | null = null;
  let rentedEnergy = new Map<string, number>();
  for (const record of records) {
    if (record.kind !== "step") continue;
    const { t } = record;
    if (record.rental) {
      rentalPrices = record.rental.prices;
      rentedEnergy = new Map(record.rental.contracts.map((c) => [c.tenant, c.energyKWh]));
    }
    prices.push({
      t,
      time: record.time,
      buyPrice: world.buyPrice[t] ?? null,
      sellPrice: world.sellPrice[t] ?? null,
      clearingPrice: record.clearing.prices["clearing"] ?? null,
      cE: rentalPrices?.cE ?? null,
      cP: rentalPrices?.cP ?? null,
    });
    for (const flow of record.dispatch.flows) {
      soc.push({ t, tenant: flow.tenant, storedKWh: flow.storedKWh, rentedEnergyKWh: rentedEnergy.get(flow.tenant) ?? null });
    }
    flows.push(...agentFlows(world, record));
    for (const p of record.payments) ledger.push({ t, from: p.from, to: p.to, amount: p.amount, reason: p.reason });
  }
  return {
    prices: { columns: PRICE_COLUMNS, rows: prices },
    soc: { columns: SOC_COLUMNS, rows: soc },
    flows: { columns: FLOW_COLUMNS, rows: flows },
    ledger: { columns: LEDGER_COLUMNS, rows: ledger },
  };
}

/**
 * One row per consumer agent. Grid and peer energy are split as the run's metrics split them
 * (lab/metrics.ts): an order's traded part is peer energy, the rest goes to or comes from the
 * grid, and an imbalance is settled with the grid.
 */
function agentFlows(world: World, record: StepBody): Row[] {
  const { t } = record;
  const peerBought = sumBy(record.clearing.trades, (x) => x.buyer, (x) => x.kWh);
  const peerSold = sumBy(record.clearing.trades, (x) => x.seller, (x) => x.kWh);
  const storage = new Map(record.dispatch.flows.map((f) => [f.tenant, f]));
  const grid = new Map<string, { import: number; export: number }>();
  const gridOf = (agent: string) => grid.get(agent) ?? grid.set(agent, { import: 0, export: 0 }).get(agent)!;
  for (const order of record.orders) {
    if (order.side === "buy") gridOf(order.agent).import += order.kWh - (peerBought.get(order.agent) ?? 0);
    else gridOf(order.agent).export += order.kWh - (peerSold.get(order.agent) ?? 0);
  }
  for (const { agent, kWh } of record.imbalances) {
    if (kWh > 0) gridOf(agent).import += kWh;
    if (kWh < 0) gridOf(agent).export -= kWh;
  }
  return world.agents.map(({ model: { id, netLoadKW } }) => ({
    t,
    agent: id,
    netLoadKW: netLoadKW[t] ?? null,
    loadShiftKW: record.loadShifts[id] ?? 0,
    // An agent without a partition this step moved nothing through the shared storage.
    chargeKW: storage.get(id)?.chargeKW ?? 0,
    dischargeKW: storage.get(id)?.dischargeKW ?? 0,
    gridImportKWh: grid.get(id)?.import ?? 0,
    gridExportKWh: grid.get(id)?.export ?? 0,
    peerBoughtKWh: peerBought.get(id) ?? 0,
    peerSoldKWh: peerSold.get(id) ?? 0,
  }));
}

function sumBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return sums;
}

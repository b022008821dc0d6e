import { rentalPeriodSpan, yearShareOf } from "../core/calendar.js";
import { batteryFixedCost } from "../agents/index.js";
import { PaymentReason } from "../market/payment-reasons.js";
import type { LogRecord, StepBody } from "../sim/log/step-record.js";
import type { World } from "../sim/world.js";
import type { AgentMetrics, RunSummary } from "./run-summary.js";
import type { NoStorageCosts } from "./baselines/no-storage.js";

/**
 * The metrics of a run (summary.json), computed from the logged records and the no-storage
 * reference (baselines/no-storage.ts, which the run's world determines), so that a summary can
 * be recomputed from any run folder. Costs are net money paid (negative = earned).
 */

interface Totals {
  energy: number;
  rental: number;
  degradation: number;
  demand: number;
  other: number;
  peerBought: number;
  peerSold: number;
  gridImport: number;
  gridExport: number;
  rentedEnergySum: number;
  rentedPowerSum: number;
}

/** The cost components of an agent's bill, each a field of its totals. */
type CostCategory = "energy" | "rental" | "degradation" | "demand" | "other";

/**
 * The bill component each payment reason counts in. A Record over every reason, so a reason
 * added to market/payment-reasons.ts without a category here does not compile.
 */
const CATEGORY_OF: Readonly<Record<PaymentReason, CostCategory>> = {
  [PaymentReason.energyPeer]: "energy",
  [PaymentReason.energyGridImport]: "energy",
  [PaymentReason.energyGridExport]: "energy",
  [PaymentReason.imbalanceImport]: "energy",
  [PaymentReason.imbalanceExport]: "energy",
  [PaymentReason.rental]: "rental",
  [PaymentReason.degradationFee]: "degradation",
  [PaymentReason.demandCharge]: "demand",
  [PaymentReason.cooperativeTransfer]: "other",
  [PaymentReason.floorTopUp]: "other",
  [PaymentReason.poolRelease]: "other",
  [PaymentReason.arbitrageImport]: "other",
  [PaymentReason.arbitrageExport]: "other",
  [PaymentReason.loadShed]: "other",
  [PaymentReason.unnettedExchange]: "other",
  [PaymentReason.gas]: "other",
  [PaymentReason.generatorFuel]: "other",
};
// A Map, not the object: a reason read from a log of another version may be any string
// (even "constructor"); what no category names counts as other.
const categoryOf = new Map<string, CostCategory>(Object.entries(CATEGORY_OF));

/** Accumulates metrics record by record. */
export class MetricsCollector {
  private readonly totals = new Map<string, Totals>();
  private readonly provider = { rental: 0, degradationFees: 0, topUp: 0, arbitrage: 0 };
  private tradedKWh = 0;
  private tradedValue = 0;
  private operatorSurplus = 0;
  private throughput = 0;
  private losses = 0;
  private degradationCost = 0;
  private curtailed = 0;
  private periods = 0;
  private rentedShareSum = 0;
  private rentalPriceSum = { cE: 0, cP: 0, n: 0 };
  private checks = { energy: 0, storage: 0, money: 0 };
  private stepsCompleted = 0;
  private trajectory: RunSummary["equilibrium"]["trajectory"][number][] = [];
  private convergedAt: number | null = null;
  private tracked: "prices" | "revenue" | null = null;
  private fingerprint = "";
  private error: RunSummary["error"];

  constructor(private readonly world: World) {
    for (const { model } of world.agents) this.totals.set(model.id, emptyTotals());
  }

  /** Adds one logged record. */
  add(record: LogRecord): void {
    this.fingerprint = record.hash;
    if (record.kind === "error") {
      this.error = { step: record.t, agent: record.error.agent, message: record.error.message };
      return;
    }
    this.stepsCompleted++;
    this.addRental(record);
    this.addPayments(record);
    this.addEnergy(record);
    this.addStorage(record);
    this.checks.energy = Math.max(this.checks.energy, Math.abs(record.checks.energyResidualKWh));
    this.checks.storage = Math.max(this.checks.storage, Math.abs(record.checks.storageResidualKWh));
    this.checks.money = Math.max(this.checks.money, Math.abs(record.checks.moneyResidual));
  }

  private addRental(record: StepBody): void {
    if (!record.rental) return;
    const { length } = rentalPeriodSpan(this.world.calendar, record.t);
    this.periods++;
    let rentedEnergy = 0;
    for (const c of record.rental.contracts) {
      const totals = this.totals.get(c.tenant);
      rentedEnergy += c.energyKWh;
      if (totals) {
        totals.rentedEnergySum += c.energyKWh * length;
        totals.rentedPowerSum += c.powerKW * length;
      }
    }
    this.rentedShareSum += rentedEnergy / this.world.storage.energyKWh;
    const eq = record.rental.equilibrium;
    this.tracked = eq.tracked;
    this.trajectory.push({ period: record.rental.period, values: eq.values, maxRelativeChange: eq.maxRelativeChange });
    if (eq.converged && this.convergedAt === null) this.convergedAt = record.rental.period;
    if (record.rental.prices) {
      this.rentalPriceSum.cE += record.rental.prices.cE;
      this.rentalPriceSum.cP += record.rental.prices.cP;
      this.rentalPriceSum.n++;
    }
  }

  private addPayments(record: StepBody): void {
    for (const p of record.payments) {
      this.charge(p.from, p.reason, p.amount);
      this.charge(p.to, p.reason, -p.amount);
      if (p.to === this.world.providerId && p.reason === PaymentReason.rental) this.provider.rental += p.amount;
      if (p.to === this.world.providerId && p.reason === PaymentReason.degradationFee) this.provider.degradationFees += p.amount;
      if (p.from === this.world.providerId && p.reason === PaymentReason.floorTopUp) this.provider.topUp += p.amount;
      if (p.to === this.world.providerId && p.reason === PaymentReason.poolRelease) this.provider.topUp -= p.amount;
      if (p.to === this.world.providerId && p.reason === PaymentReason.arbitrageExport) this.provider.arbitrage += p.amount;
      if (p.from === this.world.providerId && p.reason === PaymentReason.arbitrageImport) this.provider.arbitrage -= p.amount;
    }
  }

  private charge(account: string, reason: PaymentReason, amount: number): void {
    const totals = this.totals.get(account);
    if (totals) totals[categoryOf.get(reason) ?? "other"] += amount;
  }

  private addEnergy(record: StepBody): void {
    const peerBought = new Map<string, number>();
    const peerSold = new Map<string, number>();
    for (const trade of record.clearing.trades) {
      peerBought.set(trade.buyer, (peerBought.get(trade.buyer) ?? 0) + trade.kWh);
      peerSold.set(trade.seller, (peerSold.get(trade.seller) ?? 0) + trade.kWh);
      this.tradedKWh += trade.kWh;
      this.tradedValue += trade.kWh * trade.buyerPrice;
    }
    this.operatorSurplus += record.clearing.operatorSurplus;
    for (const order of record.orders) {
      const totals = this.totals.get(order.agent);
      if (!totals) continue;
      if (order.side === "buy") {
        const peer = peerBought.get(order.agent) ?? 0;
        totals.peerBought += peer;
        totals.gridImport += order.kWh - peer;
      } else {
        const peer = peerSold.get(order.agent) ?? 0;
        totals.peerSold += peer;
        totals.gridExport += order.kWh - peer;
      }
    }
    for (const { agent, kWh } of record.imbalances) {
      const totals = this.totals.get(agent);
      if (totals && kWh > 0) totals.gridImport += kWh;
      if (totals && kWh < 0) totals.gridExport -= kWh;
    }
  }

  private addStorage(record: StepBody): void {
    this.throughput += record.dispatch.throughputKWh;
    this.losses += record.dispatch.lossesKWh;
    this.degradationCost += record.dispatch.degradationCost;
    for (const c of record.dispatch.curtailments) this.curtailed += (c.requestedKW - c.grantedKW) * this.world.calendar.stepHours;
  }

  /**
   * The summary of everything added so far; `noStorage` is each agent's no-storage cost over the
   * same steps (baselines/no-storage.ts `noStorageCosts(world, stepsCompleted)`).
   */
  summary(noStorage: NoStorageCosts): RunSummary {
    const { world } = this;
    const steps = Math.max(this.stepsCompleted, 1);
    const hours = this.stepsCompleted * world.calendar.stepHours;
    const agents: Record<string, AgentMetrics> = {};
    for (const { model } of world.agents) {
      const x = this.totals.get(model.id)!;
      const cost = x.energy + x.rental + x.degradation + x.demand + x.other;
      const noStorageCost = noStorage.perAgent[model.id];
      if (noStorageCost === undefined) throw new Error(`MetricsCollector.summary: no no-storage cost for agent ${model.id}`);
      agents[model.id] = {
        cost,
        energyCost: x.energy,
        rentalCost: x.rental,
        degradationFees: x.degradation,
        demandCharges: x.demand,
        noStorageCost,
        saving: noStorageCost - cost,
        noStorageNoFlexibilityCost: noStorage.withoutFlexibility.perAgent[model.id] ?? 0,
        meanRentedEnergyKWh: x.rentedEnergySum / steps,
        meanRentedPowerKW: x.rentedPowerSum / steps,
        peerBoughtKWh: x.peerBought,
        peerSoldKWh: x.peerSold,
        gridImportKWh: x.gridImport,
        gridExportKWh: x.gridExport,
      };
    }
    // The one investment rule (MODEL.md §8): the shared storage's capex annuity and O&M, pro rata.
    const yearShare = yearShareOf(world.calendar, this.stepsCompleted);
    const capexShare = world.providerEconomics.annualisedCapex * yearShare;
    const fixedCost = batteryFixedCost(world.providerEconomics.unitFixedCost, world.storage, yearShare);
    const p = this.provider;
    const scenario = world.scenario as { name: string; currency: string };
    return {
      scenario: scenario.name,
      seed: world.seed,
      currency: scenario.currency,
      status: this.error ? "failed" : "complete",
      stepsCompleted: this.stepsCompleted,
      hours,
      mechanisms: { rental: world.rentalMechanism.name, energy: world.energyMechanism.name },
      fingerprint: this.fingerprint,
      agents,
      provider: {
        rentalRevenue: p.rental,
        degradationFees: p.degradationFees,
        floorTopUpCost: p.topUp,
        arbitrageProfit: p.arbitrage,
        degradationCost: this.degradationCost,
        capexShare,
        omShare: fixedCost - capexShare,
        profit: p.rental + p.degradationFees - p.topUp + p.arbitrage - this.degradationCost - fixedCost,
      },
      market: {
        meanEnergyPrice: this.tradedKWh > 0 ? this.tradedValue / this.tradedKWh : null,
        peerTradedKWh: this.tradedKWh,
        operatorSurplus: this.operatorSurplus,
        meanRentalPrices:
          this.rentalPriceSum.n > 0 ? { cE: this.rentalPriceSum.cE / this.rentalPriceSum.n, cP: this.rentalPriceSum.cP / this.rentalPriceSum.n } : null,
      },
      storage: {
        energyKWh: world.storage.energyKWh,
        powerKW: world.storage.powerKW,
        throughputKWh: this.throughput,
        lossesKWh: this.losses,
        utilisation: hours > 0 ? this.throughput / (2 * world.storage.energyKWh * (hours / 24)) : 0,
        meanRentedShare: this.periods > 0 ? this.rentedShareSum / this.periods : 0,
        curtailedKWh: this.curtailed,
      },
      equilibrium: {
        tracked: this.tracked,
        converged: this.convergedAt !== null,
        convergedAtPeriod: this.convergedAt,
        trajectory: this.trajectory,
      },
      checks: { maxEnergyResidualKWh: this.checks.energy, maxStorageResidualKWh: this.checks.storage, maxMoneyResidual: this.checks.money },
      ...(this.error ? { error: this.error } : {}),
    };
  }
}

function emptyTotals(): Totals {
  return { energy: 0, rental: 0, degradation: 0, demand: 0, other: 0, peerBought: 0, peerSold: 0, gridImport: 0, gridExport: 0, rentedEnergySum: 0, rentedPowerSum: 0 };
}

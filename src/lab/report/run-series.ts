import type { StepBody } from "../../sim/log/step-record.js";
import type { RunSummary } from "../run-summary.js";
import type { RunData } from "./run-data.js";
import { compareIds } from "../../core/ids.js";

/**
 * The tables the run charts plot, extracted from a run's records and summary. Long form
 * (one row per value) because that is what Vega-Lite encodes by field.
 */

/** One price at one step: a peer clearing price (one per key the mechanism reports) or a grid price. */
export interface PricePoint {
  readonly hour: number;
  readonly series: string;
  readonly kind: "peer" | "grid";
  readonly price: number;
}

/** A tenant's stored energy after a step. */
export interface SocPoint {
  readonly hour: number;
  readonly tenant: string;
  readonly storedKWh: number;
}

/** One cost component of one agent (negative = earned). */
export interface CostPart {
  readonly agent: string;
  readonly component: string;
  readonly amount: number;
  /** The agent's total cost: the bars are ordered by it. */
  readonly total: number;
}

/** One leader query of a Stackelberg round. */
export interface LeaderQuery {
  readonly period: number;
  readonly query: number;
  readonly leaderRevenue: number;
  readonly cE: number;
  readonly cP: number;
  /** True for the query whose prices the round settled on. */
  readonly chosen: boolean;
}

/** A rental price of one period. */
export interface RentalPricePoint {
  readonly period: number;
  readonly price: "cE" | "cP" | "effective";
  readonly value: number;
}

const hourOf = (run: RunData, t: number) => t * run.stepHours;

/** Peer clearing prices (each key the energy mechanism logs) and the grid's buy/sell prices per step. */
export function pricePoints(run: RunData): PricePoint[] {
  const points: PricePoint[] = [];
  for (const step of run.steps) {
    const hour = hourOf(run, step.t);
    if (run.gridPrices) {
      points.push({ hour, series: "grid buy", kind: "grid", price: run.gridPrices.buy[step.t]! });
      points.push({ hour, series: "grid sell", kind: "grid", price: run.gridPrices.sell[step.t]! });
    }
    if (run.gridPrices && step === run.steps[run.steps.length - 1]) {
      // Grid lines are drawn as steps; a closing point makes the last step as long as the others.
      const end = hourOf(run, step.t + 1);
      points.push({ hour: end, series: "grid buy", kind: "grid", price: run.gridPrices.buy[step.t]! });
      points.push({ hour: end, series: "grid sell", kind: "grid", price: run.gridPrices.sell[step.t]! });
    }
    // Keys are sorted in the log (clearing, or buyer/seller for SDR), so the legend order is stable.
    for (const [key, price] of Object.entries(step.clearing.prices)) {
      if (Number.isFinite(price)) points.push({ hour, series: key === "clearing" ? "peer clearing" : `peer ${key}`, kind: "peer", price });
    }
  }
  return points;
}

/** Total energy each tenant rented over the run (kWh × periods), for choosing whom to plot. */
export function rentedEnergyByTenant(steps: readonly StepBody[]): Map<string, number> {
  const rented = new Map<string, number>();
  for (const step of steps) for (const c of step.rental?.contracts ?? []) rented.set(c.tenant, (rented.get(c.tenant) ?? 0) + c.energyKWh);
  return rented;
}

/**
 * Stored energy per tenant per step, for the `limit` tenants that rented the most energy
 * (ties by name, so the choice is deterministic). Also returns how many tenants there were.
 */
export function socPoints(run: RunData, limit: number): { points: SocPoint[]; shown: string[]; tenants: number } {
  const rented = rentedEnergyByTenant(run.steps);
  for (const step of run.steps) for (const f of step.dispatch.flows) if (!rented.has(f.tenant)) rented.set(f.tenant, 0);
  const ranked = [...rented.entries()].sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]));
  const shown = ranked.slice(0, limit).map(([tenant]) => tenant);
  const keep = new Set(shown);
  const points: SocPoint[] = [];
  for (const step of run.steps) {
    for (const f of step.dispatch.flows) if (keep.has(f.tenant)) points.push({ hour: hourOf(run, step.t), tenant: f.tenant, storedKWh: f.storedKWh });
  }
  return { points, shown, tenants: rented.size };
}

/**
 * The cost components of each consumer agent from summary.json, for the `limit` agents with
 * the largest absolute cost. "other" (e.g. generator fuel) appears only when some agent has it,
 * so the stack always adds up to the agent's cost.
 */
export function costParts(summary: RunSummary, limit: number): { parts: CostPart[]; agents: number } {
  const entries = Object.entries(summary.agents).sort((a, b) => Math.abs(b[1].cost) - Math.abs(a[1].cost) || compareIds(a[0], b[0]));
  const shown = entries.slice(0, limit);
  const otherOf = (m: (typeof entries)[number][1]) => m.cost - m.energyCost - m.rentalCost - m.degradationFees - m.demandCharges;
  const withOther = shown.some(([, m]) => Math.abs(otherOf(m)) > 1e-9);
  const parts: CostPart[] = [];
  for (const [agent, m] of shown) {
    const components: [string, number][] = [
      ["energy", m.energyCost],
      ["rental", m.rentalCost],
      ["degradation fees", m.degradationFees],
      ["demand charges", m.demandCharges],
    ];
    if (withOther) components.push(["other", otherOf(m)]);
    for (const [component, amount] of components) parts.push({ agent, component, amount, total: m.cost });
  }
  return { parts, agents: entries.length };
}

/** Every leader query of every rental round, numbered from 1 within its period. */
export function leaderQueries(steps: readonly StepBody[]): LeaderQuery[] {
  const queries: LeaderQuery[] = [];
  for (const step of steps) {
    const rental = step.rental;
    if (!rental) continue;
    const chosen = rental.prices;
    let marked = false;
    rental.iterations.forEach((it, i) => {
      // The first query at the settled prices is the one the leader chose (later probes may repeat it).
      const isChosen = !marked && chosen !== null && it.prices.cE === chosen.cE && it.prices.cP === chosen.cP;
      if (isChosen) marked = true;
      queries.push({ period: rental.period, query: i + 1, leaderRevenue: it.leaderRevenue, cE: it.prices.cE, cP: it.prices.cP, chosen: isChosen });
    });
  }
  return queries;
}

/**
 * The rental prices of each period. Mechanisms without posted prices (cooperative) log none;
 * for them the effective price, payments over rented energy, stands in.
 */
export function rentalPricePoints(steps: readonly StepBody[]): RentalPricePoint[] {
  const points: RentalPricePoint[] = [];
  for (const step of steps) {
    const rental = step.rental;
    if (!rental) continue;
    if (rental.prices) {
      points.push({ period: rental.period, price: "cE", value: rental.prices.cE });
      points.push({ period: rental.period, price: "cP", value: rental.prices.cP });
      continue;
    }
    const energy = rental.contracts.reduce((s, c) => s + c.energyKWh, 0);
    const paid = rental.contracts.reduce((s, c) => s + c.payment, 0);
    if (energy > 0) points.push({ period: rental.period, price: "effective", value: paid / energy });
  }
  return points;
}

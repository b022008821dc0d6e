import type { EnergyTrade, Payment, RentalContract } from "../../market/types.js";
import type { StepBody } from "../../sim/log/step-record.js";
import { capacityOf, gridKWhOf, netPaid, peerKWhOf, rentOf, SUMMED_FIGURES, type AgentFigures } from "./agent-figures.js";
import type { LoggedRun } from "./logged-run.js";

/**
 * Open loop as bookkeeping: a counterfactual replaces some of a logged step's payments (and, for
 * the energy market, its trades; for a rental round, its contracts) and keeps everything else as
 * logged. This file turns those replacements into every agent's figures per step and over the
 * run — logged, open loop, and the difference.
 *
 * Every difference is computed from what changed only (Δcost = net of the added payments − net
 * of the removed ones, Δpeer = re-cleared − logged peer kWh), never as open loop − logged: so a
 * re-clearing that reproduces the log gives differences of exactly 0, not float noise, and the
 * open-loop figure is the logged one plus the difference.
 */

/** What a counterfactual changes in one logged step; a step it leaves alone has no change. */
export interface StepChange {
  readonly t: number;
  /** Logged payments the counterfactual takes out. */
  readonly removed: readonly Payment[];
  /** The payments it makes instead. */
  readonly added: readonly Payment[];
  /** The re-cleared energy market of the step (its trades and the operator's take, currency). */
  readonly energy?: { readonly trades: readonly EnergyTrade[]; readonly operatorSurplus: number };
  /** The re-cleared contracts, when the step opened a rental period. */
  readonly contracts?: readonly RentalContract[];
}

/** Market-wide figures over the run. */
export interface MarketFigures {
  /** Rent the provider received, currency. */
  readonly providerRentalRevenue: number;
  /** What the energy market's operator kept (Σ of each clearing's operator surplus), currency. */
  readonly operatorSurplus: number;
  /** Energy traded between peers, kWh. */
  readonly peerTradedKWh: number;
}

/** Logged and counterfactual figures side by side, with the difference (counterfactual − logged). */
export interface Compared<F> {
  readonly logged: F;
  readonly counterfactual: F;
  readonly difference: F;
}

/** One agent in one step. */
export interface StepAgentRow extends Compared<AgentFigures> {
  readonly t: number;
  readonly agent: string;
}

/** The open-loop comparison of a whole run. */
export interface OpenLoopFigures {
  /** By agent id (the run's consumer agents, sorted). */
  readonly agents: Readonly<Record<string, Compared<AgentFigures>>>;
  readonly market: Compared<MarketFigures>;
  /** One row per step and agent, in step then agent order. */
  readonly rows: readonly StepAgentRow[];
}

const ZERO: AgentFigures = { cost: 0, rent: 0, peerKWh: 0, gridKWh: 0, rentedEnergyKWh: 0, rentedPowerKW: 0 };

/**
 * The logged run's figures and the counterfactual's, step by step: `changes` are applied to the
 * steps they name (in any order, at most one per step), every other step counts as logged.
 */
export function compareSteps(run: LoggedRun, changes: Iterable<StepChange>): OpenLoopFigures {
  const byStep = new Map<number, StepChange>();
  for (const c of changes) byStep.set(c.t, c);
  const ids = run.world.agents.map((a) => a.model.id);
  const provider = run.world.providerId;

  // Phase 1: step by step, the figures of both runs and their difference.
  const rows: StepAgentRow[] = [];
  const byAgent = new Map<string, StepAgentRow[]>(ids.map((id) => [id, []]));
  const market = { logged: { rent: 0, surplus: 0, peer: 0 }, difference: { rent: 0, surplus: 0, peer: 0 } };
  let loggedHeld = new Map<string, { energyKWh: number; powerKW: number }>();
  let counterfactualHeld = loggedHeld;
  for (const step of run.steps) {
    const change = byStep.get(step.t);
    if (step.rental) {
      loggedHeld = capacityOf(step.rental.contracts);
      counterfactualHeld = change?.contracts ? capacityOf(change.contracts) : loggedHeld;
    }
    const logged = stepFigures(step, step.payments, step.clearing.trades, loggedHeld);
    const delta = change ? stepDelta(step, change, loggedHeld, counterfactualHeld) : null;
    for (const agent of ids) {
      const l = logged.get(agent) ?? { ...ZERO, ...heldOf(loggedHeld, agent) };
      const d = delta?.get(agent) ?? { ...ZERO, ...differenceOfHeld(loggedHeld, counterfactualHeld, agent) };
      const row: StepAgentRow = { t: step.t, agent, logged: l, counterfactual: plus(l, d), difference: d };
      rows.push(row);
      byAgent.get(agent)!.push(row);
    }
    const loggedRent = -(rentOf(step.payments).get(provider) ?? 0);
    market.logged.rent += loggedRent;
    market.logged.surplus += step.clearing.operatorSurplus;
    market.logged.peer += step.clearing.trades.reduce((s, t) => s + t.kWh, 0);
    if (change) {
      market.difference.rent -= (rentOf(change.added).get(provider) ?? 0) - (rentOf(change.removed).get(provider) ?? 0);
      if (change.energy) {
        market.difference.surplus += change.energy.operatorSurplus - step.clearing.operatorSurplus;
        market.difference.peer += change.energy.trades.reduce((s, t) => s + t.kWh, 0) - step.clearing.trades.reduce((s, t) => s + t.kWh, 0);
      }
    }
  }

  // Phase 2: totals over the run (sums; the rented capacities as means over the steps).
  const agents: Record<string, Compared<AgentFigures>> = {};
  const steps = Math.max(1, run.steps.length);
  for (const agent of ids) {
    const mine = byAgent.get(agent)!;
    const total = (pick: (r: StepAgentRow) => AgentFigures): AgentFigures => totalOf(mine.map(pick), steps);
    const logged = total((r) => r.logged);
    const difference = total((r) => r.difference);
    agents[agent] = { logged, counterfactual: plus(logged, difference), difference };
  }
  const loggedMarket: MarketFigures = { providerRentalRevenue: market.logged.rent, operatorSurplus: market.logged.surplus, peerTradedKWh: market.logged.peer };
  const differenceMarket: MarketFigures = { providerRentalRevenue: market.difference.rent, operatorSurplus: market.difference.surplus, peerTradedKWh: market.difference.peer };
  return {
    agents,
    market: {
      logged: loggedMarket,
      counterfactual: {
        providerRentalRevenue: loggedMarket.providerRentalRevenue + differenceMarket.providerRentalRevenue,
        operatorSurplus: loggedMarket.operatorSurplus + differenceMarket.operatorSurplus,
        peerTradedKWh: loggedMarket.peerTradedKWh + differenceMarket.peerTradedKWh,
      },
      difference: differenceMarket,
    },
    rows,
  };
}

/** Every agent's figures in one step, from its payments and trades and the capacity held. */
function stepFigures(step: StepBody, payments: readonly Payment[], trades: readonly EnergyTrade[], held: ReadonlyMap<string, { energyKWh: number; powerKW: number }>): Map<string, AgentFigures> {
  const cost = netPaid(payments);
  const rent = rentOf(payments);
  const peer = peerKWhOf(trades);
  const grid = gridKWhOf(step, trades);
  const agents = new Set([...cost.keys(), ...peer.keys(), ...grid.keys(), ...held.keys()]);
  return new Map(
    [...agents].map((a) => [
      a,
      { cost: cost.get(a) ?? 0, rent: rent.get(a) ?? 0, peerKWh: peer.get(a) ?? 0, gridKWh: grid.get(a) ?? 0, ...heldOf(held, a) },
    ]),
  );
}

/** The difference a change makes in its step, per agent, from what changed only (see the file header). */
function stepDelta(
  step: StepBody,
  change: StepChange,
  loggedHeld: ReadonlyMap<string, { energyKWh: number; powerKW: number }>,
  counterfactualHeld: ReadonlyMap<string, { energyKWh: number; powerKW: number }>,
): Map<string, AgentFigures> {
  const added = netPaid(change.added);
  const removed = netPaid(change.removed);
  const rentAdded = rentOf(change.added);
  const rentRemoved = rentOf(change.removed);
  const trades = change.energy?.trades;
  const peerBefore = peerKWhOf(step.clearing.trades);
  const peerAfter = trades ? peerKWhOf(trades) : peerBefore;
  const gridBefore = gridKWhOf(step, step.clearing.trades);
  const gridAfter = trades ? gridKWhOf(step, trades) : gridBefore;
  const agents = new Set([...added.keys(), ...removed.keys(), ...peerBefore.keys(), ...peerAfter.keys(), ...gridBefore.keys(), ...loggedHeld.keys(), ...counterfactualHeld.keys()]);
  return new Map(
    [...agents].map((a) => [
      a,
      {
        cost: (added.get(a) ?? 0) - (removed.get(a) ?? 0),
        rent: (rentAdded.get(a) ?? 0) - (rentRemoved.get(a) ?? 0),
        peerKWh: trades ? (peerAfter.get(a) ?? 0) - (peerBefore.get(a) ?? 0) : 0,
        gridKWh: trades ? (gridAfter.get(a) ?? 0) - (gridBefore.get(a) ?? 0) : 0,
        ...differenceOfHeld(loggedHeld, counterfactualHeld, a),
      },
    ]),
  );
}

function heldOf(held: ReadonlyMap<string, { energyKWh: number; powerKW: number }>, agent: string): Pick<AgentFigures, "rentedEnergyKWh" | "rentedPowerKW"> {
  const h = held.get(agent);
  return { rentedEnergyKWh: h?.energyKWh ?? 0, rentedPowerKW: h?.powerKW ?? 0 };
}

function differenceOfHeld(
  logged: ReadonlyMap<string, { energyKWh: number; powerKW: number }>,
  counterfactual: ReadonlyMap<string, { energyKWh: number; powerKW: number }>,
  agent: string,
): Pick<AgentFigures, "rentedEnergyKWh" | "rentedPowerKW"> {
  if (logged === counterfactual) return { rentedEnergyKWh: 0, rentedPowerKW: 0 };
  const l = heldOf(logged, agent);
  const c = heldOf(counterfactual, agent);
  return { rentedEnergyKWh: c.rentedEnergyKWh - l.rentedEnergyKWh, rentedPowerKW: c.rentedPowerKW - l.rentedPowerKW };
}

/** a + b, figure by figure. */
export function plus(a: AgentFigures, b: AgentFigures): AgentFigures {
  return {
    cost: a.cost + b.cost,
    rent: a.rent + b.rent,
    peerKWh: a.peerKWh + b.peerKWh,
    gridKWh: a.gridKWh + b.gridKWh,
    rentedEnergyKWh: a.rentedEnergyKWh + b.rentedEnergyKWh,
    rentedPowerKW: a.rentedPowerKW + b.rentedPowerKW,
  };
}

/** Sums over steps; the rented capacities are means over `steps`. */
function totalOf(figures: readonly AgentFigures[], steps: number): AgentFigures {
  const sum = (key: keyof AgentFigures) => figures.reduce((s, f) => s + f[key], 0);
  const summed = Object.fromEntries(SUMMED_FIGURES.map((k) => [k, sum(k)])) as Pick<AgentFigures, (typeof SUMMED_FIGURES)[number]>;
  return { ...summed, rentedEnergyKWh: sum("rentedEnergyKWh") / steps, rentedPowerKW: sum("rentedPowerKW") / steps };
}

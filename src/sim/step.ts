import { castDraft } from "immer";
import { rentalPeriodSpan, startsRentalPeriod, timeAt } from "../core/calendar.js";
import { digestOf } from "../core/hash.js";
import { RunFault } from "../core/errors.js";
import type { Payment } from "../market/types.js";
import { applyNetFlows, netFlows } from "../market/index.js";
import { dispatchStorage, storageInvariantViolations } from "../storage/index.js";
import type { DispatchRequest } from "../storage/types.js";
import { agentEnergyResidual, moneyResidual } from "./conservation.js";
import { clearRentalPeriod, type RentalOutcome } from "./rental-round.js";
import type { Runtime } from "./runtime.js";
import type { SimState } from "./state.js";
import { gridImportKW, storageAndGridPayments } from "./step-payments.js";
import type { Imbalance } from "./imbalance.js";
import type { StepBody } from "./log/step-record.js";
import { stepViews } from "./views.js";
import { imbalancesWithinTie, loadShedPayments, tieCutRecords } from "./grid-tie.js";
import { collectDecisions } from "./decisions.js";
import { arbitragePayments, poolRequestAt, withArbitragePlan } from "./provider-pool.js";
import type { World } from "./world.js";

/**
 * One step (DESIGN.md §1): rental round if a period opens, agents' decisions over the bus,
 * storage dispatch, energy clearing, settlement, conservation checks, and the next state in
 * one immer `produce`. Returns the next state and the step's record body (not yet chained).
 */
export function runStep(world: World, previous: SimState, runtime: Runtime): { state: SimState; body: StepBody } {
  const t = previous.t;
  const dt = world.calendar.stepHours;
  const rental = startsRentalPeriod(world.calendar, t) ? clearRentalPeriod(world, previous, t, runtime) : undefined;
  const state = rental ? withArbitragePlan(world, withRental(previous, rental), t) : previous;

  const views = stepViews(world, state, t, runtime.lastNetPayments);
  const answers = runtime.decisionBus.ask({ views, states: state.strategyStates });
  const { requests, orders, loadShifts, externalPayments, tieCuts } = collectDecisions(
    world,
    t,
    views,
    answers.map((a) => a.decision),
  );

  const dispatch = dispatchStorage(world.storage, state.storage, requests, dt, poolRequestAt(world, state, t));
  const imbalances = imbalancesWithinTie(storageImbalances(requests, dispatch.flows, dt), orders, (id) => runtime.gridTies.get(id), dt, tieCuts);
  const gridTieCuts = tieCutRecords(tieCuts);
  externalPayments.push(...loadShedPayments(gridTieCuts, runtime.gridTies));

  const tariff = { buy: world.buyPrice[t]!, sell: world.sellPrice[t]! };
  const clearing = world.energyMechanism.clear({ tariff, orders }, { rng: runtime.energyStream });

  const { first, length } = rentalPeriodSpan(world.calendar, t);
  const periodEnds = t === first + length - 1;
  // Peaks matter only for demand charges; without one the state stays small.
  const peakImportKW = world.tariff.demandChargePerKW > 0 ? raisePeaks(state.peakImportKW, gridImportKW(clearing.settlement, imbalances, dt)) : state.peakImportKW;
  const demandCharges = new Map<string, number>(
    periodEnds ? Object.entries(peakImportKW).map(([agent, kw]) => [agent, kw * world.tariff.demandChargePerKW]) : [],
  );
  const payments: Payment[] = [
    ...(rental?.payments ?? []),
    ...clearing.payments,
    ...storageAndGridPayments(world, t, imbalances, dispatch.flows, demandCharges),
    ...arbitragePayments(world, t, dispatch.poolFlow),
    ...externalPayments,
  ];

  // Netted once: for the ledger check, the balances and the agents' feedback.
  const flows = netFlows(payments);
  runtime.lastNetPayments = new Map(world.agents.map(({ model }) => [model.id, -(flows.get(model.id) ?? 0)]));
  const energyResidualKWh = agentEnergyResidual(world, t, orders, clearing.settlement, dispatch.flows, imbalances, loadShifts, tieCuts);
  const money = moneyResidual(t, clearing.payments, payments, flows, clearing.settlement);
  if (Math.abs(dispatch.energyResidualKWh) > 1e-6 * Math.max(1, world.storage.energyKWh)) {
    throw new RunFault(t, "storage", `storage energy not conserved (residual ${dispatch.energyResidualKWh} kWh)`);
  }
  const invariant = storageInvariantViolations(world.storage, dispatch.state);
  if (invariant.length > 0) throw new RunFault(t, "storage", invariant.join("; "));

  // Strategy states that changed this step go into the record, so a log shows (and a replay
  // can check) what each strategy learned or planned; unchanged states cost nothing.
  const strategyStates: Record<string, unknown> = {};
  world.agents.forEach(({ model }, i) => {
    const after = answers[i]!.state;
    if (after !== previous.strategyStates[model.id]) strategyStates[model.id] = after;
  });
  // Large maps are rebuilt whole and assigned once: cheaper than thousands of proxied writes.
  const balances = applyNetFlows(state.balances, flows);
  const next = runtime.immer.produce(state, (draft) => {
    draft.t = t + 1;
    draft.storage = castDraft(dispatch.state);
    for (const [id, strategyState] of Object.entries(strategyStates)) draft.strategyStates[id] = castDraft(strategyState);
    draft.balances = balances;
    draft.peakImportKW = periodEnds ? {} : peakImportKW;
    const price = clearing.prices["clearing"];
    if (price !== undefined) draft.lastClearing.energyPrice = price;
  });

  return {
    state: next,
    body: {
      kind: "step",
      t,
      time: timeAt(world.calendar, t),
      rental: rental?.record,
      storageRequests: requests,
      loadShifts: Object.fromEntries(loadShifts),
      strategyStates,
      orders,
      clearing: {
        mechanism: clearing.mechanism,
        prices: clearing.prices,
        trades: clearing.trades,
        operatorSurplus: clearing.operatorSurplus,
        meta: clearing.meta,
      },
      dispatch: {
        flows: dispatch.flows,
        curtailments: dispatch.curtailments,
        netPhysicalKW: dispatch.netPhysicalKW,
        lossesKWh: dispatch.lossesKWh,
        throughputKWh: dispatch.throughputKWh,
        degradationCost: dispatch.degradationCost,
        unrentedStoredKWh: dispatch.state.unrentedStoredKWh,
        ...(dispatch.poolFlow ? { poolFlow: dispatch.poolFlow } : {}),
      },
      imbalances,
      ...(gridTieCuts.length > 0 ? { gridTieCuts } : {}),
      payments,
      checks: { energyResidualKWh, storageResidualKWh: dispatch.energyResidualKWh, moneyResidual: money },
      stateDigest: digestOf(next),
    },
  };
}

function raisePeaks(peaks: Readonly<Record<string, number>>, importKW: ReadonlyMap<string, number>): Record<string, number> {
  const raised = { ...peaks };
  for (const [agent, kw] of importKW) raised[agent] = Math.max(raised[agent] ?? 0, kw);
  return raised;
}

function withRental(state: SimState, rental: RentalOutcome): SimState {
  const prices = rental.record.prices;
  return {
    ...state,
    storage: rental.storage,
    contracts: rental.contracts,
    strategyStates: rental.strategyStates,
    peakImportKW: {},
    equilibrium: { tracked: rental.record.equilibrium.tracked, values: rental.record.equilibrium.values, stablePeriods: rental.record.equilibrium.stablePeriods },
    lastClearing: prices ? { ...state.lastClearing, cE: prices.cE, cP: prices.cP } : state.lastClearing,
  };
}

/** Curtailed storage flows change what the agent needed: the difference goes to the grid. */
function storageImbalances(
  requests: readonly DispatchRequest[],
  flows: readonly { tenant: string; chargeKW: number; dischargeKW: number }[],
  dt: number,
): Imbalance[] {
  const flowOf = new Map(flows.map((f) => [f.tenant, f]));
  const imbalances: Imbalance[] = [];
  for (const r of requests) {
    const f = flowOf.get(r.tenant);
    const actual = f ? f.chargeKW - f.dischargeKW : 0;
    const kWh = (actual - (r.chargeKW - r.dischargeKW)) * dt;
    if (Math.abs(kWh) > 1e-12) imbalances.push({ agent: r.tenant, kWh });
  }
  return imbalances;
}

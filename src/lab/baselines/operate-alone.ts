import { rentalPeriodSpan } from "../../core/calendar.js";
import { createStream } from "../../core/rng.js";
import type { BatterySize } from "../../agents/storage-provider.js";
import type { HeldCapacity, StepDecision } from "../../agents/types.js";
import { dispatchStorage } from "../../storage/index.js";
import type { StorageSpec, StorageState } from "../../storage/types.js";
import { checkDecision } from "../../sim/conservation.js";
import { imbalancesWithinTie, orderWithinTie } from "../../sim/grid-tie.js";
import { periodPrices, periodViewOf, stepViewOf, type ViewOptions } from "../../sim/views.js";
import type { ConsumerAgent, World } from "../../sim/world.js";

/**
 * An agent on its own — no market, no provider — running its own strategy against a battery
 * it owns (or none), planned on its own forecast and settled on its realised profile exactly
 * as the engine settles a step: the strategy plans each rental period for the capacity it
 * holds, decides every step, the battery is dispatched by the engine's own rules
 * (storage/dispatch.ts, one partition covering the whole battery), what the battery could not
 * do goes to the grid as in the engine, the grid tie cuts what the engine would cut (shed load
 * at the value of lost load), and the agent pays the tariff, the demand charge on its peak
 * import per period, its battery's wear and everything it spends outside the market.
 *
 * This is how the per-agent options (no storage, an own battery) are operated, so that they
 * differ from the run only in the storage an agent has — same strategy, same forecast, same
 * settlement (MODEL.md §8). Like a rented partition, the battery starts every rental period at
 * s_min·E: every planner here (the strategies' period LPs, the sizing and joint LPs) plans a
 * period on its own, from the SOC floor, ending at least as full, and energy carried across
 * periods would give one option what the others cannot have.
 */

/** What an agent paid operating alone over the horizon, and what its battery did. */
export interface AloneOperation {
  /** gridEnergyCost + demandCharges + wearCost + externalCost, currency. */
  readonly operatingCost: number;
  /** Imports at λ^b minus exports at λ^s, currency. */
  readonly gridEnergyCost: number;
  /** Demand charge on each rental period's peak import, currency. */
  readonly demandCharges: number;
  /** c_deg × the battery's throughput, currency. */
  readonly wearCost: number;
  /** Fuel, gas, unnetted exchange and load shed, currency. */
  readonly externalCost: number;
  /** Σ (c + d)·Δt of the battery, kWh. */
  readonly throughputKWh: number;
  readonly gridImportKWh: number;
  readonly gridExportKWh: number;
}

/** Options of {@link operateAlone}. */
export interface OperateAloneOptions extends ViewOptions {
  /** Names the stream the strategy draws from (bid jitter, learning), so baselines never touch the run's streams. */
  readonly stream: string;
}

/** What one step of an agent alone cost, by kind, currency, and what it drew and fed in. */
interface AloneStep {
  readonly grid: number;
  readonly wear: number;
  readonly external: number;
  readonly importedKWh: number;
  readonly exportedKWh: number;
  /** Import that counts for the demand charge (order and imbalance imports), kW. */
  readonly importKW: number;
}

/**
 * Runs `agent` alone over the first `steps` steps of `world` with its own battery of `battery`
 * (E = 0 or P = 0: no battery). See the module comment. `loadLpSolver()` must have run if the
 * strategy solves LPs; a decision the engine would refuse throws its RunFault.
 */
export function operateAlone(world: World, agent: ConsumerAgent, battery: BatterySize, steps: number, options: OperateAloneOptions): AloneOperation {
  const { model, strategy } = agent;
  const dt = world.calendar.stepHours;
  const rng = createStream(world.seed, `${options.stream}:${model.id}`);
  const held: HeldCapacity = battery.energyKWh > 0 && battery.powerKW > 0 ? battery : { energyKWh: 0, powerKW: 0 };
  const spec: StorageSpec = { ...world.storage, energyKWh: held.energyKWh, powerKW: held.powerKW, mode: "partitioned" };
  const opened: StorageState = {
    partitions: held.energyKWh > 0 ? [{ tenant: model.id, rentedEnergyKWh: held.energyKWh, rentedPowerKW: held.powerKW, storedKWh: world.storage.socMin * held.energyKWh }] : [],
    unrentedStoredKWh: 0,
  };
  let storage = opened;
  let state = strategy.initialState();
  const totals = { grid: 0, demand: 0, wear: 0, external: 0, throughput: 0, imported: 0, exported: 0 };
  let lastNetPayment = 0;
  let peakKW = 0;
  for (let t = 0; t < steps; t++) {
    const span = rentalPeriodSpan(world.calendar, t);
    const prices = { buy: world.buyPrice[t]!, sell: world.sellPrice[t]! };
    // Planning: the strategy plans each period for the battery it owns, on its forecast.
    if (t === span.first) {
      const view = { ...periodViewOf(world, agent, span, periodPrices(world, span), options), maxEnergyKWh: held.energyKWh, maxPowerKW: held.powerKW };
      state = strategy.planPeriod(model.id, view, held, state);
      storage = opened;
      peakKW = 0;
    }
    // Deciding: the step's view, the engine's check of the decision.
    const stored = storage.partitions[0]?.storedKWh ?? 0;
    const answer = strategy.decide(model.id, stepViewOf(world, model, t, span, prices, held, stored, lastNetPayment), state, rng);
    state = answer.state;
    checkDecision(world, t, model.id, model.netLoadKW[t]!, answer.decision);
    // Dispatch: the battery by the engine's rules; what it could not do is an imbalance.
    const { chargeKW, dischargeKW } = answer.decision;
    const dispatch = chargeKW > 0 || dischargeKW > 0 || storage.partitions.length > 0 ? dispatchStorage(spec, storage, chargeKW > 0 || dischargeKW > 0 ? [{ tenant: model.id, chargeKW, dischargeKW }] : [], dt) : null;
    if (dispatch) storage = dispatch.state;
    const flow = dispatch?.flows.find((f) => f.tenant === model.id);
    const imbalanceKWh = ((flow ? flow.chargeKW - flow.dischargeKW : 0) - (chargeKW - dischargeKW)) * dt;
    // Settlement, as the engine's.
    const step = settleAloneStep(world, agent, t, answer.decision, imbalanceKWh, dispatch?.throughputKWh ?? 0);
    totals.grid += step.grid;
    totals.wear += step.wear;
    totals.external += step.external;
    totals.throughput += dispatch?.throughputKWh ?? 0;
    totals.imported += step.importedKWh;
    totals.exported += step.exportedKWh;
    peakKW = Math.max(peakKW, step.importKW);
    const charge = t === span.first + span.length - 1 || t === steps - 1 ? peakKW * world.tariff.demandChargePerKW : 0;
    totals.demand += charge;
    lastNetPayment = step.grid + step.wear + step.external + charge;
  }
  return {
    operatingCost: totals.grid + totals.demand + totals.wear + totals.external,
    gridEnergyCost: totals.grid,
    demandCharges: totals.demand,
    wearCost: totals.wear,
    externalCost: totals.external,
    throughputKWh: totals.throughput,
    gridImportKWh: totals.imported,
    gridExportKWh: totals.exported,
  };
}

/**
 * One step settled as the engine settles it for an agent without peers: the order cut to the
 * grid tie (load shed at the value of lost load, export spilled), the storage imbalance within
 * what the tie leaves, both at the tariff; wear on the battery's throughput; fuel, gas and the
 * unnetted exchange's spread.
 */
function settleAloneStep(world: World, agent: ConsumerAgent, t: number, decision: StepDecision, imbalanceKWh: number, throughputKWh: number): AloneStep {
  const { model } = agent;
  const dt = world.calendar.stepHours;
  const buy = world.buyPrice[t]!;
  const sell = world.sellPrice[t]!;
  const cuts = new Map<string, number>();
  const order = decision.order && decision.order.kWh > 0 ? (model.gridTie ? orderWithinTie(decision.order, model.gridTie, dt) : { order: decision.order, cutKWh: 0 }) : null;
  if (order && order.cutKWh !== 0) cuts.set(model.id, order.cutKWh);
  const kept = Math.abs(imbalanceKWh) > 1e-12 ? imbalancesWithinTie([{ agent: model.id, kWh: imbalanceKWh }], order ? [order.order] : [], () => model.gridTie, dt, cuts) : [];
  const orderedKWh = order ? (order.order.side === "buy" ? order.order.kWh : -order.order.kWh) : 0;
  const imbalance = kept.reduce((s, i) => s + i.kWh, 0);
  let grid = 0;
  let importedKWh = 0;
  let exportedKWh = 0;
  for (const kWh of [orderedKWh, imbalance]) {
    if (kWh > 0) importedKWh += kWh;
    else exportedKWh -= kWh;
    grid += kWh > 0 ? kWh * buy : kWh * sell;
  }
  let external = (decision.unnettedKW ?? 0) * dt * (buy - sell);
  for (const cost of decision.externalCosts ?? []) external += Math.max(0, cost.amount);
  external += Math.max(0, cuts.get(model.id) ?? 0) * (model.gridTie?.valueOfLostLoadPerKWh ?? 0);
  return {
    grid,
    wear: world.storage.degradationCostPerKWh * throughputKWh,
    external,
    importedKWh,
    exportedKWh,
    importKW: (Math.max(0, orderedKWh) + Math.max(0, imbalance)) / dt,
  };
}

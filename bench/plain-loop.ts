import { rentalPeriodOf, startsRentalPeriod } from "../src/core/calendar.js";
import { createStream } from "../src/core/rng.js";
import type { HeldCapacity } from "../src/agents/types.js";
import type { EnergyOrder, RentalRequest } from "../src/market/types.js";
import { dispatchStorage, initialStorageState, openPartitions } from "../src/storage/index.js";
import type { DispatchRequest, StorageState } from "../src/storage/types.js";
import { periodViews, stepViews } from "../src/sim/views.js";
import type { SimState } from "../src/sim/state.js";
import type { World } from "../src/sim/world.js";

/**
 * The reference the engine is measured against: the same agent, storage and clearing
 * functions called in a plain loop, without RxJS, immer, checks or logging. It mutates its
 * own state in place, which the engine never does.
 */
export function runPlainLoop(world: World): { peerKWh: number } {
  const ids = world.agents.map((a) => a.model.id);
  const rngs = ids.map((id) => createStream(world.seed, `agent:${id}`));
  const energyRng = createStream(world.seed, `mechanism:${world.energyMechanism.name}`);
  const rentalRng = createStream(world.seed, `mechanism:${world.rentalMechanism.name}`);
  let storage: StorageState = initialStorageState(world.storage);
  const states: Record<string, unknown> = Object.fromEntries(world.agents.map((a) => [a.model.id, a.strategy.initialState()]));
  let contracts: SimState["contracts"] = [];
  let peerKWh = 0;
  for (let t = 0; t < world.calendar.steps; t++) {
    if (startsRentalPeriod(world.calendar, t)) {
      const views = periodViews(world, t);
      const clearing = world.rentalMechanism.clear(
        {
          period: rentalPeriodOf(world.calendar, t),
          offer: world.offer,
          tenants: ids,
          respond: (prices) =>
            world.agents.map(({ model, strategy }): RentalRequest => {
              const c = strategy.bestResponse(model.id, views.get(model.id)!, prices, states[model.id]);
              return { agent: model.id, energyKWh: c.energyKWh, powerKW: c.powerKW };
            }),
          // The benchmark's mechanism is posted, which asks only for best responses.
          bids: () => {
            throw new Error("plain loop: block bids not offered");
          },
          coalition: () => {
            throw new Error("plain loop: coalitions not offered");
          },
        },
        { rng: rentalRng },
      );
      contracts = clearing.contracts;
      storage = openPartitions(world.storage, storage, contracts.map((c) => ({ tenant: c.tenant, rentedEnergyKWh: c.energyKWh, rentedPowerKW: c.powerKW }))).state;
      const held = new Map<string, HeldCapacity>(contracts.map((c) => [c.tenant, { energyKWh: c.energyKWh, powerKW: c.powerKW }]));
      for (const { model, strategy } of world.agents) {
        states[model.id] = strategy.planPeriod(model.id, views.get(model.id)!, held.get(model.id) ?? { energyKWh: 0, powerKW: 0 }, states[model.id]);
      }
    }
    const state: SimState = { t, storage, contracts, strategyStates: states, balances: {}, peakImportKW: {}, lastClearing: {} };
    const views = stepViews(world, state, t);
    const requests: DispatchRequest[] = [];
    const orders: EnergyOrder[] = [];
    world.agents.forEach(({ model, strategy }, i) => {
      const { decision, state: next } = strategy.decide(model.id, views.get(model.id)!, states[model.id], rngs[i]!);
      states[model.id] = next;
      if (decision.chargeKW > 0 || decision.dischargeKW > 0) requests.push({ tenant: model.id, chargeKW: decision.chargeKW, dischargeKW: decision.dischargeKW });
      if (decision.order) orders.push(decision.order);
    });
    storage = dispatchStorage(world.storage, storage, requests, world.calendar.stepHours).state;
    const clearing = world.energyMechanism.clear({ tariff: { buy: world.buyPrice[t]!, sell: world.sellPrice[t]! }, orders }, { rng: energyRng });
    for (const trade of clearing.trades) peerKWh += trade.kWh;
  }
  return { peerKWh };
}

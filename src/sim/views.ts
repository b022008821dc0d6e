import { rentalPeriodOf, rentalPeriodSpan } from "../core/calendar.js";
import { createStream, normalDraw } from "../core/rng.js";
import type { ForecastSpec } from "../agents/index.js";
import type { AgentModel, HeldCapacity, PeriodView, StepView } from "../agents/types.js";
import type { SimState } from "./state.js";
import type { ConsumerAgent, World } from "./world.js";

const NO_CAPACITY: HeldCapacity = { energyKWh: 0, powerKW: 0 };

/** Whether a view is planned on the agent's own forecast (the default) or on the realised profile. */
export interface ViewOptions {
  /** Plan on the realised profile whatever the agent forecasts (a perfect-foresight baseline). */
  readonly perfectForesight?: boolean;
}

/**
 * What each agent sees of the rental period that contains step `t`. Its `netLoadKW` is the
 * agent's forecast (forecastNetLoad): the true net load under a perfect forecast. The engine
 * still settles the true net load.
 */
export function periodViews(world: World, t: number, options: ViewOptions = {}): Map<string, PeriodView> {
  const span = rentalPeriodSpan(world.calendar, t);
  const prices = periodPrices(world, span);
  return new Map(world.agents.map((agent) => [agent.model.id, periodViewOf(world, agent, span, prices, options)]));
}

/** The tariff of the steps of `span`, λ^b and λ^s per step. */
export function periodPrices(world: World, span: { readonly first: number; readonly length: number }): { readonly buyPrice: number[]; readonly sellPrice: number[] } {
  return {
    buyPrice: Array.from(world.buyPrice.subarray(span.first, span.first + span.length)),
    sellPrice: Array.from(world.sellPrice.subarray(span.first, span.first + span.length)),
  };
}

/** One agent's view of the rental period `span` (see {@link periodViews}), with the period's `prices`. */
export function periodViewOf(
  world: World,
  agent: ConsumerAgent,
  span: { readonly first: number; readonly length: number },
  prices: { readonly buyPrice: readonly number[]; readonly sellPrice: readonly number[] },
  options: ViewOptions = {},
): PeriodView {
  const { model } = agent;
  const { first, length } = span;
  const period = rentalPeriodOf(world.calendar, first);
  const forecast = options.perfectForesight ? PERFECT : (agent.forecast ?? PERFECT);
  const netLoadKW = forecastNetLoad(model.netLoadKW, first, length, forecast, { seed: world.seed, agentId: model.id, period });
  return {
    firstStep: first,
    steps: length,
    dtHours: world.calendar.stepHours,
    netLoadKW,
    // Present only under a noisy forecast, so perfect-forecast logs keep their bytes (log/index.ts).
    ...(forecast.kind === "perfect" ? {} : { forecastErrorKW: netLoadKW.map((x, k) => x - model.netLoadKW[first + k]!) }),
    buyPrice: prices.buyPrice as number[],
    sellPrice: prices.sellPrice as number[],
    demandChargePerKW: world.tariff.demandChargePerKW,
    storage: world.storagePhysics,
    maxEnergyKWh: world.offer.energyKWh,
    maxPowerKW: world.offer.powerKW,
    ...(model.flexibility ? { flexibility: model.flexibility } : {}),
  };
}

const PERFECT: ForecastSpec = { kind: "perfect" };
const meanAbsCache = new WeakMap<Float64Array, number>();

/** Mean |x| over the whole profile (cached per profile): the scale of forecast errors. */
function meanAbs(profile: Float64Array): number {
  let m = meanAbsCache.get(profile);
  if (m === undefined) {
    m = profile.length === 0 ? 0 : profile.reduce((s, x) => s + Math.abs(x), 0) / profile.length;
    meanAbsCache.set(profile, m);
  }
  return m;
}

/**
 * The net load forecast of steps `[first, first + length)` of `netLoadKW`. Perfect: the
 * profile itself (same numbers). Noisy: additive error `relativeSigma · mean|netLoadKW| · e_k`
 * with e an AR(1) process of unit stationary variance, e_0 = z_0, e_k = ρ·e_{k−1} + √(1−ρ²)·z_k,
 * z from stream `forecast:<agentId>:<period>` under `seed` — so a forecast depends on nothing
 * but the seed, the agent, the period and the profile. The mean over the whole horizon scales
 * the error, so steps of zero load get errors of the agent's usual size.
 */
export function forecastNetLoad(
  netLoadKW: Float64Array,
  first: number,
  length: number,
  forecast: ForecastSpec,
  key: { readonly seed: string; readonly agentId: string; readonly period: number },
): Float64Array {
  const actual = netLoadKW.subarray(first, first + length);
  if (forecast.kind === "perfect") return actual;
  const sigmaKW = forecast.relativeSigma * meanAbs(netLoadKW);
  const rho = forecast.correlation;
  const innovation = Math.sqrt(1 - rho * rho);
  const stream = createStream(key.seed, `forecast:${key.agentId}:${key.period}`);
  const out = new Float64Array(actual.length);
  let e = 0;
  for (let k = 0; k < actual.length; k++) {
    const z = normalDraw(stream);
    e = k === 0 ? z : rho * e + innovation * z;
    out[k] = actual[k]! + sigmaKW * e;
  }
  return out;
}

/** What each agent sees at step `t`, given the state before the step and what each paid in the step before. */
export function stepViews(world: World, state: SimState, t: number, lastNetPayments: ReadonlyMap<string, number> = new Map()): Map<string, StepView> {
  const { first, length } = rentalPeriodSpan(world.calendar, t);
  const contracts = new Map(state.contracts.map((c) => [c.tenant, c]));
  const stored = new Map(state.storage.partitions.map((p) => [p.tenant, p.storedKWh]));
  const tariff = { buy: world.buyPrice[t]!, sell: world.sellPrice[t]! };
  const views = new Map<string, StepView>();
  for (const { model } of world.agents) {
    const contract = contracts.get(model.id);
    const capacity = contract ? { energyKWh: contract.energyKWh, powerKW: contract.powerKW } : NO_CAPACITY;
    views.set(model.id, stepViewOf(world, model, t, { first, length }, tariff, capacity, stored.get(model.id) ?? 0, lastNetPayments.get(model.id) ?? 0));
  }
  return views;
}

/**
 * One agent's view of step `t` of the rental period `span`: the tariff, its true net load, the
 * capacity it holds and the energy in it, and what it paid on balance in the step before.
 */
export function stepViewOf(
  world: World,
  model: AgentModel,
  t: number,
  span: { readonly first: number; readonly length: number },
  tariff: StepView["tariff"],
  capacity: HeldCapacity,
  storedKWh: number,
  lastNetPayment: number,
): StepView {
  return {
    t,
    stepInPeriod: t - span.first,
    stepsInPeriod: span.length,
    dtHours: world.calendar.stepHours,
    tariff,
    band: world.band[t]!,
    peakAhead: world.peakAhead[t]!,
    netLoadKW: model.netLoadKW[t]!,
    capacity,
    storedKWh,
    storage: world.storagePhysics,
    ...(model.flexibility ? { flexibility: model.flexibility } : {}),
    lastNetPayment,
  };
}

/** The capacity each agent holds under `contracts` (zero for agents without one). */
export function heldCapacities(world: World, contracts: readonly { tenant: string; energyKWh: number; powerKW: number }[]) {
  const byTenant = new Map(contracts.map((c) => [c.tenant, { energyKWh: c.energyKWh, powerKW: c.powerKW }]));
  return new Map(world.agents.map(({ model }) => [model.id, byTenant.get(model.id) ?? NO_CAPACITY]));
}

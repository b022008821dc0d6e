import { rentalPeriodOf, rentalPeriodSpan } from "../core/calendar.js";
import { createStream, normalDraw } from "../core/rng.js";
import type { ForecastSpec } from "../agents/specs.js";
import type { HeldCapacity, PeriodView, StepView } from "../agents/types.js";
import type { SimState } from "./state.js";
import type { World } from "./world.js";

const NO_CAPACITY: HeldCapacity = { energyKWh: 0, powerKW: 0 };

/** A consumer agent with the forecast it plans with (absent = perfect); build-world sets it. */

/**
 * What each agent sees of the rental period that contains step `t`. Its `netLoadKW` is the
 * agent's forecast (forecastNetLoad): the true net load under a perfect forecast. The engine
 * still settles the true net load.
 */
export function periodViews(world: World, t: number, options: { readonly perfectForesight?: boolean } = {}): Map<string, PeriodView> {
  const { first, length } = rentalPeriodSpan(world.calendar, t);
  const period = rentalPeriodOf(world.calendar, t);
  const buyPrice = Array.from(world.buyPrice.subarray(first, first + length));
  const sellPrice = Array.from(world.sellPrice.subarray(first, first + length));
  const views = new Map<string, PeriodView>();
  for (const agent of world.agents) {
    const { model } = agent;
    const forecast = options.perfectForesight ? PERFECT : (agent.forecast ?? PERFECT);
    views.set(model.id, {
      firstStep: first,
      steps: length,
      dtHours: world.calendar.stepHours,
      netLoadKW: forecastNetLoad(model.netLoadKW, first, length, forecast, { seed: world.seed, agentId: model.id, period }),
      buyPrice,
      sellPrice,
      demandChargePerKW: world.tariff.demandChargePerKW,
      storage: world.storagePhysics,
      maxEnergyKWh: world.offer.energyKWh,
      maxPowerKW: world.offer.powerKW,
      ...(model.flexibility ? { flexibility: model.flexibility } : {}),
    });
  }
  return views;
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
    views.set(model.id, {
      t,
      stepInPeriod: t - first,
      stepsInPeriod: length,
      dtHours: world.calendar.stepHours,
      tariff,
      band: world.band[t]!,
      peakAhead: world.peakAhead[t]!,
      netLoadKW: model.netLoadKW[t]!,
      capacity: contract ? { energyKWh: contract.energyKWh, powerKW: contract.powerKW } : NO_CAPACITY,
      storedKWh: stored.get(model.id) ?? 0,
      storage: world.storagePhysics,
      ...(model.flexibility ? { flexibility: model.flexibility } : {}),
      lastNetPayment: lastNetPayments.get(model.id) ?? 0,
    });
  }
  return views;
}

/** The capacity each agent holds under `contracts` (zero for agents without one). */
export function heldCapacities(world: World, contracts: readonly { tenant: string; energyKWh: number; powerKW: number }[]) {
  const byTenant = new Map(contracts.map((c) => [c.tenant, { energyKWh: c.energyKWh, powerKW: c.powerKW }]));
  return new Map(world.agents.map(({ model }) => [model.id, byTenant.get(model.id) ?? NO_CAPACITY]));
}

import { batteryFixedCost, buildJointPeriodLp, statelessPeriodLpBuilder, type BatterySize, type PeriodView } from "../agents/index.js";
import { periodPrices, periodViewOf, periodViews, type ViewOptions } from "../sim/views.js";
import type { World } from "../sim/world.js";
import { centralOperatingCost, operateAlone, sizeBattery, sizingBasis, type CentralOption, type OwnBatteryBaseline, type SizingBasis } from "./baselines.js";

/**
 * The optimally sized options of a representative year, sized once for the year (MODEL.md §8:
 * one investment per option for the whole horizon — here the year the spans stand for). Each
 * span's own run sizes its batteries for that span alone; pooling those costs would let an
 * option buy a different battery every season, which no one can, and would flatter it. So the
 * own batteries and the optimally sized central optimum are sized again by one sizing LP
 * whose blocks are the rental periods of every span, span k's weighted w_k (times the
 * period's own weight when a long span is sampled), at the yearly fixed cost (yearShare 1,
 * since Σ_k w_k·hours_k = 8760 h), and then operated in every span at that size:
 *
 *     cost = Σ_k w_k · operating cost_k(E, P) + (φ_E·E + φ_P·P)      (a year)
 *
 * Options of a given size (no storage, the central optimum at the shared storage's size, own
 * batteries of a given size, neighbour groups with their share) need no re-sizing: their
 * pooled cost Σ_k w_k·cost_k is already the year's (representative-year.ts).
 */

/** A span as the sizing sees it: its world (built from the span's scenario), its weight and the steps it ran. */
export interface SizingSpan {
  readonly world: World;
  /** Normalised weight: how many such spans it stands for in a year. */
  readonly weight: number;
  readonly steps: number;
}

/** Rental periods of every span, as one sizing basis, and where each of its periods comes from. */
interface YearBasis {
  /** A basis whose period i is `periods[i]` below (its `first` is that index: sizeBattery passes it back unread). */
  readonly basis: SizingBasis;
  readonly periods: readonly { readonly span: number; readonly first: number; readonly length: number }[];
}

/**
 * The periods the year's sizing LP sees: each span's sizing basis (all its periods, or evenly
 * spaced representative ones when it has more than its share of `maxPeriods`), every period
 * weighted by its span's weight.
 */
function yearSizingBasis(spans: readonly SizingSpan[], maxPeriods: number): YearBasis {
  const perSpan = Math.max(1, Math.floor(maxPeriods / spans.length));
  const periods: { span: number; first: number; length: number; weight: number }[] = [];
  let of = 0;
  let representative = false;
  spans.forEach((span, k) => {
    const basis = sizingBasis(span.world.calendar, span.steps, perSpan);
    of += basis.of;
    representative ||= basis.representative;
    for (const p of basis.periods) periods.push({ span: k, first: p.first, length: p.length, weight: span.weight * p.weight });
  });
  return { basis: { periods: periods.map((p, i) => ({ first: i, length: p.length, weight: p.weight })), of, representative }, periods };
}

/** The rental periods the year's sizing LPs see (the footing a comparison prints). */
export function yearSizingPeriods(spans: readonly SizingSpan[], maxPeriods: number): SizingBasis {
  return yearSizingBasis(spans, maxPeriods).basis;
}

const FREE = { prices: { cE: 0, cP: 0 } };
const unlimited = (view: PeriodView): PeriodView => ({ ...view, maxEnergyKWh: Infinity, maxPowerKW: Infinity });

/**
 * Every agent's own battery sized once for the year over all spans, and the option's yearly
 * cost: the sizing LP of own-battery.ts on the year's basis, then the agent's own strategy
 * running that battery in every span (operate-alone.ts, the stream the span baselines use).
 * `loadLpSolver()` must have run.
 */
export function yearSizedOwnBatteries(spans: readonly SizingSpan[], maxPeriods: number, options: ViewOptions = {}): OwnBatteryBaseline {
  const { basis, periods } = yearSizingBasis(spans, maxPeriods);
  const first = spans[0]!.world;
  const unit = first.providerEconomics.unitFixedCost;
  const perAgent: Record<string, OwnBatteryBaseline["perAgent"][string]> = {};
  for (const { model } of first.agents) {
    const agentIn = (world: World) => world.agents.find((a) => a.model.id === model.id)!;
    const build = statelessPeriodLpBuilder(model.flexibility?.kind);
    const sized = sizeBattery(
      basis,
      (i) => {
        const p = periods[i]!;
        const world = spans[p.span]!.world;
        const span = { first: p.first, length: p.length };
        return build(unlimited(periodViewOf(world, agentIn(world), span, periodPrices(world, span), options)), FREE);
      },
      unit,
      1,
    );
    const size: BatterySize = { energyKWh: sized.energyKWh, powerKW: sized.powerKW };
    const operatingCost = spans.reduce((sum, s) => sum + s.weight * operateAlone(s.world, agentIn(s.world), size, s.steps, { ...options, stream: "baseline:own-battery" }).operatingCost, 0);
    const fixedCost = batteryFixedCost(unit, size, 1);
    perAgent[model.id] = { ...size, cost: operatingCost + fixedCost, operatingCost, fixedCost };
  }
  const all = Object.values(perAgent);
  return {
    sizing: "optimal",
    perAgent,
    total: all.reduce((s, a) => s + a.cost, 0),
    energyKWh: all.reduce((s, a) => s + a.energyKWh, 0),
    powerKW: all.reduce((s, a) => s + a.powerKW, 0),
  };
}

/**
 * The central optimum sized once for the year over all spans (the joint LP of
 * central-optimum.ts on the year's basis, or a lone agent's own LP), and its yearly cost with
 * that battery operated in every span. `loadLpSolver()` must have run.
 */
export function yearSizedCentralOptimum(spans: readonly SizingSpan[], maxPeriods: number, options: ViewOptions = {}): CentralOption {
  const { basis, periods } = yearSizingBasis(spans, maxPeriods);
  const unit = spans[0]!.world.providerEconomics.unitFixedCost;
  const sized = sizeBattery(
    basis,
    (i) => {
      const p = periods[i]!;
      const world = spans[p.span]!.world;
      const views = periodViews(world, p.first, options);
      const members = world.agents.map(({ model }) => unlimited(views.get(model.id)!));
      return members.length === 1 ? statelessPeriodLpBuilder(members[0]!.flexibility?.kind)(members[0]!, FREE) : buildJointPeriodLp(members, FREE);
    },
    unit,
    1,
  );
  const size: BatterySize = { energyKWh: sized.energyKWh, powerKW: sized.powerKW };
  const operatingCost = spans.reduce((sum, s) => sum + s.weight * centralOperatingCost(s.world, s.steps, size, options), 0);
  const fixedCost = batteryFixedCost(unit, size, 1);
  return { ...size, systemCost: operatingCost + fixedCost, operatingCost, fixedCost };
}

import type { Calendar } from "../../core/calendar.js";
import { joinLpBlocks, type LpBlock } from "../../core/lp-blocks.js";
import { solveLp, type LinearProgram } from "../../core/lp.js";
import type { BatterySize, UnitFixedCost } from "../../agents/storage-provider.js";
import { periodLpNames } from "../../agents/index.js";

/**
 * Sizing a battery once for the whole horizon (MODEL.md §8): one LP whose blocks are the
 * operating LPs of the horizon's rental periods, all sharing the battery's ratings E and P,
 *
 *     min  Σ_k w_k·(operating cost of period k at E, P) + (φ_E·E + φ_P·P)·yearShare,
 *
 * with φ the unit fixed cost every option pays (capex annuity + O&M) and yearShare the
 * horizon's share of a year. Over a long horizon the blocks are representative periods, each
 * weighted by how many periods it stands for; the size is then evaluated over every period.
 */

/** The rental periods a sizing LP sees. */
export interface SizingBasis {
  /** First step, length and weight of each period the LP sees. */
  readonly periods: readonly { readonly first: number; readonly length: number; readonly weight: number }[];
  /** Rental periods in the horizon. */
  readonly of: number;
  /** Whether the periods are a sample standing for the horizon (false: every period, weight 1). */
  readonly representative: boolean;
}

/** The most rental periods a sizing LP sees unless the scenario says otherwise (four weeks of days). */
export const DEFAULT_SIZING_PERIODS = 28;

/**
 * The periods of the first `steps` steps that a sizing LP sees: all of them when there are at
 * most `maxPeriods`; otherwise `maxPeriods` evenly spaced ones (period ⌊(k + ½)·N/K⌋ for
 * k = 0 … K−1, so a year of days is sampled across its seasons), each weighted N/K.
 */
export function sizingBasis(calendar: Pick<Calendar, "rentalPeriodSteps">, steps: number, maxPeriods: number = DEFAULT_SIZING_PERIODS): SizingBasis {
  const per = calendar.rentalPeriodSteps;
  const count = Math.ceil(steps / per);
  const span = (p: number) => ({ first: p * per, length: Math.min(per, steps - p * per) });
  if (count <= maxPeriods) return { periods: Array.from({ length: count }, (_, p) => ({ ...span(p), weight: 1 })), of: count, representative: false };
  return {
    periods: Array.from({ length: maxPeriods }, (_, k) => ({ ...span(Math.floor(((k + 0.5) * count) / maxPeriods)), weight: count / maxPeriods })),
    of: count,
    representative: true,
  };
}

/** The optimal size and the sizing LP's objective (weighted operating cost + fixed cost), currency. */
export interface SizedBattery extends BatterySize {
  readonly objective: number;
}

/** Largest rating the sizing LP may choose, kWh or kW: far above any real battery, so it never binds. */
const SIZE_CEILING = 1e9;

const RATINGS = periodLpNames();

/**
 * Sizes a battery over `basis`: `periodLp(first, length)` builds the operating LP of one
 * period with the battery's E and P as its `cap_energy` and `cap_power` variables (free, at no
 * rent: the LP of a best response at prices 0), and the fixed cost is `unit`·`yearShare`.
 * `loadLpSolver()` must have run.
 */
export function sizeBattery(basis: SizingBasis, periodLp: (first: number, length: number) => LinearProgram, unit: UnitFixedCost, yearShare: number): SizedBattery {
  const blocks: LpBlock[] = basis.periods.map((p, k) => ({ lp: periodLp(p.first, p.length), prefix: `k${k}_`, weight: p.weight }));
  const lp = joinLpBlocks(
    blocks,
    [
      { name: RATINGS.energy, lower: 0, upper: SIZE_CEILING },
      { name: RATINGS.power, lower: 0, upper: SIZE_CEILING },
    ],
    [
      { variable: RATINGS.energy, coefficient: unit.perKWhYear * yearShare },
      { variable: RATINGS.power, coefficient: unit.perKWYear * yearShare },
    ],
  );
  const solution = solveLp(lp);
  const rating = (name: string) => Math.max(0, solution.values.get(name) ?? 0);
  return { energyKWh: rating(RATINGS.energy), powerKW: rating(RATINGS.power), objective: solution.objective };
}

import type { Calendar } from "./calendar.js";
import { localClock } from "./calendar.js";

/**
 * Grid tariffs: buy and sell prices (currency/kWh) by local hour of day, separately for
 * weekdays and weekends, and an optional demand charge per peak kW per rental period.
 */

/** Prices of one kind of day, one entry per local hour 0–23. */
export interface DayPrices {
  readonly buy: readonly number[];
  readonly sell: readonly number[];
}

/** A resolved tariff table. */
export interface Tariff {
  readonly weekday: DayPrices;
  readonly weekend: DayPrices;
  /** Demand charge, currency per kW of the peak grid import within a rental period. */
  readonly demandChargePerKW: number;
}

/** Grid prices at one step. */
export interface StepPrices {
  /** λ^b: what the grid charges per imported kWh. */
  readonly buy: number;
  /** λ^s: what the grid pays per exported kWh. */
  readonly sell: number;
}

/** Where a step's buy price sits within its day: the basis of rule-based strategies. */
export type TariffBand = "peak" | "flat" | "valley";

/** The grid prices that apply at step `t`. */
export function pricesAt(tariff: Tariff, calendar: Calendar, t: number): StepPrices {
  const { hour, weekend } = localClock(calendar, t);
  const day = weekend ? tariff.weekend : tariff.weekday;
  return { buy: day.buy[hour]!, sell: day.sell[hour]! };
}

/** Peak (the day's highest buy price), valley (its lowest) or flat, for step `t`. */
export function bandAt(tariff: Tariff, calendar: Calendar, t: number): TariffBand {
  const { hour, weekend } = localClock(calendar, t);
  const buy = (weekend ? tariff.weekend : tariff.weekday).buy;
  const price = buy[hour]!;
  const max = Math.max(...buy);
  const min = Math.min(...buy);
  if (max - min < 1e-12) return "flat";
  if (price >= max - 1e-12) return "peak";
  if (price <= min + 1e-12) return "valley";
  return "flat";
}

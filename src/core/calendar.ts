/**
 * The simulation clock (MODEL.md §1): steps t = 0 … T−1 of Δt hours from a start instant,
 * grouped into rental periods. Clock time is the start's UTC time shifted by a fixed
 * offset, so tariff hours read as local hours without any time-zone database.
 */

/** A resolved calendar. */
export interface Calendar {
  /** ISO 8601 start instant, e.g. `2026-01-01T00:00:00Z`. */
  readonly start: string;
  /** Number of steps T. */
  readonly steps: number;
  /** Step length Δt in hours. */
  readonly stepHours: number;
  /** Steps per rental period (24 hourly steps = daily rental). */
  readonly rentalPeriodSteps: number;
  /** Offset of local clock time from UTC, hours; tariff hours are local. */
  readonly utcOffsetHours: number;
}

const HOUR_MS = 3_600_000;

/** The ISO instant at which step `t` starts. */
export function timeAt(calendar: Calendar, t: number): string {
  return new Date(Date.parse(calendar.start) + t * calendar.stepHours * HOUR_MS).toISOString();
}

/** Local clock of step `t`: hour of day (0–23, integer) and whether the day is Saturday or Sunday. */
export function localClock(calendar: Calendar, t: number): { hour: number; weekend: boolean; dayOfYear: number } {
  const local = new Date(Date.parse(calendar.start) + (t * calendar.stepHours + calendar.utcOffsetHours) * HOUR_MS);
  const day = local.getUTCDay();
  const yearStart = Date.UTC(local.getUTCFullYear(), 0, 1);
  return {
    hour: local.getUTCHours(),
    weekend: day === 0 || day === 6,
    dayOfYear: Math.floor((local.getTime() - yearStart) / (24 * HOUR_MS)) + 1,
  };
}

/** Fractional local hour of day at the middle of step `t` (for solar geometry). */
export function localHourMid(calendar: Calendar, t: number): number {
  const local = Date.parse(calendar.start) + ((t + 0.5) * calendar.stepHours + calendar.utcOffsetHours) * HOUR_MS;
  return (((local / HOUR_MS) % 24) + 24) % 24;
}

/** Index of the rental period containing step `t`. */
export function rentalPeriodOf(calendar: Calendar, t: number): number {
  return Math.floor(t / calendar.rentalPeriodSteps);
}

/** True when step `t` opens a rental period (rental is cleared at its start). */
export function startsRentalPeriod(calendar: Calendar, t: number): boolean {
  return t % calendar.rentalPeriodSteps === 0;
}

/** Steps `[first, first + length)` of the rental period containing `t`, cut at the horizon. */
export function rentalPeriodSpan(calendar: Calendar, t: number): { first: number; length: number } {
  const first = rentalPeriodOf(calendar, t) * calendar.rentalPeriodSteps;
  return { first, length: Math.min(calendar.rentalPeriodSteps, calendar.steps - first) };
}

/** Hours in a (non-leap) year: the span every yearly figure (capex annuity, O&M, cash flow) is for. */
export const HOURS_PER_YEAR = 8760;

/** Rental periods in a 365-day year: D in the floor-price formula of MODEL.md §2. */
export function rentalPeriodsPerYear(calendar: Calendar): number {
  return HOURS_PER_YEAR / (calendar.stepHours * calendar.rentalPeriodSteps);
}

/** The share of a year that `steps` steps of the calendar cover: hours / 8760. */
export function yearShareOf(calendar: Pick<Calendar, "stepHours">, steps: number): number {
  return (steps * calendar.stepHours) / HOURS_PER_YEAR;
}

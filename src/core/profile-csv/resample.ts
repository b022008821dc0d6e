import type { Calendar } from "../calendar.js";
import { InputError } from "../errors.js";
import type { TimeGrid } from "./check.js";

/**
 * Units and resampling of profile rows to the simulation step. Every row becomes an average
 * power in kW over its interval; each step then takes the time-weighted average of the rows
 * overlapping it: finer rows are averaged, coarser rows are held, misaligned rows are weighted
 * by their overlap.
 */

/** Units a profile CSV may be in: power (kW, W, MW) or energy per row (kWh). */
export const PROFILE_UNITS = ["kW", "W", "MW", "kWh"] as const;
export type ProfileUnit = (typeof PROFILE_UNITS)[number];

const HOUR_MS = 3_600_000;

/** Throws an input error at `unitPath` unless `unit` is one of PROFILE_UNITS. */
export function requireUnit(unit: string, unitPath: string): ProfileUnit {
  if (!(PROFILE_UNITS as readonly string[]).includes(unit)) {
    throw new InputError({ path: unitPath, expected: `one of ${PROFILE_UNITS.join(", ")}, got "${unit}"` });
  }
  return unit as ProfileUnit;
}

/** Average power in kW of a row holding `value` in `unit` over an interval of `rowHours`. */
export function toKW(value: number, unit: ProfileUnit, rowHours: number): number {
  switch (unit) {
    case "kW":
      return value;
    case "W":
      return value / 1000;
    case "MW":
      return value * 1000;
    case "kWh":
      return value / rowHours;
  }
}

/**
 * One average power per step of `calendar` from rows on `grid`; `rowKW(i)` is row i's average
 * power (read only for rows that overlap the horizon). The grid must cover the horizon.
 */
export function resampleToSteps(grid: TimeGrid, calendar: Calendar, rowKW: (row: number) => number): Float64Array {
  const stepMs = calendar.stepHours * HOUR_MS;
  const startMs = Date.parse(calendar.start);
  const out = new Float64Array(calendar.steps);
  for (let t = 0; t < calendar.steps; t++) {
    const a = startMs + t * stepMs;
    const b = a + stepMs;
    const firstRow = Math.floor((a - grid.firstMs) / grid.spacingMs);
    const lastRow = Math.ceil((b - grid.firstMs) / grid.spacingMs) - 1;
    let sum = 0;
    for (let i = firstRow; i <= lastRow; i++) {
      const rowStart = grid.firstMs + i * grid.spacingMs;
      const overlap = Math.min(b, rowStart + grid.spacingMs) - Math.max(a, rowStart);
      if (overlap > 0) sum += rowKW(i) * (overlap / stepMs);
    }
    out[t] = sum;
  }
  return out;
}

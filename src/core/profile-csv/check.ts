import type { Calendar } from "../calendar.js";
import { InputError } from "../errors.js";
import type { CsvTable } from "./parse.js";

/**
 * Checking the time column of a profile CSV: ISO 8601 instants, strictly increasing, evenly
 * spaced, and covering the whole simulation horizon. Each row's time is the start of the
 * interval it describes; the last row's interval ends one spacing after it.
 */

const HOUR_MS = 3_600_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Evenly spaced row times: row i starts at `firstMs + i · spacingMs` (ms since the epoch, UTC). */
export interface TimeGrid {
  readonly firstMs: number;
  readonly spacingMs: number;
  readonly rows: number;
}

/** Whether `cell` looks like an ISO 8601 date or date-time (what decides if a default `time` column holds times). */
export function looksLikeIsoTime(cell: string): boolean {
  return ISO.test(cell);
}

/**
 * The instant of ISO 8601 `cell` in ms since the epoch, or undefined when it is not one.
 * A time without a zone is local clock time of the calendar (UTC + `utcOffsetHours`).
 */
export function parseIsoTime(cell: string, utcOffsetHours: number): number | undefined {
  const m = ISO.exec(cell);
  if (!m) return undefined;
  const [y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = m.slice(1);
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const date = new Date(local);
  const valid =
    date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) &&
    date.getUTCHours() === Number(h) && date.getUTCMinutes() === Number(mi) && date.getUTCSeconds() === Number(s);
  if (!valid) return undefined;
  return local - zoneOffsetMs(zone, utcOffsetHours);
}

function zoneOffsetMs(zone: string | undefined, utcOffsetHours: number): number {
  if (zone === undefined) return Math.round(utcOffsetHours * HOUR_MS);
  if (zone === "Z" || zone === "z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * 60_000;
}

/** Human-readable length of `ms`, e.g. `15 min`, `2 h`, `1 day`. */
export function formatDuration(ms: number): string {
  if (ms % (24 * HOUR_MS) === 0) return `${ms / (24 * HOUR_MS)} day${ms === 24 * HOUR_MS ? "" : "s"}`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/**
 * Reads and checks column `timeIndex` of every row: each cell an ISO 8601 instant, strictly
 * increasing, evenly spaced. Errors name file:line under `timePath` (the spec's `timeColumn`).
 */
export function checkTimeGrid(table: CsvTable, timeIndex: number, utcOffsetHours: number, timePath: string): TimeGrid {
  const column = table.header[timeIndex];
  const at = (i: number) => `${timePath} (${table.file}:${table.rows[i]!.line})`;
  const times = table.rows.map((row, i) => {
    const cell = row.cells[timeIndex] ?? "";
    const ms = parseIsoTime(cell, utcOffsetHours);
    if (ms === undefined) throw new InputError({ path: at(i), expected: `an ISO 8601 time in column "${column}" (e.g. 2026-01-01T00:00:00Z), got "${cell}"` });
    return ms;
  });
  if (times.length < 2) throw new InputError({ path: timePath, expected: `at least two timed rows in ${table.file} to find their spacing, found ${times.length}` });
  const spacingMs = times[1]! - times[0]!;
  for (let i = 1; i < times.length; i++) {
    const delta = times[i]! - times[i - 1]!;
    if (delta <= 0) {
      throw new InputError({ path: at(i), expected: `times strictly increasing, but "${table.rows[i]!.cells[timeIndex]}" is ${delta === 0 ? "equal to" : "before"} the previous row's time` });
    }
    if (delta !== spacingMs) {
      throw new InputError({
        path: at(i),
        expected: `evenly spaced rows every ${formatDuration(spacingMs)} (as the first two rows), but this row is ${formatDuration(delta)} after the previous one (${delta > spacingMs ? "a gap" : "an irregular row"})`,
      });
    }
  }
  return { firstMs: times[0]!, spacingMs, rows: times.length };
}

/**
 * Checks that the rows cover the horizon [start, start + steps · Δt) of `calendar`: the first
 * row starts at or before the calendar start and the rows reach its end. Errors name `csvPath`.
 */
export function checkCoverage(grid: TimeGrid, calendar: Calendar, file: string, csvPath: string): void {
  const startMs = Date.parse(calendar.start);
  const endMs = startMs + calendar.steps * calendar.stepHours * HOUR_MS;
  const every = formatDuration(grid.spacingMs);
  if (grid.firstMs > startMs) {
    throw new InputError({
      path: csvPath,
      expected: `rows from the calendar start ${new Date(startMs).toISOString()}, but ${file} starts at ${new Date(grid.firstMs).toISOString()}`,
    });
  }
  const needed = Math.ceil((endMs - grid.firstMs) / grid.spacingMs);
  if (needed > grid.rows) {
    throw new InputError({
      path: csvPath,
      expected: `rows every ${every} from ${new Date(grid.firstMs).toISOString()} up to the horizon end ${new Date(endMs).toISOString()}: ${needed} rows needed, ${file} has ${grid.rows}`,
    });
  }
}

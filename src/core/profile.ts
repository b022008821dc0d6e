import type { Calendar } from "./calendar.js";
import { InputError } from "./errors.js";
import type { InputText } from "./input-source.js";
import { checkCoverage, checkTimeGrid, looksLikeIsoTime } from "./profile-csv/check.js";
import { numericCell, readCsvTable, valueColumnIndex, columnIndex, type CsvTable } from "./profile-csv/parse.js";
import { requireUnit, resampleToSteps, toKW } from "./profile-csv/resample.js";

export { PROFILE_UNITS, type ProfileUnit } from "./profile-csv/resample.js";

/**
 * A profile is one value per simulation step (kW for loads and generation, °C for
 * temperature). Profiles are computed once when the world is built and never change.
 */
export type Profile = Float64Array;

/** How to read a profile CSV (the fields of a CSV profile spec other than the file and scale). */
export interface CsvProfileOptions {
  /** Value column; optional when the file has one value column besides the time column. */
  readonly column?: string;
  /** ISO 8601 time column; by default `time` when that column holds ISO times. */
  readonly timeColumn?: string;
  /** `kW` (default), `W`, `MW`, or `kWh` per row (energy over the row's interval). */
  readonly unit?: string;
  /** Dotted path of the profile spec, e.g. `agents[0].load`; errors name `<path>.csv`, `<path>.unit`, … */
  readonly fieldPath?: string;
}

/**
 * Reads one column of a CSV profile (`source`, read by an InputSource) (header row, then rows) as average kW per step of
 * `calendar`. With a time column the rows must be strictly increasing, evenly spaced ISO 8601
 * times covering the horizon, and are resampled to the step (finer rows averaged, coarser rows
 * held); without one, row i is step i and there must be at least `steps` rows. Every problem
 * is an InputError naming the field and, for a bad row, file:line. See docs/profiles.md.
 */
export function loadProfileCsv(source: InputText, calendar: Calendar, options: CsvProfileOptions = {}): Profile {
  const file = source.name;
  const fieldPath = options.fieldPath ?? "profile";
  const csvPath = `${fieldPath}.csv`;
  const unit = requireUnit(options.unit ?? "kW", `${fieldPath}.unit`);
  const table = readCsvTable(source, csvPath);
  const timeIndex = timeColumnIndex(table, options.timeColumn, `${fieldPath}.timeColumn`);
  const valueIndex = valueColumnIndex(table, options.column, timeIndex, fieldPath);
  if (valueIndex === timeIndex) {
    throw new InputError({ path: `${fieldPath}.column`, expected: `a value column other than the time column "${table.header[timeIndex]}"` });
  }
  if (timeIndex === undefined) {
    if (table.rows.length < calendar.steps) {
      throw new InputError({ path: csvPath, expected: `${file} to have at least ${calendar.steps} data rows (one per step, no time column), found ${table.rows.length}` });
    }
    return Float64Array.from({ length: calendar.steps }, (_, t) => toKW(numericCell(table, table.rows[t]!, valueIndex, csvPath), unit, calendar.stepHours));
  }
  const grid = checkTimeGrid(table, timeIndex, calendar.utcOffsetHours, `${fieldPath}.timeColumn`);
  checkCoverage(grid, calendar, file, csvPath);
  const rowHours = grid.spacingMs / 3_600_000;
  return resampleToSteps(grid, calendar, (i) => toKW(numericCell(table, table.rows[i]!, valueIndex, csvPath), unit, rowHours));
}

/**
 * The time column: `timeColumn` when given (its cells must be ISO times), else a column named
 * `time` whose first cell is an ISO time; a `time` column of row labels (e.g. 0, 1, 2) is not
 * a time column, and the rows are then steps.
 */
function timeColumnIndex(table: CsvTable, timeColumn: string | undefined, timePath: string): number | undefined {
  if (timeColumn !== undefined) return columnIndex(table, timeColumn, timePath);
  const i = table.header.findIndex((h) => h.toLowerCase() === "time");
  if (i < 0) return undefined;
  return looksLikeIsoTime(table.rows[0]!.cells[i] ?? "") ? i : undefined;
}

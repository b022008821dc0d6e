import type { Calendar } from "./calendar.js";
import { InputError } from "./errors.js";
import type { InputText } from "./input-source.js";
import { MAX_POWER_KW, MAX_TEMPERATURE_C, MIN_TEMPERATURE_C, formatBound } from "./bounds.js";
import { checkCoverage, checkTimeGrid, looksLikeIsoTime } from "./profile-csv/check.js";
import { numericCell, readCsvTable, valueColumnIndex, columnIndex, type CsvRow, type CsvTable } from "./profile-csv/parse.js";
import { requireUnit, resampleToSteps, toKW } from "./profile-csv/resample.js";

export { PROFILE_UNITS, type ProfileUnit } from "./profile-csv/resample.js";

/**
 * A profile is one value per simulation step (kW for loads and generation, °C for
 * temperature). Profiles are computed once when the world is built and never change.
 */
export type Profile = Float64Array;

/**
 * What a profile's values are, which decides the values allowed (docs/profiles.md): a load or
 * generation is 0 ≤ kW ≤ MAX_POWER_KW, a net load (load minus on-site generation, a spec's
 * `netLoad: true`) |kW| ≤ MAX_POWER_KW, a temperature MIN_TEMPERATURE_C ≤ °C ≤ MAX_TEMPERATURE_C.
 */
export type ProfileQuantity = "load" | "net-load" | "generation" | "temperature";

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
  /** What the values are (default `load`): a value outside its range is an InputError naming file:line. */
  readonly quantity?: ProfileQuantity;
}

/**
 * Reads one column of a CSV profile (`source`, read by an InputSource) (header row, then rows) as average kW per step of
 * `calendar`. With a time column the rows must be strictly increasing, evenly spaced ISO 8601
 * times covering the horizon, and are resampled to the step (finer rows averaged, coarser rows
 * held); without one, row i is step i and there must be at least `steps` rows. Every value
 * read must lie in the range of its `quantity` (a load is never negative). Every problem is an
 * InputError naming the field and, for a bad row, file:line and the offending value only.
 * See docs/profiles.md.
 */
export function loadProfileCsv(source: InputText, calendar: Calendar, options: CsvProfileOptions = {}): Profile {
  const file = source.name;
  const fieldPath = options.fieldPath ?? "profile";
  const csvPath = `${fieldPath}.csv`;
  const unit = requireUnit(options.unit ?? "kW", `${fieldPath}.unit`);
  const quantity = options.quantity ?? "load";
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
    return Float64Array.from({ length: calendar.steps }, (_, t) => rowValue(table, table.rows[t]!, valueIndex, csvPath, quantity, (v) => toKW(v, unit, calendar.stepHours)));
  }
  const grid = checkTimeGrid(table, timeIndex, calendar.utcOffsetHours, `${fieldPath}.timeColumn`);
  checkCoverage(grid, calendar, file, csvPath);
  const rowHours = grid.spacingMs / 3_600_000;
  return resampleToSteps(grid, calendar, (i) => rowValue(table, table.rows[i]!, valueIndex, csvPath, quantity, (v) => toKW(v, unit, rowHours)));
}

/**
 * The value of `row` converted by `convert`, checked against the range of `quantity`: the
 * bounds keep every product a run forms finite (core/bounds.ts), and a negative load is almost
 * always a sign error or a net-load column given as a load.
 */
function rowValue(table: CsvTable, row: CsvRow, index: number, csvPath: string, quantity: ProfileQuantity, convert: (v: number) => number): number {
  const raw = numericCell(table, row, index, csvPath);
  const value = convert(raw);
  const [min, max, what] = QUANTITY_RANGES[quantity];
  if (value < min || value > max) {
    const hint = quantity === "load" && value < 0 ? " (a column that may be negative is a net load: set netLoad: true)" : "";
    throw new InputError({ path: `${csvPath} (${table.file}:${row.line})`, expected: `${what} in column "${table.header[index]}"${hint}, got ${raw}` });
  }
  return value;
}

const QUANTITY_RANGES: Readonly<Record<ProfileQuantity, readonly [number, number, string]>> = {
  load: [0, MAX_POWER_KW, `a load 0 ≤ kW ≤ ${formatBound(MAX_POWER_KW)}`],
  generation: [0, MAX_POWER_KW, `a generation 0 ≤ kW ≤ ${formatBound(MAX_POWER_KW)}`],
  "net-load": [-MAX_POWER_KW, MAX_POWER_KW, `a net load |kW| ≤ ${formatBound(MAX_POWER_KW)}`],
  temperature: [MIN_TEMPERATURE_C, MAX_TEMPERATURE_C, `a temperature ${MIN_TEMPERATURE_C} ≤ °C ≤ ${MAX_TEMPERATURE_C}`],
};

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

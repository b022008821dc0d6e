import { InputError } from "../errors.js";
import type { InputText } from "../input-source.js";

/**
 * Reading a profile CSV: a header row, then one row per interval. Only the text is read
 * here; times and values are checked where they are used (check.ts, resample.ts).
 */

/** One data row: its cells and the 1-based line of the file it came from. */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** A CSV file split into header and data rows; blank lines are skipped but keep line numbers. */
export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** Splits a CSV file read for the scenario (core/input-source.ts); an empty file is an input error at `fieldPath`. */
export function readCsvTable(source: InputText, fieldPath: string): CsvTable {
  const file = source.name;
  let text = source.text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0) throw new InputError({ path: fieldPath, expected: `a CSV file with a header row and data rows, ${file} is empty` });
  const header = splitCells(lines[first]!);
  const rows: CsvRow[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    if (lines[i]!.trim() !== "") rows.push({ line: i + 1, cells: splitCells(lines[i]!) });
  }
  if (rows.length === 0) throw new InputError({ path: fieldPath, expected: `data rows below the header, ${file} has none` });
  return { file, header, rows };
}

/** Comma-separated cells, trimmed, with one pair of surrounding double quotes removed. */
function splitCells(line: string): string[] {
  return line.split(",").map((c) => {
    const cell = c.trim();
    return cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1).trim() : cell;
  });
}

/** Index of header column `name`, or an input error at `fieldPath` listing the columns. */
export function columnIndex(table: CsvTable, name: string, fieldPath: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) throw new InputError({ path: fieldPath, expected: `a column of ${table.file} (${table.header.join(", ")}), got "${name}"` });
  return i;
}

/**
 * The value column: `column` when given, else the only column other than `exclude` (the time
 * column) and any column named `time`.
 */
export function valueColumnIndex(table: CsvTable, column: string | undefined, exclude: number | undefined, fieldPath: string): number {
  if (column !== undefined) return columnIndex(table, column, `${fieldPath}.column`);
  const values = table.header.map((h, i) => [h, i] as const).filter(([h, i]) => i !== exclude && h.toLowerCase() !== "time");
  if (values.length !== 1) {
    throw new InputError({ path: `${fieldPath}.column`, expected: `a column name, since ${table.file} has ${values.length === 0 ? "no value column" : "several value columns"} (${table.header.join(", ")})` });
  }
  return values[0]![1];
}

/** The number in column `index` of `row`; blank or non-numeric is an input error naming file:line. */
export function numericCell(table: CsvTable, row: CsvRow, index: number, fieldPath: string): number {
  const cell = row.cells[index] ?? "";
  const value = cell === "" ? Number.NaN : Number(cell);
  if (!Number.isFinite(value)) {
    throw new InputError({ path: `${fieldPath} (${table.file}:${row.line})`, expected: `a number in column "${table.header[index]}", got "${cell}"` });
  }
  return value;
}

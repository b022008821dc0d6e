/**
 * The typed table every SESAME export is made of (docs/experiments.md): named, typed columns
 * and rows keyed by column name. One model, written as CSV, Parquet or JSON, so that the three
 * files of one table always hold the same values.
 */

/** The type of a column's values; a missing value is `null` whatever the type. */
export type ColumnType = "string" | "number" | "boolean";

/** One column: its name and the type of its non-null values. */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

/** One cell's value. */
export type CellValue = string | number | boolean | null;

/** A table: columns in file order, and rows holding a value (or null) for each column. */
export interface DataTable {
  readonly columns: readonly Column[];
  readonly rows: readonly Readonly<Record<string, CellValue>>[];
}

const COLUMN_TYPES: ReadonlySet<string> = new Set<ColumnType>(["string", "number", "boolean"]);

/**
 * Throws unless every column name is unique and typed, and every row's value matches its
 * column's type (or is null; a member that is absent counts as null). Numbers must be finite:
 * JSON cannot hold NaN or ±Infinity, and the three formats must agree.
 */
export function checkTable(table: DataTable): void {
  const names = new Set<string>();
  for (const { name, type } of table.columns) {
    if (names.has(name)) throw new Error(`table: column "${name}" appears twice`);
    if (!COLUMN_TYPES.has(type)) throw new Error(`table: column "${name}" has unknown type "${String(type)}"`);
    names.add(name);
  }
  table.rows.forEach((row, i) => {
    for (const { name, type } of table.columns) {
      const value = row[name] ?? null;
      if (value === null) continue;
      if (typeof value !== type) throw new Error(`table: row ${i}, column "${name}": expected a ${type} or null, got ${JSON.stringify(value)}`);
      if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`table: row ${i}, column "${name}": non-finite number ${value}`);
    }
  });
}

/** The value of `column` in `row`, null when absent. */
export function cell(row: Readonly<Record<string, CellValue>>, column: string): CellValue {
  return row[column] ?? null;
}

import { readFileSync } from "node:fs";
import * as arrow from "apache-arrow";
import * as pq from "parquet-wasm/node";
import { InputError } from "../../core/errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import { cell, checkTable, type CellValue, type Column, type ColumnType, type DataTable } from "./table-model.js";

/**
 * Parquet through Arrow: every column nullable, Float64 for numbers, Utf8 for strings, Bool for
 * booleans. Snappy-compressed, written in one row group with fixed writer settings, so the same
 * table gives the same bytes (parquet-wasm stamps only its own version, not a time).
 */

/**
 * The Parquet bytes of `table`, with `metadata` as the file's key-value metadata (what pyarrow
 * shows as `pq.read_metadata(path).metadata`; a partial run's tables carry `sesame.partial`).
 */
export function parquetBytes(table: DataTable, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  checkTable(table);
  const vectors: Record<string, arrow.Vector> = {};
  for (const { name, type } of table.columns) {
    const values = table.rows.map((row) => cell(row, name));
    vectors[name] = arrow.vectorFromArray(values, arrowType(type));
  }
  const arrowTable = new arrow.Table(vectors);
  let builder = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY);
  // Only when there is some: the bytes of an ordinary table stay what they always were.
  if (Object.keys(metadata).length > 0) builder = builder.setKeyValueMetadata(new Map(Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  const properties = builder.build();
  return pq.writeParquet(pq.Table.fromIPCStream(arrow.tableToIPC(arrowTable, "stream")), properties);
}

/** Writes `table` to `path` as Parquet (with `metadata` as its key-value metadata), atomically. */
export function writeParquet(path: string, table: DataTable, metadata: Readonly<Record<string, string>> = {}): void {
  writeFileAtomic(path, parquetBytes(table, metadata));
}

/** The key-value metadata of the Parquet file `path` that its writer set (Arrow's own schema entry left out). */
export function readParquetMetadata(path: string): Record<string, string> {
  let schema: Map<unknown, unknown>;
  try {
    schema = pq.readSchema(readFileSync(path)).metadata() as Map<unknown, unknown>;
  } catch (error) {
    throw new InputError({ path, expected: `a Parquet file: ${String((error as Error).message ?? error)}` });
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of schema) if (typeof key === "string" && !key.startsWith("ARROW:")) metadata[key] = String(value);
  return metadata;
}

/**
 * Reads a Parquet file into a table. Floating and integer columns become numbers (64-bit
 * integers too, converted to the nearest float), text columns strings, boolean columns
 * booleans; a column of any other type is an InputError naming the file and the column.
 */
export function readParquet(path: string): DataTable {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new InputError({ path, expected: "a readable Parquet file" });
  }
  let arrowTable: arrow.Table;
  try {
    arrowTable = arrow.tableFromIPC(pq.readParquet(bytes).intoIPCStream());
  } catch (error) {
    throw new InputError({ path, expected: `a Parquet file: ${String((error as Error).message ?? error)}` });
  }
  const columns: Column[] = arrowTable.schema.fields.map((field) => ({ name: field.name, type: columnType(field, path) }));
  const children = columns.map((c, i) => ({ name: c.name, vector: arrowTable.getChildAt(i)! }));
  const rows: Record<string, CellValue>[] = [];
  for (let r = 0; r < arrowTable.numRows; r++) {
    const row: Record<string, CellValue> = {};
    for (const { name, vector } of children) row[name] = toCell(vector.get(r));
    rows.push(row);
  }
  return { columns, rows };
}

function arrowType(type: ColumnType): arrow.DataType {
  if (type === "number") return new arrow.Float64();
  if (type === "boolean") return new arrow.Bool();
  return new arrow.Utf8();
}

function columnType(field: arrow.Field, path: string): ColumnType {
  const { type } = field;
  if (arrow.DataType.isFloat(type) || arrow.DataType.isInt(type)) return "number";
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type)) return "string";
  if (arrow.DataType.isBool(type)) return "boolean";
  throw new InputError({ path: `${path}: column ${field.name}`, expected: `a number, string or boolean column, not ${String(type)}` });
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return Number(value);
}

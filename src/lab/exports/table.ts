/**
 * Tables a paper can use: the typed table model and its three file formats (CSV, Parquet,
 * canonical JSON). Every write is atomic; every format is deterministic byte for byte.
 */
export { checkTable, type CellValue, type Column, type ColumnType, type DataTable } from "./table-model.js";
export { csvText, writeCsv } from "./csv.js";
export { parquetBytes, readParquet, readParquetMetadata, writeParquet } from "./parquet.js";
export { readJsonTable, writeJsonTable } from "./json-table.js";

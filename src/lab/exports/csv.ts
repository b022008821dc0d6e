import { writeFileAtomic } from "./atomic-write.js";
import { cell, checkTable, type CellValue, type DataTable } from "./table-model.js";

/**
 * CSV per RFC 4180 (with "\n" line ends): a header row, then one line per row. A field holding
 * a comma, a quote, CR or LF is quoted, with quotes doubled. Numbers are written as `String(x)`
 * (the shortest text that reads back as the same float), booleans as true/false, null as an
 * empty field, and the empty string as `""` so that it stays distinguishable from null.
 */

/** The CSV text of `table` (deterministic: the same table gives the same bytes). */
export function csvText(table: DataTable): string {
  checkTable(table);
  const lines = [table.columns.map((c) => quoteField(c.name)).join(",")];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(cell(row, c.name))).join(","));
  return lines.join("\n") + "\n";
}

/** Writes `table` to `path` as CSV, atomically. */
export function writeCsv(path: string, table: DataTable): void {
  writeFileAtomic(path, csvText(table));
}

function csvField(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return value === "" ? '""' : quoteField(value);
}

function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

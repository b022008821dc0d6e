import { readFileSync } from "node:fs";
import { canonicalJson } from "../../core/canonical-json.js";
import { InputError } from "../../core/errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import { checkTable, type CellValue, type DataTable } from "./table-model.js";

/**
 * A table as JSON: `{ "columns": [{name, type}], "rows": [...] }` in canonical JSON (sorted
 * keys), so the same table always gives the same bytes. Column order lives in `columns`.
 */

/** Writes `table` to `path` as canonical JSON, atomically. Absent row members are written as null. */
export function writeJsonTable(path: string, table: DataTable): void {
  checkTable(table);
  const rows = table.rows.map((row) => {
    const full: Record<string, CellValue> = {};
    for (const { name } of table.columns) full[name] = row[name] ?? null;
    return full;
  });
  writeFileAtomic(path, canonicalJson({ columns: table.columns, rows }) + "\n");
}

/** Reads a table written by writeJsonTable; anything else is an InputError naming the file. */
export function readJsonTable(path: string): DataTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InputError({ path, expected: `a JSON table file: ${(error as Error).message}` });
  }
  const candidate = parsed as Partial<DataTable> | null;
  if (candidate === null || typeof candidate !== "object" || !Array.isArray(candidate.columns) || !Array.isArray(candidate.rows)) {
    throw new InputError({ path, expected: "a JSON table: { columns: [{name, type}], rows: [...] }" });
  }
  const table: DataTable = { columns: candidate.columns, rows: candidate.rows };
  try {
    checkTable(table);
  } catch (error) {
    throw new InputError({ path, expected: (error as Error).message });
  }
  return table;
}

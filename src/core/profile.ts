import { readFileSync } from "node:fs";
import { InputError } from "./errors.js";

/**
 * A profile is one value per simulation step (kW for loads and generation, °C for
 * temperature). Profiles are computed once when the world is built and never change.
 */
export type Profile = Float64Array;

/**
 * Reads one numeric column of a CSV file with a header row. `column` names the column; when
 * omitted the file must have exactly one column or a `time` column plus one value column.
 * The first `steps` rows are used; fewer rows, a blank or non-numeric cell are input errors.
 */
export function loadProfileCsv(file: string, steps: number, column?: string, fieldPath = "csv"): Profile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new InputError({ path: fieldPath, expected: `a readable CSV file, cannot read ${file}` });
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  const index = pickColumn(header, column, file, fieldPath);
  if (lines.length - 1 < steps) {
    throw new InputError({ path: fieldPath, expected: `${file} to have at least ${steps} data rows, found ${lines.length - 1}` });
  }
  const out = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    const cell = lines[t + 1]!.split(",")[index]?.trim() ?? "";
    const value = cell === "" ? Number.NaN : Number(cell);
    if (!Number.isFinite(value)) {
      throw new InputError({ path: `${fieldPath} (${file}:${t + 2})`, expected: `a number in column "${header[index]}", got "${cell}"` });
    }
    out[t] = value;
  }
  return out;
}

function pickColumn(header: string[], column: string | undefined, file: string, fieldPath: string): number {
  if (column !== undefined) {
    const i = header.indexOf(column);
    if (i < 0) throw new InputError({ path: `${fieldPath}.column`, expected: `a column of ${file} (${header.join(", ")}), got "${column}"` });
    return i;
  }
  const values = header.map((h, i) => [h, i] as const).filter(([h]) => h.toLowerCase() !== "time");
  if (values.length !== 1) {
    throw new InputError({ path: `${fieldPath}.column`, expected: `a column name, since ${file} has several columns (${header.join(", ")})` });
  }
  return values[0]![1];
}

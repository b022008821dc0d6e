import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../sim/log/run-folder.js";
import { writeCsv } from "../exports/csv.js";
import type { Column, DataTable } from "../exports/table-model.js";
import type { AgentFigures } from "./agent-figures.js";
import type { CounterfactualDocument } from "./counterfactual-document.js";
import type { StepAgentRow } from "./step-changes.js";

/**
 * A counterfactual folder (`sesame replay RUN --mechanism … --out DIR`):
 *
 *     counterfactual.json        the document (counterfactual-document.ts), written last
 *     counterfactual-steps.csv   one row per step and agent: logged, open loop, difference
 *     closed-loop/               with --closed-loop: the closed-loop run, an ordinary run folder
 *
 * `sesame report DIR` draws the counterfactual chart from counterfactual.json. The logged run
 * folder itself is never written to: it stays the record it was.
 */

/** File names inside a counterfactual folder. */
export const COUNTERFACTUAL_FILE = "counterfactual.json";
export const COUNTERFACTUAL_STEPS_FILE = "counterfactual-steps.csv";
/** The closed-loop run's folder inside it. */
export const CLOSED_LOOP_DIR = "closed-loop";

/** Refuses a folder that exists and is not empty (checked before anything runs). */
export function requireFreeCounterfactualFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new InputError({ path: "--out", expected: `an empty or new folder; ${dir} is not empty` });
}

/** Writes the folder's files; `rows` (null when open loop was refused) become the CSV. */
export function writeCounterfactualFolder(dir: string, document: CounterfactualDocument, rows: readonly StepAgentRow[] | null): void {
  mkdirSync(dir, { recursive: true });
  if (rows) writeCsv(join(dir, COUNTERFACTUAL_STEPS_FILE), stepsTable(rows));
  writeJsonAtomic(join(dir, COUNTERFACTUAL_FILE), document);
}

/** True when `dir` holds a counterfactual.json. */
export function isCounterfactualFolder(dir: string): boolean {
  return existsSync(join(dir, COUNTERFACTUAL_FILE));
}

/** Reads counterfactual.json of a counterfactual folder. */
export function readCounterfactual(dir: string): CounterfactualDocument {
  const file = join(dir, COUNTERFACTUAL_FILE);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError({ path: file, expected: `a readable counterfactual.json: ${(error as Error).message}` });
  }
  if ((value as { kind?: unknown } | null)?.kind !== "counterfactual") throw new InputError({ path: file, expected: 'a counterfactual document ("kind": "counterfactual")' });
  return value as CounterfactualDocument;
}

/** CSV columns per figure, with its unit (money in the scenario's currency). */
const FIGURE_COLUMNS: readonly [keyof AgentFigures, string][] = [
  ["cost", "cost"],
  ["rent", "rent"],
  ["peerKWh", "peer_kWh"],
  ["gridKWh", "grid_kWh"],
  ["rentedEnergyKWh", "rented_kWh"],
  ["rentedPowerKW", "rented_kW"],
];

/** One row per step and agent: t, agent, then `<figure>_logged`, `<figure>_open_loop`, `<figure>_difference`. */
export function stepsTable(rows: readonly StepAgentRow[]): DataTable {
  const columns: Column[] = [
    { name: "t", type: "number" },
    { name: "agent", type: "string" },
    ...FIGURE_COLUMNS.flatMap(([, name]) => ["logged", "open_loop", "difference"].map((part): Column => ({ name: `${name}_${part}`, type: "number" }))),
  ];
  return {
    columns,
    rows: rows.map((r) => ({
      t: r.t,
      agent: r.agent,
      ...Object.fromEntries(
        FIGURE_COLUMNS.flatMap(([key, name]) => [
          [`${name}_logged`, r.logged[key]],
          [`${name}_open_loop`, r.counterfactual[key]],
          [`${name}_difference`, r.difference[key]],
        ]),
      ),
    })),
  };
}

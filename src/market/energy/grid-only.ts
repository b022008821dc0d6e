/**
 * grid-only — no peer trading; every order goes to the grid at the tariff (MODEL.md §5).
 * The baseline every other energy mechanism is compared with.
 *
 * Properties:
 * - individually rational: yes — each agent gets exactly what it would get without a market.
 * - budget balance: strong — there is no operator; money flows only between agents and grid.
 * - truthful: yes — limits are ignored, so misreporting changes nothing.
 * - efficient: no — crossing orders that could trade between peers do not.
 */
import { z } from "zod";
import type { EnergyBook, EnergyClearing, EnergyMechanism, MechanismProperties } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { settleIndexed } from "./settle.js";
import { indexBook } from "../indexed-book.js";
import { tradeColumns } from "./trade-columns.js";

/** Registry name of the grid-only baseline. */
export const GRID_ONLY = "grid-only";

/** The properties grid-only claims (see the file header). */
export const gridOnlyProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: true,
  efficient: false,
};

/** Clears `book` without peer trades: all buy kWh imported, all sell kWh exported. */
export function clearGridOnly(book: EnergyBook): EnergyClearing {
  const { settlement, payments, operatorSurplus } = settleIndexed(indexBook(book), tradeColumns(0));
  return { mechanism: GRID_ONLY, prices: {}, trades: [], settlement, operatorSurplus, payments, meta: {} };
}

/** The grid-only mechanism (it has no parameters and draws nothing). */
export function createGridOnly(): EnergyMechanism {
  return { name: GRID_ONLY, clear: (book) => clearGridOnly(book) };
}

/** Registry entry for grid-only. */
export const gridOnlyEntry = defineMechanism({
  name: GRID_ONLY,
  kind: "energy",
  description: "No peer trading: every order goes to the grid at the tariff (baseline).",
  properties: gridOnlyProperties,
  params: z.strictObject({}),
  create: () => createGridOnly(),
});

import { z } from "zod";
import { zodIssues } from "../core/zod-issues.js";
import { InputError } from "../core/errors.js";
import { createStream } from "../core/rng.js";
import type { AgentId, AgentSettlement, EnergyBook, EnergyMechanism } from "./types.js";
import { GRID_ACCOUNT, MARKET_ACCOUNT } from "./types.js";
import { selfTradingIssues } from "./energy/self-trading.js";

/**
 * The stand-alone energy book of `sesame clear energy`: parsing with field paths, and the
 * report the command prints.
 *
 *   {"tariff":{"buy":0.32,"sell":0.08},"orders":[{"agent":"a","side":"buy","kWh":3,"limit":0.3}]}
 */

/** ", got 3" or " (missing)": the value the user gave, for the error message. */
function got(input: unknown): string {
  return input === undefined ? " (missing)" : `, got ${JSON.stringify(input)}`;
}

const finite = z.number({ error: (iss) => `a finite number${got(iss.input)}` });
const nonNegative = z.number({ error: (iss) => `a finite number${got(iss.input)}` }).min(0, { error: (iss) => `a number ≥ 0${got(iss.input)}` });

const RESERVED: readonly string[] = [GRID_ACCOUNT, MARKET_ACCOUNT];

/** Schema of a stand-alone energy book. Unknown fields are errors, so typos do not pass silently. */
export const energyBookSchema = z
  .strictObject(
    {
      tariff: z.strictObject(
        { buy: finite, sell: finite },
        { error: (iss) => (iss.code === "invalid_type" ? `an object {"buy": λ^b, "sell": λ^s}` : undefined) },
      ),
      orders: z.array(
        z.strictObject(
          {
            agent: z
              .string({ error: (iss) => `an agent id (a non-empty string)${got(iss.input)}` })
              .min(1, { error: "an agent id (a non-empty string)" })
              .refine((a) => !RESERVED.includes(a), { error: `an agent id other than the reserved accounts ${RESERVED.join(", ")}` }),
            side: z.enum(["buy", "sell"], { error: (iss) => `"buy" or "sell"${got(iss.input)}` }),
            kWh: nonNegative,
            limit: finite,
          },
          { error: (iss) => (iss.code === "invalid_type" ? `an order {"agent", "side", "kWh", "limit"}` : undefined) },
        ),
        { error: (iss) => `an array of orders${got(iss.input)}` },
      ),
    },
    { error: (iss) => (iss.code === "invalid_type" ? `an object {"tariff": …, "orders": […]}` : undefined) },
  )
  .refine((b) => b.tariff.sell <= b.tariff.buy, {
    path: ["tariff", "sell"],
    error: (iss) => {
      const t = (iss.input as { tariff: { buy: number; sell: number } }).tariff;
      return `a sell price ≤ the buy price (tariff.buy = ${t.buy}), got ${t.sell}`;
    },
  });

/** Parses a book's JSON text; every problem is an InputError naming the field, e.g. `orders[2].kWh`. */
export function parseEnergyBook(text: string): EnergyBook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError({ path: "(input)", expected: `valid JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
  return validateEnergyBook(value);
}

/**
 * Validates an already-parsed book (see `parseEnergyBook`). A well-formed book with an agent on
 * both sides is refused too, naming both orders (the self-trading rule, energy/self-trading.ts).
 */
export function validateEnergyBook(value: unknown): EnergyBook {
  const result = energyBookSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new InputError(zodIssues(result.error));
  const selfTrading = selfTradingIssues(result.data.orders);
  if (selfTrading.length > 0) throw new InputError(selfTrading);
  return result.data;
}


/** One trade as `sesame clear energy` prints it. */
export interface ReportTrade {
  readonly buyer: AgentId;
  readonly seller: AgentId;
  readonly kWh: number;
  readonly buyerPrice: number;
  readonly sellerPrice: number;
}

/** Exactly what `sesame clear energy` prints (keys in this order). */
export interface EnergyBookReport {
  readonly mechanism: string;
  readonly prices: Readonly<Record<string, number>>;
  readonly trades: readonly ReportTrade[];
  readonly settlement: Readonly<Record<AgentId, AgentSettlement>>;
  readonly operatorSurplus: number;
}

/**
 * Clears `book` with `mechanism` and shapes the report. Any tie-break draws come from the
 * stream `mechanism:<name>` under root seed `seed` (default "42").
 */
export function clearEnergyBookReport(book: EnergyBook, mechanism: EnergyMechanism, seed = "42"): EnergyBookReport {
  const clearing = mechanism.clear(book, { rng: createStream(seed, `mechanism:${mechanism.name}`) });
  const sortedPrices = Object.keys(clearing.prices).sort();
  const agents = Object.keys(clearing.settlement).sort();
  return {
    mechanism: clearing.mechanism,
    prices: Object.fromEntries(sortedPrices.map((k) => [k, clearing.prices[k]!])),
    trades: clearing.trades.map((t) => ({ buyer: t.buyer, seller: t.seller, kWh: t.kWh, buyerPrice: t.buyerPrice, sellerPrice: t.sellerPrice })),
    settlement: Object.fromEntries(
      agents.map((a) => {
        const s = clearing.settlement[a]!;
        return [a, { peerBoughtKWh: s.peerBoughtKWh, peerSoldKWh: s.peerSoldKWh, gridImportKWh: s.gridImportKWh, gridExportKWh: s.gridExportKWh, payment: s.payment }];
      }),
    ),
    operatorSurplus: clearing.operatorSurplus,
  };
}

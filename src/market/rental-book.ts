import { z } from "zod";
import { zodIssues } from "../core/zod-issues.js";
import { InputError } from "../core/errors.js";
import { createStream } from "../core/rng.js";
import type { AgentId, RentalBook, RentalMechanism, RentalPrices } from "./types.js";
import { GRID_ACCOUNT, MARKET_ACCOUNT } from "./types.js";
import { compareIds } from "../core/ids.js";
import { createRentalMechanism, listMechanisms } from "./registry.js";

/**
 * The stand-alone rental book of `sesame clear rental`: parsing with field paths, and the
 * report the command prints (MODEL.md §4).
 *
 *   {"provider":{"energyKWh":100,"powerKW":40,"reserve":{"cE":0.1,"cP":0.2}},
 *    "params":{"cE":0.3},
 *    "bids":[{"agent":"dc1","energy":[[60,0.5],[40,0.2]],"power":[[20,0.8]]}]}
 *
 * A block is `[quantity ≥ 0, value ≥ 0 per unit per period]`; a bid's blocks for a resource
 * are listed with values non-increasing; a missing `energy` or `power` list means no blocks.
 * Instead of blocks a bid may give exclusive-or bundles, `"bundles": [[kWh, kW, value], …]`,
 * each worth `value` ≥ 0 per period as a whole (the tenant wins at most one); a bid with both
 * is refused. A book with bundles is cleared jointly, and only by mechanisms that clear bundles.
 * `params` (optional) are the mechanism's parameters; `--param` flags override them.
 */

/** The provider's account in a stand-alone book (no tenant may use this id). */
export const BOOK_PROVIDER: AgentId = "provider";

/** ", got 3" or " (missing)": the value the user gave, for the error message. */
function got(input: unknown): string {
  return input === undefined ? " (missing)" : `, got ${JSON.stringify(input)}`;
}

const nonNegative = (what: string) =>
  z.number({ error: (iss) => `a finite number ≥ 0 (${what})${got(iss.input)}` }).min(0, { error: (iss) => `a number ≥ 0 (${what})${got(iss.input)}` });

const RESERVED: readonly string[] = [GRID_ACCOUNT, MARKET_ACCOUNT, BOOK_PROVIDER];

const block = z.tuple([nonNegative("quantity"), nonNegative("value per unit per period")], {
  error: (iss) => `a block [quantity, value per unit per period]${got(iss.input)}`,
});

const blocks = (unit: string) =>
  z
    .array(block, { error: (iss) => `a list of ${unit} blocks [[quantity, value], …]${got(iss.input)}` })
    .superRefine((list, ctx) => {
      for (let k = 1; k < list.length; k++) {
        if (list[k]![1] > list[k - 1]![1]) {
          ctx.addIssue({
            code: "custom",
            message: `blocks listed with values non-increasing; block [${k}] is worth ${list[k]![1]} > block [${k - 1}] worth ${list[k - 1]![1]}`,
          });
          return;
        }
      }
    })
    .default([]);

const bundle = z.tuple([nonNegative("energy capacity, kWh"), nonNegative("power, kW"), nonNegative("value of the bundle per period")], {
  error: (iss) => `a bundle [kWh, kW, value per period]${got(iss.input)}`,
});

const bundleList = z.array(bundle, { error: (iss) => `a list of bundles [[kWh, kW, value], …]${got(iss.input)}` }).optional();

/** Schema of a stand-alone rental book. Unknown fields are errors, so typos do not pass silently. */
export const rentalBookSchema = z.strictObject(
  {
    provider: z.strictObject(
      {
        energyKWh: nonNegative("energy capacity offered, kWh"),
        powerKW: nonNegative("power offered, kW"),
        reserve: z.strictObject(
          { cE: nonNegative("reserve per kWh per period"), cP: nonNegative("reserve per kW per period") },
          { error: (iss) => (iss.code === "invalid_type" ? `an object {"cE": reserve per kWh, "cP": reserve per kW}${got(iss.input)}` : undefined) },
        ),
      },
      { error: (iss) => (iss.code === "invalid_type" ? `an object {"energyKWh", "powerKW", "reserve"}${got(iss.input)}` : undefined) },
    ),
    params: z.record(z.string(), z.unknown(), { error: (iss) => `an object of mechanism parameters${got(iss.input)}` }).optional(),
    bids: z
      .array(
        z.strictObject(
          {
            agent: z
              .string({ error: (iss) => `an agent id (a non-empty string)${got(iss.input)}` })
              .min(1, { error: "an agent id (a non-empty string)" })
              .refine((a) => !RESERVED.includes(a), { error: `an agent id other than the reserved accounts ${RESERVED.join(", ")}` }),
            energy: blocks("kWh"),
            power: blocks("kW"),
            bundles: bundleList,
          },
          {
            error: (iss) =>
              iss.code === "invalid_type" ? `a bid {"agent", "energy": [[kWh, value], …], "power": [[kW, value], …]} or {"agent", "bundles": [[kWh, kW, value], …]}` : undefined,
          },
        ).superRefine((bid, ctx) => {
          if ((bid.bundles?.length ?? 0) > 0 && (bid.energy.length > 0 || bid.power.length > 0)) {
            ctx.addIssue({ code: "custom", path: ["bundles"], message: "bundles or blocks (energy, power), not both: a bid is one exclusive-or list of bundles or per-resource blocks" });
          }
        }),
        { error: (iss) => `an array of bids${got(iss.input)}` },
      )
      .superRefine((bids, ctx) => {
        const seen = new Map<string, number>();
        bids.forEach((b, i) => {
          const first = seen.get(b.agent);
          if (first !== undefined) ctx.addIssue({ code: "custom", path: [i, "agent"], message: `an agent id not used by another bid (bids[${first}] is ${JSON.stringify(b.agent)} too)` });
          else seen.set(b.agent, i);
        });
      }),
  },
  { error: (iss) => (iss.code === "invalid_type" ? `an object {"provider": …, "params": {…}, "bids": […]}` : undefined) },
);

/** A parsed stand-alone rental book: the book and the parameters it names. */
export interface RentalBookInput {
  readonly book: RentalBook;
  /** The book's `params` (unvalidated: the mechanism's schema checks them); `{}` when absent. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Parses a book's JSON text; every problem is an InputError naming the field, e.g. `bids[1].energy[0][0]`. */
export function parseRentalBook(text: string): RentalBookInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError({ path: "(input)", expected: `valid JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
  return validateRentalBook(value);
}

/** Validates an already-parsed book (see `parseRentalBook`). Bids come back sorted by agent id. */
export function validateRentalBook(value: unknown): RentalBookInput {
  const result = rentalBookSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new InputError(zodIssues(result.error));
  const { provider, params, bids } = result.data;
  return {
    book: {
      offer: { provider: BOOK_PROVIDER, energyKWh: provider.energyKWh, powerKW: provider.powerKW, reserve: provider.reserve },
      // An absent or empty bundle list leaves the bid as it was before bundles existed.
      bids: [...bids]
        .map(({ agent, energy, power, bundles }) => (bundles && bundles.length > 0 ? { agent, energy, power, bundles } : { agent, energy, power }))
        .sort((a, b) => compareIds(a.agent, b.agent)),
    },
    params: params ?? {},
  };
}


/** The registered rental mechanisms that clear bundle bids, in registration order. */
export function bundleMechanisms(): string[] {
  return listMechanisms()
    .filter((m) => m.kind === "rental" && createRentalMechanism(m.name).clearsBundles === true)
    .map((m) => m.name);
}

/** One tenant's contract as `sesame clear rental` prints it. */
export interface ReportContract {
  readonly energyKWh: number;
  readonly powerKW: number;
  readonly payment: number;
}

/** Exactly what `sesame clear rental` prints (keys in this order). */
export interface RentalBookReport {
  readonly mechanism: string;
  /** Uniform prices, or null for mechanisms without a single price (pay-as-bid, vcg). */
  readonly prices: RentalPrices | null;
  /** By tenant id, sorted; tenants renting nothing are left out. */
  readonly contracts: Readonly<Record<AgentId, ReportContract>>;
  /** Σ of every payment to the provider. */
  readonly providerRevenue: number;
}

/**
 * Clears `book` with `mechanism` and shapes the report. A mechanism without a book form (one
 * that needs agent models, such as cooperative), or one that does not clear bundles given a
 * book with bundles, is an InputError at `mechanismPath`. A book with bundles needs
 * `loadLpSolver()` to have run (its winners are chosen by a MILP). Any
 * tie-break draws come from the stream `mechanism:<name>` under root seed `seed` (default "42").
 */
export function clearRentalBookReport(book: RentalBook, mechanism: RentalMechanism, seed = "42", mechanismPath = "mechanism"): RentalBookReport {
  if (!mechanism.clearBook) {
    throw new InputError({
      path: mechanismPath,
      expected: `a mechanism that clears a stand-alone book; ${mechanism.name} needs agent models, so it runs only inside a simulation (sesame run)`,
    });
  }
  if (!mechanism.clearsBundles) {
    const first = book.bids.find((b) => (b.bundles?.length ?? 0) > 0);
    if (first) {
      throw new InputError({
        path: mechanismPath,
        expected: `a mechanism that clears bundle bids (${bundleMechanisms().join(", ")}); ${mechanism.name} does not, and ${JSON.stringify(first.agent)} bids bundles`,
      });
    }
  }
  const clearing = mechanism.clearBook(book, { rng: createStream(seed, `mechanism:${mechanism.name}`) });
  const contracts = [...clearing.contracts].sort((a, b) => compareIds(a.tenant, b.tenant));
  return {
    mechanism: clearing.mechanism,
    prices: clearing.prices === null ? null : { cE: clearing.prices.cE, cP: clearing.prices.cP },
    contracts: Object.fromEntries(contracts.map((c) => [c.tenant, { energyKWh: c.energyKWh, powerKW: c.powerKW, payment: c.payment }])),
    providerRevenue: clearing.payments.filter((p) => p.to === book.offer.provider).reduce((s, p) => s + p.amount, 0),
  };
}

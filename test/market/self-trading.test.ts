import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { createStream } from "../../src/core/rng.js";
import { parseEnergyBook } from "../../src/market/energy-book.js";
import { selfTradingConflicts } from "../../src/market/energy/self-trading.js";
import { createEnergyMechanism, listMechanisms } from "../../src/market/registry.js";
import type { EnergyBook } from "../../src/market/types.js";
import { energyBook, RUNS, twoSidedEnergyBook } from "./books.js";
import { o } from "./energy-checks.js";

/** Every registered energy mechanism, by looping over the registry (a new one is covered without a line here). */
const ENERGY = listMechanisms().filter((m) => m.kind === "energy").map((m) => m.name);

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("self-trading: a book with an agent on both sides is refused", () => {
  // a buys 2 @ 0.3 and sells 2 @ 0.1: before the rule, every matching mechanism paired a with itself.
  const SELF: EnergyBook = { tariff: { buy: 0.32, sell: 0.08 }, orders: [o("a", "buy", 2, 0.3), o("a", "sell", 2, 0.1), o("b", "sell", 1, 0.2)] };

  it("names both orders when reading a book (golden)", () => {
    const error = thrown(() => parseEnergyBook(JSON.stringify(SELF)));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([
      {
        path: "orders[1]",
        expected: 'orders of one agent on one side only: agent "a" buys in orders[0] and sells in orders[1]; self-trading is refused — state the agent\'s net position as one order',
      },
    ]);
  });

  it("is refused by every registered mechanism (golden)", () => {
    expect(ENERGY.length).toBeGreaterThanOrEqual(6);
    for (const name of ENERGY) {
      const error = thrown(() => createEnergyMechanism(name).clear(SELF, { rng: createStream("42", `mechanism:${name}`) }));
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as InputError).message, name).toMatch(/agent "a" buys in orders\[0\] and sells in orders\[1\]/);
    }
  });

  it("finds the first buy and first sell of each agent on both sides, in book order", () => {
    expect(selfTradingConflicts([o("b", "sell", 1, 0.1), o("a", "buy", 1, 0.3), o("b", "buy", 0, 0.2), o("a", "sell", 1, 0.1), o("a", "buy", 1, 0.1)])).toEqual([
      { agent: "b", buyIndex: 2, sellIndex: 0 },
      { agent: "a", buyIndex: 1, sellIndex: 3 },
    ]);
    expect(selfTradingConflicts([o("a", "buy", 1, 0.3), o("a", "buy", 2, 0.2), o("b", "sell", 1, 0.1)])).toEqual([]);
  });

  it("no mechanism ever settles a trade with buyer = seller: two-sided books are refused, others clear (property)", () => {
    fc.assert(
      fc.property(twoSidedEnergyBook, (book) => {
        const conflicts = selfTradingConflicts(book.orders);
        for (const name of ENERGY) {
          const clear = () => createEnergyMechanism(name).clear(book, { rng: createStream("42", `mechanism:${name}`) });
          if (conflicts.length > 0) {
            const error = thrown(clear);
            expect(error, name).toBeInstanceOf(InputError);
            expect((error as InputError).issues).toHaveLength(conflicts.length);
          } else {
            for (const t of clear().trades) expect(t.buyer, name).not.toBe(t.seller);
          }
        }
      }),
      RUNS,
    );
  });

  it("valid books (one side per agent, several orders allowed) always clear without self-trades (property)", () => {
    fc.assert(
      fc.property(energyBook, (book) => {
        for (const name of ENERGY) {
          const c = createEnergyMechanism(name).clear(book, { rng: createStream("42", `mechanism:${name}`) });
          for (const t of c.trades) expect(t.buyer, name).not.toBe(t.seller);
        }
      }),
      RUNS,
    );
  });
});

import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { BOOK_PROVIDER, clearRentalBookReport, parseRentalBook } from "../../src/market/rental-book.js";
import { createRentalMechanism } from "../../src/market/registry.js";
import { loadLpSolver } from "../../src/core/lp.js";
import type { RentalMechanism } from "../../src/market/types.js";

function issues(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map((i) => `${i.path}: ${i.expected}`);
  }
  throw new Error("expected an InputError");
}

const PROVIDER = { energyKWh: 100, powerKW: 30, reserve: { cE: 0.1, cP: 0.2 } };
const text = (bids: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ provider: PROVIDER, bids, ...extra });

describe("parseRentalBook", () => {
  it("accepts a valid book, sorts bids by agent, defaults missing block lists and params", () => {
    const { book, params } = parseRentalBook(
      text([
        { agent: "b", energy: [[40, 0.5], [20, 0.5]], power: [[0, 1]] },
        { agent: "a", power: [[10, 1]] },
      ]),
    );
    expect(book.offer).toEqual({ provider: BOOK_PROVIDER, ...PROVIDER });
    expect(book.bids.map((b) => b.agent)).toEqual(["a", "b"]);
    expect(book.bids[0]!.energy).toEqual([]);
    expect(params).toEqual({});
    expect(parseRentalBook(text([], { params: { cE: 0.3 } })).params).toEqual({ cE: 0.3 });
  });

  it("names the field of every problem", () => {
    const ok = { agent: "a", energy: [[1, 0.5]], power: [] };
    expect(issues(() => parseRentalBook("{oops"))[0]).toMatch(/^\(input\): valid JSON: /);
    expect(issues(() => parseRentalBook(text([ok, { agent: "b", energy: [[-1, 0.5]] }])))).toEqual(["bids[1].energy[0][0]: a number ≥ 0 (quantity), got -1"]);
    expect(issues(() => parseRentalBook(text([{ agent: "a", power: [[1, 0.2], [1, 0.3]] }])))).toEqual([
      "bids[0].power: blocks listed with values non-increasing; block [1] is worth 0.3 > block [0] worth 0.2",
    ]);
    expect(issues(() => parseRentalBook(text([{ ...ok, bid: 1 }])))).toEqual(["bids[0].bid: no such field (unknown: bid)"]);
    expect(issues(() => parseRentalBook(JSON.stringify({ provider: { ...PROVIDER, id: "x" }, bids: [] })))).toEqual(["provider.id: no such field (unknown: id)"]);
    expect(issues(() => parseRentalBook(text([{ agent: "a", energy: [[1, 0.5, 3]] }])))[0]).toMatch(/^bids\[0\]\.energy\[0\]/);
    expect(issues(() => parseRentalBook(text([{ agent: "a", energy: [[1, -0.5]] }])))).toEqual(["bids[0].energy[0][1]: a number ≥ 0 (value per unit per period), got -0.5"]);
    expect(issues(() => parseRentalBook(text([ok, ok])))).toEqual(['bids[1].agent: an agent id not used by another bid (bids[0] is "a" too)']);
    expect(issues(() => parseRentalBook(text([{ agent: "provider" }])))[0]).toMatch(/^bids\[0\]\.agent: .*reserved/);
    expect(issues(() => parseRentalBook(JSON.stringify({ provider: { ...PROVIDER, reserve: { cE: 0.1 } }, bids: [] })))).toEqual([
      "provider.reserve.cP: a finite number ≥ 0 (reserve per kW per period) (missing)",
    ]);
    expect(issues(() => parseRentalBook(text([], { params: [1] })))).toEqual(["params: an object of mechanism parameters, got [1]"]);
    expect(issues(() => parseRentalBook("[]"))[0]).toMatch(/^\(input\): an object/);
  });
});

describe("parseRentalBook: bundle bids", () => {
  it("accepts bundles beside block bids; an empty bundle list leaves a block bid as it was", () => {
    const { book } = parseRentalBook(
      text([
        { agent: "b", bundles: [[60, 20, 30], [40, 10, 20]] },
        { agent: "a", energy: [[10, 0.5]], bundles: [] },
      ]),
    );
    expect(book.bids).toEqual([
      { agent: "a", energy: [[10, 0.5]], power: [] },
      { agent: "b", energy: [], power: [], bundles: [[60, 20, 30], [40, 10, 20]] },
    ]);
  });

  it("names the field of every problem with a bundle", () => {
    expect(issues(() => parseRentalBook(text([{ agent: "a", bundles: [[1, 2, 3], [1, 2, -3]] }])))).toEqual(["bids[0].bundles[1][2]: a number ≥ 0 (value of the bundle per period), got -3"]);
    expect(issues(() => parseRentalBook(text([{ agent: "a", bundles: [[1, 2]] }])))[0]).toMatch(/^bids\[0\]\.bundles\[0\]/);
    expect(issues(() => parseRentalBook(text([{ agent: "a", bundles: 5 }])))).toEqual(["bids[0].bundles: a list of bundles [[kWh, kW, value], …], got 5"]);
    expect(issues(() => parseRentalBook(text([{ agent: "a", energy: [[1, 0.5]], bundles: [[1, 1, 1]] }])))).toEqual([
      "bids[0].bundles: bundles or blocks (energy, power), not both: a bid is one exclusive-or list of bundles or per-resource blocks",
    ]);
  });

  it("clears a bundle book only with a mechanism that clears bundles", async () => {
    await loadLpSolver();
    const { book } = parseRentalBook(text([{ agent: "a", bundles: [[60, 20, 30]] }]));
    expect(clearRentalBookReport(book, createRentalMechanism("vcg"))).toEqual({ mechanism: "vcg", prices: null, contracts: { a: { energyKWh: 60, powerKW: 20, payment: 0.1 * 60 + 0.2 * 20 } }, providerRevenue: 10 });
    expect(issues(() => clearRentalBookReport(book, createRentalMechanism("posted"), "42", "--mechanism"))).toEqual([
      '--mechanism: a mechanism that clears bundle bids (uniform, pay-as-bid, vcg); posted does not, and "a" bids bundles',
    ]);
  });
});

describe("clearRentalBookReport", () => {
  const { book } = parseRentalBook(
    text([
      { agent: "b", energy: [[40, 0.5], [20, 0.45]], power: [[20, 0.5]] },
      { agent: "a", energy: [[50, 0.6], [30, 0.3]], power: [[10, 1.0]] },
      { agent: "c", energy: [[30, 0.4]], power: [[30, 0.25]] },
    ]),
  );

  it("produces exactly the CLI's object, keys in order", () => {
    const report = clearRentalBookReport(book, createRentalMechanism("uniform"));
    expect(Object.keys(report)).toEqual(["mechanism", "prices", "contracts", "providerRevenue"]);
    expect(report).toEqual({
      mechanism: "uniform",
      prices: { cE: 0.45, cP: 0.25 },
      contracts: { a: { energyKWh: 50, powerKW: 10, payment: 25 }, b: { energyKWh: 50, powerKW: 20, payment: 27.5 } },
      providerRevenue: 52.5,
    });
    expect(clearRentalBookReport(book, createRentalMechanism("vcg")).prices).toBeNull();
  });

  it("refuses a mechanism without a book form, naming where it was chosen", () => {
    const cooperative: RentalMechanism = {
      name: "cooperative",
      clear: () => {
        throw new Error("not reached");
      },
    };
    expect(issues(() => clearRentalBookReport(book, cooperative, "42", "--mechanism"))).toEqual([
      "--mechanism: a mechanism that clears a stand-alone book; cooperative needs agent models, so it runs only inside a simulation (sesame run)",
    ]);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { InputError } from "../../src/core/errors.js";
import { createStream } from "../../src/core/rng.js";
import { clearCooperativeRental, cooperativeRuleProperties, requireCooperativeSamples } from "../../src/market/rental/cooperative.js";
import { createRentalMechanism } from "../../src/market/registry.js";
import { ledgerViolations, netFlows } from "../../src/market/ledger.js";
import type { CoalitionOutcome, RentalOffer, RentalRequest, RentalRound } from "../../src/market/types.js";

beforeAll(async () => {
  await loadLpSolver();
});

const OFFER: RentalOffer = { provider: "siess", energyKWh: 100, powerKW: 40, reserve: { cE: 0.1, cP: 0.2 } };
const ctx = () => ({ rng: createStream("42", "rental") });

/**
 * A synthetic round whose coalition() reads a cost table keyed by the members joined with
 * ",", and returns `grand` for the grand coalition. Records every coalition asked for.
 */
function tableRound(tenants: string[], cost: (members: readonly string[]) => number, grand: Omit<CoalitionOutcome, "cost">, asked: string[] = []): RentalRound {
  return {
    period: 0,
    offer: OFFER,
    tenants,
    respond: () => {
      throw new Error("cooperative never asks for best responses");
    },
    bids: () => {
      throw new Error("cooperative never asks for block bids");
    },
    coalition: (members) => {
      asked.push(members.join(","));
      if (members.length === tenants.length) return { cost: cost(members), ...grand };
      return { cost: cost(members), allocation: [], memberCosts: {} };
    },
  };
}

// A concave (submodular) 3-tenant game; its marginal costs fall as coalitions grow:
//   v(a) 10, v(b) 20, v(c) 30, v(ab) 26, v(ac) 36, v(bc) 44, v(abc) 50.
const TABLE: Record<string, number> = { a: 10, b: 20, c: 30, "a,b": 26, "a,c": 36, "b,c": 44, "a,b,c": 50 };
const cost = (members: readonly string[]) => TABLE[members.join(",")]!;
// The grand optimum: member costs 8 + 17 + 25 = 50; a rents 10 kWh / 5 kW, b 20 kWh / 0 kW, c nothing.
// Rent at the reserve (no memberRents given): a 0.1·10 + 0.2·5 = 2, b 0.1·20 = 2, c 0.
const ALLOCATION: RentalRequest[] = [
  { agent: "a", energyKWh: 10, powerKW: 5 },
  { agent: "b", energyKWh: 20, powerKW: 0 },
  { agent: "c", energyKWh: 0, powerKW: 0 },
];
const GRAND = { allocation: ALLOCATION, memberCosts: { a: 8, b: 17, c: 25 } };

function checkMoney(c: ReturnType<typeof clearCooperativeRental>) {
  expect(ledgerViolations(c.payments)).toEqual([]);
  expect(Math.abs(netFlows(c.payments).get("market") ?? 0)).toBeLessThan(1e-9);
  const transfers = Object.values(c.meta["transfers"] as Record<string, number>);
  expect(Math.abs(transfers.reduce((s, x) => s + x, 0))).toBeLessThan(1e-9);
}

describe("cooperative rental on a synthetic round", () => {
  it("shapley (golden): exact shares, transfers, payments", () => {
    // φ_a = 10/3 + (26−20)/6 + (36−30)/6 + (50−44)/3 = 22/3
    // φ_b = 20/3 + (26−10)/6 + (44−30)/6 + (50−36)/3 = 49/3
    // φ_c = 30/3 + (36−10)/6 + (44−20)/6 + (50−26)/3 = 79/3          Σ = 150/3 = 50
    // π = φ − C*: a 22/3 − 8 = −2/3, b 49/3 − 17 = −2/3, c 79/3 − 25 = 4/3  (Σ = 0)
    const asked: string[] = [];
    const c = clearCooperativeRental(tableRound(["a", "b", "c"], cost, GRAND, asked), ctx(), { rule: "shapley" });
    const shares = c.meta["shares"] as Record<string, number>;
    expect(shares["a"]).toBeCloseTo(22 / 3, 12);
    expect(shares["b"]).toBeCloseTo(49 / 3, 12);
    expect(shares["c"]).toBeCloseTo(79 / 3, 12);
    expect(c.meta).toMatchObject({ rule: "shapley", method: "exact", grandCost: 50, standaloneCosts: { a: 10, b: 20, c: 30 }, coalitionsEvaluated: 7 });
    expect(new Set(asked).size).toBe(asked.length); // memoised: no coalition asked twice
    expect(c.prices).toBeNull();
    // c rents nothing: no contract, but it pays its transfer.
    expect(c.contracts.map((x) => x.tenant)).toEqual(["a", "b"]);
    expect(c.contracts[0]).toMatchObject({ energyKWh: 10, powerKW: 5 });
    expect(c.contracts[0]!.payment).toBeCloseTo(2 - 2 / 3, 12);
    expect(c.contracts[1]!.payment).toBeCloseTo(2 - 2 / 3, 12);
    expect(c.payments.map((p) => [p.from, p.to, p.reason])).toEqual([
      ["a", "siess", "rental"],
      ["market", "a", "cooperative-transfer"],
      ["b", "siess", "rental"],
      ["market", "b", "cooperative-transfer"],
      ["c", "market", "cooperative-transfer"],
    ]);
    expect(c.payments.map((p) => p.amount)).toEqual([2, expect.closeTo(2 / 3, 12), 2, expect.closeTo(2 / 3, 12), expect.closeTo(4 / 3, 12)]);
    checkMoney(c);
    // Concave game: the Shapley value is individually rational.
    for (const id of ["a", "b", "c"]) expect(shares[id]!).toBeLessThanOrEqual(cost([id]));
  });

  it("nash symmetric (golden) and individually rational", () => {
    // Saving 60 − 50 = 10, a third each: φ = (20/3, 50/3, 80/3); π = (−4/3, −1/3, 5/3).
    const c = clearCooperativeRental(tableRound(["a", "b", "c"], cost, GRAND), ctx(), { rule: "nash" });
    const shares = c.meta["shares"] as Record<string, number>;
    const transfers = c.meta["transfers"] as Record<string, number>;
    expect(shares["a"]).toBeCloseTo(20 / 3, 12);
    expect(shares["b"]).toBeCloseTo(50 / 3, 12);
    expect(shares["c"]).toBeCloseTo(80 / 3, 12);
    expect(transfers["a"]).toBeCloseTo(-4 / 3, 12);
    expect(transfers["b"]).toBeCloseTo(-1 / 3, 12);
    expect(transfers["c"]).toBeCloseTo(5 / 3, 12);
    expect(c.meta["coalitionsEvaluated"]).toBe(4); // the grand coalition and three singletons
    for (const id of ["a", "b", "c"]) expect(shares[id]!).toBeLessThanOrEqual(cost([id]));
    expect(cooperativeRuleProperties.nash.individuallyRational).toBe(true);
    checkMoney(c);
  });

  it("nash weighted (golden): weights a 2, b 1, c 1 → 1/2, 1/4, 1/4 of the saving", () => {
    // φ = (10 − 5, 20 − 2.5, 30 − 2.5) = (5, 17.5, 27.5); π = (−3, 0.5, 2.5).
    const c = createRentalMechanism("cooperative", { rule: "nash", weights: { a: 2 } }).clear(tableRound(["a", "b", "c"], cost, GRAND), ctx());
    const transfers = c.meta["transfers"] as Record<string, number>;
    expect(transfers["a"]).toBeCloseTo(-3, 12);
    expect(transfers["b"]).toBeCloseTo(0.5, 12);
    expect(transfers["c"]).toBeCloseTo(2.5, 12);
    expect(c.meta["weights"]).toEqual({ a: 2, b: 1, c: 1 });
    checkMoney(c);
  });

  it("nucleolus (golden): (8, 16, 26), max excess −2", () => {
    // Excesses with x_a + x_b + x_c = 50: {a} x_a−10, {b,c} 6−x_a, {b} x_b−20, {a,c} 14−x_b,
    // {c} x_c−30, {a,b} 24−x_c. The pairs force ε ≥ −2, −3, −3; with ε = −2 the lower bounds
    // x_a ≥ 8, x_b ≥ 16, x_c ≥ 26 already sum to 50, so x = (8, 16, 26).
    // π = (0, −1, 1).
    const c = clearCooperativeRental(tableRound(["a", "b", "c"], cost, GRAND), ctx(), { rule: "nucleolus" });
    const shares = c.meta["shares"] as Record<string, number>;
    expect(shares["a"]).toBeCloseTo(8, 9);
    expect(shares["b"]).toBeCloseTo(16, 9);
    expect(shares["c"]).toBeCloseTo(26, 9);
    expect(c.meta["maxExcess"]).toBeCloseTo(-2, 9);
    expect(c.contracts[0]!.payment).toBeCloseTo(2, 9);
    expect(c.contracts[1]!.payment).toBeCloseTo(1, 9);
    checkMoney(c);
  });

  it("takes the rent from memberRents when the round gives it", () => {
    // Pooled power rent shared differently: a's rent 1.5, b's 2.5 (C* unchanged).
    const grand = { ...GRAND, memberRents: { a: 1.5, b: 2.5, c: 0 } };
    const c = clearCooperativeRental(tableRound(["a", "b", "c"], cost, grand), ctx(), { rule: "nash" });
    expect(c.payments.filter((p) => p.reason === "rental").map((p) => [p.from, p.amount])).toEqual([
      ["a", 1.5],
      ["b", 2.5],
    ]);
    expect(c.contracts[0]!.payment).toBeCloseTo(1.5 - 4 / 3, 12);
    checkMoney(c);
  });

  it("refuses a grand outcome whose member costs do not add up to its cost", () => {
    const bad = { ...GRAND, memberCosts: { a: 8, b: 17, c: 26 } };
    expect(() => clearCooperativeRental(tableRound(["a", "b", "c"], cost, bad), ctx())).toThrow(/member costs/);
  });

  it("a round without tenants clears to nothing", () => {
    const c = clearCooperativeRental(tableRound([], () => 0, { allocation: [], memberCosts: {} }), ctx());
    expect(c.contracts).toEqual([]);
    expect(c.payments).toEqual([]);
  });
});

describe("cooperative rental with many tenants (sampled Shapley)", () => {
  // 13 tenants t00…t12; v(S) = 5·|S| − 2·(|S| − 1) for S ≠ ∅ (each joiner saves 2); v(N) = 41,
  // split in the grand optimum as t00 5 and every other tenant 3.
  const tenants = Array.from({ length: 13 }, (_, i) => `t${String(i).padStart(2, "0")}`);
  const game = (members: readonly string[]) => (members.length === 0 ? 0 : 5 * members.length - 2 * (members.length - 1));
  const grand = {
    allocation: tenants.map((agent) => ({ agent, energyKWh: 1, powerKW: 1 })),
    memberCosts: Object.fromEntries(tenants.map((id, i) => [id, i === 0 ? 5 : 3])),
  };

  it("samples with the seeded stream, logs the count and is reproducible", () => {
    const a = clearCooperativeRental(tableRound(tenants, game, grand), ctx(), { rule: "shapley", samples: 200 });
    const b = clearCooperativeRental(tableRound(tenants, game, grand), ctx(), { rule: "shapley", samples: 200 });
    expect(a.meta).toMatchObject({ method: "sampled", samples: 200 });
    expect(a).toEqual(b);
    // Every tenant's marginal cost is 5 first and 3 later; the Shapley value is 3 + 2/13 each.
    for (const id of tenants) expect((a.meta["shares"] as Record<string, number>)[id]).toBeCloseTo(3 + 2 / 13, 0);
    checkMoney(a);
  });

  it("refuses shapley without samples at clearing, and the validator names the field", () => {
    expect(() => clearCooperativeRental(tableRound(tenants, game, grand), ctx(), { rule: "shapley" })).toThrow(/samples/);
    const path = (f: () => void) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).issues.map((i) => i.path);
      }
      return [];
    };
    expect(path(() => requireCooperativeSamples({}, 13, "market.rental"))).toEqual(["market.rental.params.samples"]);
    expect(path(() => requireCooperativeSamples({ rule: "shapley" }, 13, "x"))).toEqual(["x.params.samples"]);
    expect(path(() => requireCooperativeSamples({ rule: "nucleolus" }, 13, "market.rental"))).toEqual(["market.rental.params.rule"]);
    expect(path(() => requireCooperativeSamples({}, 12, "market.rental"))).toEqual([]);
    expect(path(() => requireCooperativeSamples({ samples: 10 }, 13, "market.rental"))).toEqual([]);
    expect(path(() => requireCooperativeSamples({ rule: "nash" }, 100, "market.rental"))).toEqual([]);
    expect(path(() => requireCooperativeSamples(undefined, 13, "market.rental"))).toEqual(["market.rental.params.samples"]);
  });
});

describe("cooperative rental in the registry", () => {
  const paths = (raw: unknown) => {
    try {
      createRentalMechanism("cooperative", raw);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).issues.map((i) => i.path);
    }
    return [];
  };

  it("validates its parameters strictly, naming each bad field", () => {
    expect(paths({})).toEqual([]);
    expect(paths({ rule: "nash", weights: { a: 1 } })).toEqual([]);
    expect(paths({ rule: "shapley", samples: 100 })).toEqual([]);
    expect(paths({ rule: "core" })).toEqual(["market.rental.params.rule"]);
    expect(paths({ samples: 0 })).toEqual(["market.rental.params.samples"]);
    expect(paths({ samples: 2.5 })).toEqual(["market.rental.params.samples"]);
    expect(paths({ rule: "nash", weights: { a: -1 } })).toEqual(["market.rental.params.weights.a"]);
    expect(paths({ rule: "nash", samples: 10 })).toEqual(["market.rental.params.samples"]);
    expect(paths({ weights: { a: 1 } })).toEqual(["market.rental.params.weights"]);
    expect(paths({ k: 1 })).toEqual(["market.rental.params.k"]);
  });

  it("has no stand-alone book clearing (it needs agent models)", () => {
    expect(createRentalMechanism("cooperative").clearBook).toBeUndefined();
  });
});

/**
 * cooperative — the tenants pool the storage at its central optimum and share the cost by a
 * rule of cooperative game theory (MODEL.md §4; Yang, Hu, Spanos 2021). Inside a simulation
 * only: it needs the tenants' models (`round.coalition`), so there is no `clearBook`.
 *
 * The game: v(S) = round.coalition(S).cost, the least total cost of coalition S when its
 * members share the storage for the period at the provider's reserve prices (grid, wear,
 * demand charges and rent); v(∅) = 0. Coalition costs are memoised by mask. C_i^0 = v({i}) is
 * i's stand-alone cost. The grand coalition's optimum gives the contracts (E_i, P_i) and the
 * member costs C_i* (`memberCosts`, Σ_i C_i* = v(N)), of which r_i is rent at the reserve
 * (`memberRents`; c_E·E_i + c_P·P_i when the round does not say).
 *
 * Cost shares φ_i (Σ_i φ_i = v(N)) by `rule`:
 * - `nash`: φ_i = C_i^0 − w_i·(Σ_k C_k^0 − v(N)), w_i = 1/N or the given weights normalised
 *   (a tenant the weights do not name weighs 1); cooperative/nash.ts.
 * - `shapley` (default): exact over all 2^N coalitions for N ≤ 12 (`samples` ignored); for
 *   N > 12, `samples` random orders from the mechanism's seeded stream (required; the count
 *   is logged); cooperative/shapley-exact.ts, shapley-sampled.ts.
 * - `nucleolus`: the LP sequence of cooperative/nucleolus.ts, N ≤ 12; its least maximal excess
 *   ε_1 is logged.
 *
 * Money: tenant i pays the provider r_i (reason `rental`) and a transfer π_i = φ_i − C_i*
 * (reason `cooperative-transfer`: to the `market` account when π_i > 0, from it when
 * π_i < 0). Σ_i π_i = Σ φ_i − Σ C_i* = 0, so the market account nets to zero, and a tenant
 * that runs its part of the optimum pays φ_i in all. contract.payment = r_i + π_i. Tenants
 * with no capacity in the optimum get no contract (their transfer, if any, is still paid and
 * in `meta.transfers`). There is no single price (`prices` is null).
 *
 * Properties (as claimed in `cooperativeRuleProperties`; the registry lists the default rule):
 * - individually rational: no — not in general under the default rule, shapley; φ_i ≤ C_i^0 per rule:
 *   nash — yes whenever Σ_k C_k^0 ≥ v(N) (always when the game is subadditive, e.g. when the
 *   storage is not scarce: the grand coalition can then run every stand-alone plan side by
 *   side; stand-alone plans that together exceed the storage can make v(N) larger);
 *   shapley — not in general; yes when the cost game is concave (submodular,
 *   v(S ∪ T) + v(S ∩ T) ≤ v(S) + v(T)), where the Shapley value lies in the core; the
 *   sampled estimate only approximately;
 *   nucleolus — yes when the core is non-empty (ε_1 ≤ 0: it then lies in the core), not in
 *   general otherwise.
 * - budget balance: strong — rents go to the provider, transfers sum to zero.
 * - truthful: no — the rule trusts the tenants' models (their costs are not elicited with
 *   incentives).
 * - efficient: yes — the allocation is the central optimum of the grand coalition.
 */
import { z } from "zod";
import { formatBound, MAX_SAMPLES, MAX_WEIGHT } from "../../core/bounds.js";
import { InputError } from "../../core/errors.js";
import type { AgentId, CoalitionOutcome, ClearingContext, MechanismProperties, Payment, RentalClearing, RentalContract, RentalMechanism, RentalRound } from "../types.js";
import { MARKET_ACCOUNT } from "../types.js";
import { PaymentReason } from "../payment-reasons.js";
import { defineMechanism } from "../mechanism-entry.js";
import { isNegligible } from "../tolerance.js";
import { compareIds } from "../../core/ids.js";
import { grandMask, membersOf, playerBit, type CoalitionMask, type CostShares } from "../cooperative/game.js";
import { nashSplit } from "../cooperative/nash.js";
import { SHAPLEY_EXACT_MAX_PLAYERS, shapleyExact } from "../cooperative/shapley-exact.js";
import { shapleySampled } from "../cooperative/shapley-sampled.js";
import { NUCLEOLUS_MAX_PLAYERS, nucleolus } from "../cooperative/nucleolus.js";

/** Registry name of cooperative rental. */
export const COOPERATIVE = "cooperative";

/** The cost-sharing rules. */
export const COOPERATIVE_RULES = ["nash", "shapley", "nucleolus"] as const;
/** A cost-sharing rule. */
export type CooperativeRule = (typeof COOPERATIVE_RULES)[number];

/** The properties each rule claims (see the file header for the conditions). */
export const cooperativeRuleProperties: Readonly<Record<CooperativeRule, MechanismProperties>> = {
  nash: { individuallyRational: true, budgetBalance: "strong", truthful: false, efficient: true },
  shapley: { individuallyRational: false, budgetBalance: "strong", truthful: false, efficient: true },
  nucleolus: { individuallyRational: false, budgetBalance: "strong", truthful: false, efficient: true },
};

/** The properties the registry lists: those of the default rule, shapley (IR only for concave games). */
export const cooperativeProperties: MechanismProperties = cooperativeRuleProperties.shapley;

/** Parameters of cooperative rental. */
export const cooperativeParams = z
  .strictObject({
    rule: z
      .enum(COOPERATIVE_RULES, { error: (iss) => `one of ${COOPERATIVE_RULES.join(", ")}, got ${JSON.stringify(iss.input)}` })
      .default("shapley"),
    weights: z
      .record(
        z.string(),
        z
          .number({ error: (iss) => `a finite number in [0, ${formatBound(MAX_WEIGHT)}] (bargaining weight), got ${JSON.stringify(iss.input)}` })
          .min(0, { error: (iss) => `a finite number in [0, ${formatBound(MAX_WEIGHT)}] (bargaining weight), got ${String(iss.input)}` })
          .max(MAX_WEIGHT, { error: (iss) => `a finite number in [0, ${formatBound(MAX_WEIGHT)}] (bargaining weight), got ${String(iss.input)}` }),
        { error: (iss) => `an object of bargaining weights by tenant id, got ${JSON.stringify(iss.input)}` },
      )
      .optional(),
    samples: z
      .number({ error: (iss) => `an integer ≥ 1 (random orders for sampled Shapley), got ${JSON.stringify(iss.input)}` })
      .int({ error: (iss) => `an integer ≥ 1 (random orders for sampled Shapley), got ${String(iss.input)}` })
      .min(1, { error: (iss) => `an integer ≥ 1 (random orders for sampled Shapley), got ${String(iss.input)}` })
      .max(MAX_SAMPLES, { error: (iss) => `an integer ≤ ${formatBound(MAX_SAMPLES)} (random orders for sampled Shapley), got ${String(iss.input)}` })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.weights !== undefined && p.rule !== "nash") {
      ctx.addIssue({ code: "custom", path: ["weights"], message: `only with rule nash (rule is ${p.rule})` });
    }
    if (p.samples !== undefined && p.rule !== "shapley") {
      ctx.addIssue({ code: "custom", path: ["samples"], message: `only with rule shapley (rule is ${p.rule})` });
    }
  });

/** Cooperative rental options (validated parameters). */
export interface CooperativeOptions {
  readonly rule?: CooperativeRule | undefined;
  readonly weights?: Readonly<Record<AgentId, number>> | undefined;
  readonly samples?: number | undefined;
}

/**
 * Checks what only the tenant count decides (the world builder calls it): with N > 12 tenants,
 * rule shapley needs `samples` (InputError at `${path}.params.samples`) and rule nucleolus is
 * refused (InputError at `${path}.params.rule`). `params` are the scenario's raw parameters.
 */
export function requireCooperativeSamples(params: unknown, tenantCount: number, path = "market.rental"): void {
  const p = (typeof params === "object" && params !== null ? params : {}) as { rule?: unknown; samples?: unknown };
  const rule = p.rule ?? "shapley";
  if (rule === "shapley" && tenantCount > SHAPLEY_EXACT_MAX_PLAYERS && p.samples === undefined) {
    throw new InputError({
      path: `${path}.params.samples`,
      expected: `an integer ≥ 1: exact Shapley is limited to ${SHAPLEY_EXACT_MAX_PLAYERS} tenants and there are ${tenantCount}, so the value is sampled`,
    });
  }
  if (rule === "nucleolus" && tenantCount > NUCLEOLUS_MAX_PLAYERS) {
    throw new InputError({
      path: `${path}.params.rule`,
      expected: `nash or shapley: the nucleolus is limited to ${NUCLEOLUS_MAX_PLAYERS} tenants and there are ${tenantCount}`,
    });
  }
}

/** Clears one rental round cooperatively (file header). */
export function clearCooperativeRental(round: RentalRound, ctx: ClearingContext, options: CooperativeOptions = {}): RentalClearing {
  const rule = options.rule ?? "shapley";
  const tenants = round.tenants;
  const n = tenants.length;
  if (n === 0) return { mechanism: COOPERATIVE, prices: null, contracts: [], payments: [], meta: { rule, coalitionsEvaluated: 0 } };
  if (rule === "shapley" && n > SHAPLEY_EXACT_MAX_PLAYERS && options.samples === undefined) {
    throw new Error(`cooperative: shapley with ${n} tenants needs params.samples (exact is limited to ${SHAPLEY_EXACT_MAX_PLAYERS})`);
  }

  const memo = new Map<CoalitionMask, CoalitionOutcome>();
  const outcome = (mask: CoalitionMask): CoalitionOutcome => {
    let o = memo.get(mask);
    if (!o) {
      o = round.coalition(membersOf(tenants, mask));
      if (!Number.isFinite(o.cost)) throw new Error(`cooperative: coalition ${membersOf(tenants, mask).join(",")} costs ${o.cost}`);
      memo.set(mask, o);
    }
    return o;
  };
  const v = (mask: CoalitionMask): number => (mask === 0 ? 0 : outcome(mask).cost);

  const grand = outcome(grandMask(n));
  const memberSum = tenants.reduce((s, id) => s + (grand.memberCosts[id] ?? NaN), 0);
  if (!(Math.abs(memberSum - grand.cost) <= 1e-9 * Math.max(1, Math.abs(grand.cost)))) {
    throw new Error(`cooperative: the grand coalition's member costs add up to ${memberSum}, not its cost ${grand.cost}`);
  }
  const standalone: Record<AgentId, number> = Object.fromEntries(tenants.map((id, i) => [id, v(playerBit(i))]));
  const meta: Record<string, unknown> = { rule };
  let shares: CostShares;
  switch (rule) {
    case "nash":
      shares = nashSplit(standalone, grand.cost, options.weights);
      if (options.weights) meta["weights"] = Object.fromEntries(tenants.map((id) => [id, Object.hasOwn(options.weights!, id) ? options.weights![id]! : 1]));
      break;
    case "shapley":
      if (n <= SHAPLEY_EXACT_MAX_PLAYERS) {
        shares = shapleyExact(tenants, v);
        meta["method"] = "exact";
      } else {
        const sampled = shapleySampled(tenants, v, options.samples!, ctx.rng);
        shares = sampled.shares;
        meta["method"] = "sampled";
        meta["samples"] = sampled.samples;
      }
      break;
    case "nucleolus": {
      const result = nucleolus(tenants, v);
      shares = result.shares;
      meta["maxExcess"] = result.maxExcess;
      meta["lpSolves"] = result.lpSolves;
      break;
    }
  }

  const { cE, cP } = round.offer.reserve;
  const allocation = new Map(grand.allocation.map((a) => [a.agent, a]));
  const payments: Payment[] = [];
  const contracts: RentalContract[] = [];
  const rents: Record<AgentId, number> = {};
  const transfers: Record<AgentId, number> = {};
  for (const id of tenants) {
    const a = allocation.get(id) ?? { agent: id, energyKWh: 0, powerKW: 0 };
    const memberCost = grand.memberCosts[id]!;
    const rent = grand.memberRents?.[id] ?? cE * a.energyKWh + cP * a.powerKW;
    const transfer = shares[id]! - memberCost;
    rents[id] = rent;
    transfers[id] = transfer;
    if (rent > 0) payments.push({ from: id, to: round.offer.provider, amount: rent, reason: PaymentReason.rental });
    if (transfer > 0) payments.push({ from: id, to: MARKET_ACCOUNT, amount: transfer, reason: PaymentReason.cooperativeTransfer });
    if (transfer < 0) payments.push({ from: MARKET_ACCOUNT, to: id, amount: -transfer, reason: PaymentReason.cooperativeTransfer });
    if (!(isNegligible(a.energyKWh) && isNegligible(a.powerKW))) {
      contracts.push({ tenant: id, energyKWh: a.energyKWh, powerKW: a.powerKW, payment: rent + transfer });
    }
  }
  contracts.sort((x, y) => compareIds(x.tenant, y.tenant));

  return {
    mechanism: COOPERATIVE,
    prices: null,
    contracts,
    payments,
    meta: {
      ...meta,
      grandCost: grand.cost,
      standaloneCosts: standalone,
      memberCosts: Object.fromEntries(tenants.map((id) => [id, grand.memberCosts[id]!])),
      shares: Object.fromEntries(tenants.map((id) => [id, shares[id]!])),
      rents,
      transfers,
      coalitionsEvaluated: memo.size,
    },
  };
}

/** Cooperative rental with `options`; clears rounds only (it needs the tenants' models). */
export function createCooperativeRental(options: CooperativeOptions = {}): RentalMechanism {
  return { name: COOPERATIVE, clear: (round, ctx) => clearCooperativeRental(round, ctx, options) };
}

/** Registry entry for cooperative rental. */
export const cooperativeEntry = defineMechanism({
  name: COOPERATIVE,
  kind: "rental",
  description: "Pooled central optimum at the reserve; cost shared by nash, shapley (default) or nucleolus; simulation only.",
  properties: cooperativeProperties,
  params: cooperativeParams,
  create: (params) => createCooperativeRental(params),
});

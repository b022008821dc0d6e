/**
 * Winner determination over exclusive-or bundle bids (MODEL.md §4): choose at most one bundle
 * per tenant to maximise the declared surplus
 *
 *     max Σ_i Σ_b (v_ib − c_E^r·E_b − c_P^r·P_b)·x_ib
 *     s.t. Σ_b x_ib ≤ 1 per tenant,  Σ E_b·x_ib ≤ E^max,  Σ P_b·x_ib ≤ P^offer,  x_ib ∈ {0, 1},
 *
 * a mixed-integer programme solved by HiGHS to a proved optimum (relative and absolute gaps 0).
 *
 * Ties. Each chosen bundle also earns a priority bonus η·w_ib, with w_ib = 1 − (k + j/B_i)/N
 * for the tenant of rank k (agent ids ascending, k = 0 … N − 1) and its bundle j of B_i (listed
 * order), and η = 1e-6 × max(1, the largest bundle surplus). So among allocations whose declared
 * surplus differs by less than η the one serving lower agent ids (then earlier bundles) wins;
 * allocations further apart are ranked by surplus alone. The reported surplus excludes the bonus.
 * (With many tenants the smallest priority steps, η/(N·B_i), fall below the solver's
 * tolerances; HiGHS then resolves them by its own search, which is deterministic too.)
 *
 * Shortcut. When every tenant's best bundle (by surplus plus bonus) fits together, that is the
 * optimum and no programme is solved; `solves` says how many were.
 *
 * Capacity is checked in floating point after the solve (the solver accepts rows a little over
 * their bound, ~1e-6): a selection over capacity by more than 1e-12 (relative to max(1,
 * capacity)) is cut off by a no-good row (those bundles not all together) and the programme is
 * solved again, at most 16 times in all, then it is a fault.
 */
import { solveLp, type LinearTerm, type LpConstraint, type LpVariable } from "../../core/lp.js";
import type { AgentId, Bundle, RentalOffer } from "../types.js";
import { surplusAtReserve, type TenantBundles } from "./bundles.js";

/** η relative to the largest surplus (module comment). */
export const TIE_BONUS = 1e-6;
/** Capacity overrun, relative to max(1, capacity), that counts as float noise. */
const CAPACITY_EPSILON = 1e-12;
/** Solves allowed to repair a selection the solver let run over capacity. */
const REPAIRS = 16;

/** A tenant's winning bundle. */
export interface WinningBundle {
  readonly agent: AgentId;
  readonly bundle: Bundle;
  /** Its position in the tenant's pruned list. */
  readonly index: number;
  /** value − reserve cost, currency per period. */
  readonly surplus: number;
}

/** The outcome of winner determination. */
export interface WinnerDetermination {
  /** Winners sorted by agent id. */
  readonly winners: readonly WinningBundle[];
  /** Σ surplus over the winners (the bonus excluded), currency per period. */
  readonly surplus: number;
  /** Mixed-integer programmes solved (0 when the shortcut applied). */
  readonly solves: number;
  /** True when every tenant's best bundle fitted (no capacity binds). */
  readonly unconstrained: boolean;
}

/** Every (tenant, bundle) candidate with its objective weight. */
interface Candidate {
  readonly tenant: number;
  readonly index: number;
  readonly bundle: Bundle;
  readonly surplus: number;
  /** surplus + η·w. */
  readonly weight: number;
}

function candidates(tenants: readonly TenantBundles[], offer: RentalOffer): Candidate[][] {
  const n = tenants.length;
  const raw = tenants.map((t) => t.bundles.map((bundle) => surplusAtReserve(bundle, offer)));
  const eta = TIE_BONUS * Math.max(1, ...raw.flat());
  return tenants.map((t, k) => t.bundles.map((bundle, j) => ({ tenant: k, index: j, bundle, surplus: raw[k]![j]!, weight: raw[k]![j]! + eta * (1 - (k + j / t.bundles.length) / n) })));
}

function fits(chosen: readonly Candidate[], offer: RentalOffer): { energyOver: number; powerOver: number } {
  const e = chosen.reduce((s, c) => s + c.bundle[0], 0);
  const p = chosen.reduce((s, c) => s + c.bundle[1], 0);
  const over = (used: number, cap: number) => (used > cap + CAPACITY_EPSILON * Math.max(1, cap) ? used - cap : 0);
  return { energyOver: over(e, offer.energyKWh), powerOver: over(p, offer.powerKW) };
}

function outcome(tenants: readonly TenantBundles[], chosen: readonly Candidate[], solves: number, unconstrained: boolean): WinnerDetermination {
  const winners = chosen.map((c) => ({ agent: tenants[c.tenant]!.agent, bundle: c.bundle, index: c.index, surplus: c.surplus }));
  return { winners, surplus: winners.reduce((s, w) => s + w.surplus, 0), solves, unconstrained };
}

/** The programme of the module comment; each of `cuts` excludes one selection (a no-good cut). */
function solveProgramme(all: readonly Candidate[][], offer: RentalOffer, cuts: readonly (readonly Candidate[])[]): Candidate[] {
  const name = (c: Candidate) => `x_${c.tenant}_${c.index}`;
  const variables: LpVariable[] = [];
  const objective: LinearTerm[] = [];
  const energy: LinearTerm[] = [];
  const power: LinearTerm[] = [];
  const constraints: LpConstraint[] = [];
  for (const list of all) {
    if (list.length === 0) continue;
    for (const c of list) {
      variables.push({ name: name(c), lower: 0, upper: 1, integer: true });
      objective.push({ variable: name(c), coefficient: c.weight });
      energy.push({ variable: name(c), coefficient: c.bundle[0] });
      power.push({ variable: name(c), coefficient: c.bundle[1] });
    }
    constraints.push({ name: `one_${list[0]!.tenant}`, terms: list.map((c) => ({ variable: name(c), coefficient: 1 })), sense: "<=", rhs: 1 });
  }
  constraints.push({ name: "cap_kwh", terms: energy, sense: "<=", rhs: offer.energyKWh }, { name: "cap_kw", terms: power, sense: "<=", rhs: offer.powerKW });
  cuts.forEach((cut, k) => constraints.push({ name: `cut_${k}`, terms: cut.map((c) => ({ variable: name(c), coefficient: 1 })), sense: "<=", rhs: cut.length - 1 }));
  const solution = solveLp({ sense: "maximize", objective, constraints, variables }, { mipRelativeGap: 0, mipAbsoluteGap: 0 });
  return all.flatMap((list) => list.filter((c) => (solution.values.get(name(c)) ?? 0) > 0.5));
}

/**
 * The surplus-maximising choice of at most one bundle per tenant within the offer (module
 * comment). `tenants` sorted by agent id, each with pruned bundles (bundles.ts); `loadLpSolver()`
 * must have run unless the shortcut applies.
 */
export function determineWinners(tenants: readonly TenantBundles[], offer: RentalOffer): WinnerDetermination {
  const all = candidates(tenants, offer);
  // Shortcut: each tenant's best bundle, when they fit together, is the optimum.
  const best = all.flatMap((list) => (list.length === 0 ? [] : [list.reduce((a, b) => (b.weight > a.weight ? b : a))]));
  const slack = fits(best, offer);
  if (slack.energyOver === 0 && slack.powerOver === 0) return outcome(tenants, best, 0, true);
  // The programme, solved again without any selection the solver let run over the offer.
  const cuts: Candidate[][] = [];
  for (let solves = 1; solves <= REPAIRS; solves++) {
    const chosen = solveProgramme(all, offer, cuts);
    const over = fits(chosen, offer);
    if (over.energyOver === 0 && over.powerOver === 0) return outcome(tenants, chosen, solves, false);
    cuts.push(chosen);
  }
  throw new Error(`winner determination: the solver's selection exceeds the offer after ${REPAIRS} solves`);
}

/** `tenants` without `agent` (the Clarke pivot's "i absent"). */
export function without(tenants: readonly TenantBundles[], agent: AgentId): TenantBundles[] {
  return tenants.filter((t) => t.agent !== agent);
}

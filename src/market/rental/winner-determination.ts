/**
 * Winner determination over exclusive-or bundle bids (MODEL.md §4): choose at most one bundle
 * per tenant to maximise the declared surplus
 *
 *     max Σ_i Σ_b (v_ib − c_E^r·E_b − c_P^r·P_b)·x_ib
 *     s.t. Σ_b x_ib ≤ 1 per tenant,  Σ E_b·x_ib ≤ E^max,  Σ P_b·x_ib ≤ P^offer,  x_ib ∈ {0, 1},
 *
 * a mixed-integer programme solved by HiGHS to a relative gap of MIP_RELATIVE_GAP (1e-5).
 *
 * Ties. Each chosen bundle also earns a priority bonus η·w_ib, with w_ib = 1 − (k + j/B_i)/N
 * for the tenant of rank k among all N bidders (agent ids ascending) and its bundle j of B_i
 * (listed order), and η = 1e-6 × max(1, the largest bundle surplus). So among allocations whose
 * declared surplus differs by less than η the one serving lower agent ids (then earlier bundles)
 * wins when the programme is solved to within η; allocations further apart are ranked by
 * surplus alone. The reported surplus excludes the bonus. (On large books the gap of
 * MIP_RELATIVE_GAP exceeds η, and the smallest priority steps, η/(N·B_i), fall below the
 * solver's tolerances; HiGHS then resolves near-ties by its own search, which is deterministic
 * too.)
 *
 * How it is solved, in phases (each exact):
 *   1. shortcut — when every tenant's best bundle (by surplus plus bonus) fits together, that is
 *      the optimum and nothing is solved;
 *   2. bound — the LP relaxation, solved once with its duals: row prices y ≥ 0 (per tenant u_i,
 *      per resource y_E, y_P) give the reduced cost d_ib = weight − u_i − y_E·E_b − y_P·P_b of
 *      every bundle and the bound UB = Σ u_i + y_E·E^max + y_P·P^offer + Σ max(0, d_ib), which
 *      holds for every feasible choice whatever the solver's accuracy (weak duality, with the
 *      duals clamped at 0); an incumbent LB is the relaxation's integral part with its few
 *      fractional tenants tried every way, completed greedily (tenants by reduced cost) and
 *      improved by single swaps (`improveBySwaps`);
 *   3. fixing — a bundle with d_ib < −(UB − LB) cannot be in an optimum (taking it costs more
 *      than the gap), one with d_ib > UB − LB cannot be left out, and a tenant with u_i > UB − LB
 *      is served in every optimum (serving nobody forgoes u_i): such a tenant takes exactly one
 *      of its bundles left, and is fixed when one is left (reduced-cost fixing; a margin of
 *      1e-9 × max(1, |UB|) keeps float noise out);
 *   4. the MILP over the bundles left free, with the capacity the fixed ones leave.
 * The Clarke pivot of vcg (`surplusWithout`, the programme without tenant i) runs phase 1 for
 * the others, then phases 2–4 with its own relaxation, the present allocation without i
 * (completed greedily) competing for the incumbent. When the relaxation is integral — common
 * when many similar tenants compete — no MILP is solved at all.
 *
 * Capacity is checked in floating point after each MILP (the solver accepts rows a little over
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
/** Margin, relative to max(1, |UB|), a reduced cost must clear the gap by to fix a bundle. */
const FIXING_MARGIN = 1e-9;
/**
 * Relative gap (of the declared surplus, with the bonus) to which every programme is solved: an
 * incumbent within it of the relaxation's bound is taken without a MILP, and the MILP stops
 * within it (HiGHS's mip_rel_gap). Proving a gap of 0 on a book of ~200 similar households
 * took 8–12 s for the allocation and 3–13 s for each of its ~190 Clarke pivots (2-core Xeon);
 * at 1e-5 it takes about 1.6 s and 0.6 s. 1e-5 of the surplus is far below what the revealed
 * bundles resolve (a 6 × 6 price grid), and HiGHS's search is deterministic, so the same book
 * gives the same allocation everywhere.
 */
export const MIP_RELATIVE_GAP = 1e-5;

/** A tenant's winning bundle. */
export interface WinningBundle {
  readonly agent: AgentId;
  readonly bundle: Bundle;
  /** Its position in the tenant's pruned list. */
  readonly index: number;
  /** value − reserve cost, currency per period. */
  readonly surplus: number;
}

/** Phase 2's dual prices and the bound they give. */
interface DualBound {
  /** Per tenant (by rank), u_i ≥ 0. */
  readonly u: readonly number[];
  /** Reduced costs per tenant (by rank), per bundle. */
  readonly d: readonly (readonly number[])[];
  /** The bound UB on the weighted objective. */
  readonly ub: number;
}

/** The outcome of winner determination. */
export interface WinnerDetermination {
  /** Winners sorted by agent id. */
  readonly winners: readonly WinningBundle[];
  /** Σ surplus over the winners (the bonus excluded), currency per period. */
  readonly surplus: number;
  /** Mixed-integer programmes solved (0 when the shortcut applied or fixing left nothing free). */
  readonly solves: number;
  /** LP relaxations solved (phase 2: 0 or 1). */
  readonly lpSolves: number;
  /** True when every tenant's best bundle fitted (no capacity binds). */
  readonly unconstrained: boolean;
  /** For `surplusWithout`: the programme and the chosen candidates (absent under the shortcut). */
  readonly programme?: { readonly all: readonly (readonly Candidate[])[]; readonly chosen: readonly Candidate[] };
}

/** A (tenant, bundle) pair with its objective weight. */
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

const used = (chosen: readonly Candidate[]) => ({ e: chosen.reduce((s, c) => s + c.bundle[0], 0), p: chosen.reduce((s, c) => s + c.bundle[1], 0) });
const weightOf = (chosen: readonly Candidate[]) => chosen.reduce((s, c) => s + c.weight, 0);

function overBy(usedQ: number, cap: number): number {
  return usedQ > cap + CAPACITY_EPSILON * Math.max(1, cap) ? usedQ - cap : 0;
}

function fitsOffer(chosen: readonly Candidate[], energyKWh: number, powerKW: number): boolean {
  const u = used(chosen);
  return overBy(u.e, energyKWh) === 0 && overBy(u.p, powerKW) === 0;
}

const varName = (c: Candidate) => `x_${c.tenant}_${c.index}`;

/** The programme over `groups` (binary, or relaxed) within the given capacity; each of `cuts` excludes one selection. */
function programme(
  groups: readonly (readonly Candidate[])[],
  energyKWh: number,
  powerKW: number,
  relaxed: boolean,
  cuts: readonly (readonly Candidate[])[] = [],
  served: ReadonlySet<number> = new Set(),
) {
  const variables: LpVariable[] = [];
  const objective: LinearTerm[] = [];
  const energy: LinearTerm[] = [];
  const power: LinearTerm[] = [];
  const constraints: LpConstraint[] = [];
  for (const list of groups) {
    if (list.length === 0) continue;
    for (const c of list) {
      variables.push({ name: varName(c), lower: 0, upper: 1, ...(relaxed ? {} : { integer: true }) });
      objective.push({ variable: varName(c), coefficient: c.weight });
      energy.push({ variable: varName(c), coefficient: c.bundle[0] });
      power.push({ variable: varName(c), coefficient: c.bundle[1] });
    }
    const k = list[0]!.tenant;
    constraints.push({ name: `one_${k}`, terms: list.map((c) => ({ variable: varName(c), coefficient: 1 })), sense: served.has(k) ? "=" : "<=", rhs: 1 });
  }
  constraints.push({ name: "cap_kwh", terms: energy, sense: "<=", rhs: energyKWh }, { name: "cap_kw", terms: power, sense: "<=", rhs: powerKW });
  cuts.forEach((cut, k) => constraints.push({ name: `cut_${k}`, terms: cut.map((c) => ({ variable: varName(c), coefficient: 1 })), sense: "<=", rhs: cut.length - 1 }));
  return { sense: "maximize" as const, objective, constraints, variables };
}

/** Phase 4: the MILP over `groups` (those of `served` take exactly one bundle), repaired until its selection fits (module comment). */
function solveMilp(groups: readonly (readonly Candidate[])[], energyKWh: number, powerKW: number, served: ReadonlySet<number>): { chosen: Candidate[]; solves: number } {
  const cuts: Candidate[][] = [];
  for (let solves = 1; solves <= REPAIRS; solves++) {
    const solution = solveLp(programme(groups, energyKWh, powerKW, false, cuts, served), { mipRelativeGap: MIP_RELATIVE_GAP, mipAbsoluteGap: 0 });
    const chosen = groups.flatMap((list) => list.filter((c) => (solution.values.get(varName(c)) ?? 0) > 0.5));
    if (fitsOffer(chosen, energyKWh, powerKW)) return { chosen, solves };
    cuts.push(chosen);
  }
  throw new Error(`winner determination: the solver's selection exceeds the offer after ${REPAIRS} solves`);
}

/**
 * Adds to `chosen`, for each tenant not yet served (not `exclude`), the heaviest of its bundles
 * that still fits; tenants are taken by their best reduced cost (the relaxation's guess of who
 * is worth adding, closest to 0 first), then by rank. An incumbent for phases 2 and 3.
 */
function completeGreedily(all: readonly (readonly Candidate[])[], chosen: readonly Candidate[], offer: RentalOffer, exclude: number | null, d: readonly (readonly number[])[]): Candidate[] {
  const out = [...chosen];
  const served = new Set(out.map((c) => c.tenant));
  let { e, p } = used(out);
  const order = all
    .map((list, k) => ({ list, k, best: Math.max(-Infinity, ...(d[k] ?? [])) }))
    .filter(({ list, k }) => list.length > 0 && !served.has(k) && k !== exclude)
    .sort((a, b) => b.best - a.best || a.k - b.k);
  for (const { list } of order) {
    const fitting = list.filter((c) => overBy(e + c.bundle[0], offer.energyKWh) === 0 && overBy(p + c.bundle[1], offer.powerKW) === 0);
    if (fitting.length === 0) continue;
    const best = fitting.reduce((a, b) => (b.weight > a.weight ? b : a));
    out.push(best);
    e += best.bundle[0];
    p += best.bundle[1];
  }
  return out;
}

/** Improving moves a local search tries per incumbent, at most. */
const SWAP_ROUNDS = 8;

/**
 * Improves a feasible choice by single swaps: an unserved tenant takes one of its bundles
 * while at most one served tenant changes to another of its bundles (or to none) to make room,
 * whenever that raises the weight; the best such swap each round, for `SWAP_ROUNDS` rounds.
 * It only sharpens the incumbent (phase 3 fixes more when the gap is small); the optimum is
 * still proved by the programme.
 */
function improveBySwaps(all: readonly (readonly Candidate[])[], chosen: readonly Candidate[], offer: RentalOffer, exclude: number | null): Candidate[] {
  let current = [...chosen];
  for (let round = 0; round < SWAP_ROUNDS; round++) {
    const served = new Map(current.map((c) => [c.tenant, c]));
    const { e, p } = used(current);
    let best: { gain: number; add: Candidate; drop: Candidate | null; swapIn: Candidate | null } | null = null;
    for (const list of all) {
      if (list.length === 0 || served.has(list[0]!.tenant) || list[0]!.tenant === exclude) continue;
      for (const add of list) {
        // Alone it fits?
        if (overBy(e + add.bundle[0], offer.energyKWh) === 0 && overBy(p + add.bundle[1], offer.powerKW) === 0) {
          if (!best || add.weight > best.gain) best = { gain: add.weight, add, drop: null, swapIn: null };
          continue;
        }
        for (const held of current) {
          for (const alt of [null, ...all[held.tenant]!.filter((c) => c !== held)]) {
            const de = add.bundle[0] - held.bundle[0] + (alt?.bundle[0] ?? 0);
            const dp = add.bundle[1] - held.bundle[1] + (alt?.bundle[1] ?? 0);
            if (overBy(e + de, offer.energyKWh) !== 0 || overBy(p + dp, offer.powerKW) !== 0) continue;
            const gain = add.weight - held.weight + (alt?.weight ?? 0);
            if (gain > 0 && (!best || gain > best.gain)) best = { gain, add, drop: held, swapIn: alt };
          }
        }
      }
    }
    if (!best || !(best.gain > 0)) break;
    const move = best;
    current = [...current.filter((c) => c !== move.drop), ...(move.swapIn ? [move.swapIn] : []), move.add];
  }
  return current;
}

/** Every combination of at most one bundle per group, the empty one first (for a few fractional groups). */
function combinations(groups: readonly (readonly Candidate[])[]): Candidate[][] {
  let out: Candidate[][] = [[]];
  for (const g of groups) out = out.flatMap((combo) => [combo, ...g.map((c) => [...combo, c])]);
  return out;
}

/** The relaxation's integral part with its few fractional tenants tried every way, then completed greedily. */
function roundRelaxation(all: readonly (readonly Candidate[])[], offer: RentalOffer, values: ReadonlyMap<string, number>, d: readonly (readonly number[])[]): Candidate[] {
  const x = (c: Candidate) => values.get(varName(c)) ?? 0;
  const integral = all.flatMap((list) => list.filter((c) => x(c) > 1 - 1e-6));
  const whole = new Set(integral.map((c) => c.tenant));
  const fractional = all.filter((list) => list.length > 0 && !whole.has(list[0]!.tenant) && list.some((c) => x(c) > 1e-6));
  const base = fitsOffer(integral, offer.energyKWh, offer.powerKW) ? integral : [];
  // A basic optimum of a programme with two capacity rows leaves at most a few tenants fractional.
  const tries = fractional.length <= 4 ? combinations(fractional) : [[]];
  let best: Candidate[] = completeGreedily(all, base, offer, null, d);
  for (const combo of tries) {
    const start = [...base, ...combo];
    if (!fitsOffer(start, offer.energyKWh, offer.powerKW)) continue;
    const filled = completeGreedily(all, start, offer, null, d);
    if (weightOf(filled) > weightOf(best)) best = filled;
  }
  return best;
}

/** The better of two feasible choices by weight (the first on a tie). */
const better = (a: Candidate[], b: Candidate[]) => (weightOf(b) > weightOf(a) ? b : a);

/** Phase 2: the relaxation's duals as a bound, and its integral part completed greedily as an incumbent (tenant `exclude` left out). */
function relax(all: readonly (readonly Candidate[])[], offer: RentalOffer, exclude: number | null = null): { bound: DualBound; incumbent: Candidate[] } {
  const groups = exclude === null ? all : all.map((list, k) => (k === exclude ? [] : list));
  const solution = solveLp(programme(groups, offer.energyKWh, offer.powerKW, true), { duals: true });
  const dual = (name: string) => Math.max(0, solution.duals?.get(name) ?? 0);
  const yE = dual("cap_kwh");
  const yP = dual("cap_kw");
  const u = groups.map((list, k) => (list.length === 0 ? 0 : dual(`one_${k}`)));
  const d = groups.map((list, k) => list.map((c) => c.weight - u[k]! - yE * c.bundle[0] - yP * c.bundle[1]));
  const ub = u.reduce((s, x) => s + x, 0) + yE * offer.energyKWh + yP * offer.powerKW + d.flat().reduce((s, x) => s + Math.max(0, x), 0);
  return { bound: { u, d, ub }, incumbent: improveBySwaps(groups, roundRelaxation(groups, offer, solution.values, d), offer, exclude) };
}

/**
 * Phases 3–4: the optimum over `all` without tenant `exclude` (null: none), given a valid bound
 * `ub` with reduced costs `d` and a feasible `incumbent`.
 */
function solveFixed(
  all: readonly (readonly Candidate[])[],
  offer: RentalOffer,
  exclude: number | null,
  { u, d }: Pick<DualBound, "u" | "d">,
  ub: number,
  incumbent: readonly Candidate[],
): { chosen: Candidate[]; solves: number } {
  const lb = weightOf(incumbent);
  const gap = ub - lb + FIXING_MARGIN * Math.max(1, Math.abs(ub));
  if (ub - lb <= MIP_RELATIVE_GAP * Math.max(1, Math.abs(ub))) return { chosen: [...incumbent], solves: 0 };
  const fixedIn: Candidate[] = [];
  const free: Candidate[][] = [];
  const served = new Set<number>();
  for (const [k, list] of all.entries()) {
    if (k === exclude || list.length === 0) continue;
    const forced = list.filter((_, j) => d[k]![j]! > gap);
    const open = forced.length === 1 ? forced : list.filter((_, j) => d[k]![j]! >= -gap);
    // Serving nobody costs u_k: beyond the gap, tenant k is served in every optimum.
    const mustServe = forced.length === 1 || u[k]! > gap;
    if (mustServe && open.length === 0) return { chosen: [...incumbent], solves: 0 };
    if (mustServe && open.length === 1) fixedIn.push(open[0]!);
    else if (open.length > 0) {
      free.push(open);
      if (mustServe) served.add(k);
    }
  }
  const { e, p } = used(fixedIn);
  const rest = free.length === 0 ? { chosen: [], solves: 0 } : solveMilp(free, Math.max(0, offer.energyKWh - e), Math.max(0, offer.powerKW - p), served);
  const chosen = [...fixedIn, ...rest.chosen].sort((a, b) => a.tenant - b.tenant);
  // Fixing never removes a choice at least as good as the incumbent; keep the incumbent if float noise says otherwise.
  const best = fitsOffer(chosen, offer.energyKWh, offer.powerKW) && weightOf(chosen) >= lb ? chosen : [...incumbent];
  return { chosen: best, solves: rest.solves };
}

function outcome(tenants: readonly TenantBundles[], chosen: readonly Candidate[], solves: number, lpSolves: number, unconstrained: boolean, programmeState?: WinnerDetermination["programme"]): WinnerDetermination {
  const sorted = [...chosen].sort((a, b) => a.tenant - b.tenant);
  const winners = sorted.map((c) => ({ agent: tenants[c.tenant]!.agent, bundle: c.bundle, index: c.index, surplus: c.surplus }));
  return { winners, surplus: winners.reduce((s, w) => s + w.surplus, 0), solves, lpSolves, unconstrained, ...(programmeState ? { programme: programmeState } : {}) };
}

/**
 * The surplus-maximising choice of at most one bundle per tenant within the offer (module
 * comment). `tenants` sorted by agent id, each with pruned bundles (bundles.ts); `loadLpSolver()`
 * must have run unless the shortcut applies.
 */
export function determineWinners(tenants: readonly TenantBundles[], offer: RentalOffer): WinnerDetermination {
  const all = candidates(tenants, offer);
  // Phase 1: each tenant's best bundle, when they fit together, is the optimum.
  const best = all.flatMap((list) => (list.length === 0 ? [] : [list.reduce((a, b) => (b.weight > a.weight ? b : a))]));
  if (fitsOffer(best, offer.energyKWh, offer.powerKW)) return outcome(tenants, best, 0, 0, true);
  // Phases 2–4.
  const { bound, incumbent } = relax(all, offer);
  const { chosen, solves } = solveFixed(all, offer, null, bound, bound.ub, incumbent);
  return outcome(tenants, chosen, solves, 1, false, { all, chosen });
}

/** What the other tenants' optimum is worth without `agent` (the Clarke pivot's W₋ᵢ(i absent)), and what it took. */
export interface PivotSurplus {
  /** Σ surplus of the optimum without `agent`, the bonus excluded, currency per period. */
  readonly surplus: number;
  readonly milpSolves: number;
  readonly lpSolves: number;
}

/**
 * The optimum of the same programme without `agent` (module comment: phase 2's duals reused).
 * `allocation` is `determineWinners(tenants, offer)` for the same arguments.
 */
export function surplusWithout(tenants: readonly TenantBundles[], offer: RentalOffer, allocation: WinnerDetermination, agent: AgentId): PivotSurplus {
  const k = tenants.findIndex((t) => t.agent === agent);
  const state = allocation.programme;
  const others = allocation.winners.filter((w) => w.agent !== agent);
  const othersSurplus = others.reduce((s, w) => s + w.surplus, 0);
  // Without capacity binding, the others keep their best bundles: nothing changes for them.
  if (!state || k < 0) return { surplus: othersSurplus, milpSolves: 0, lpSolves: 0 };
  const { all, chosen } = state;
  // Phase 1 for the others: their best bundles, when they fit together without i, are their optimum.
  const best = all.flatMap((list, j) => (j === k || list.length === 0 ? [] : [list.reduce((a, b) => (b.weight > a.weight ? b : a))]));
  if (fitsOffer(best, offer.energyKWh, offer.powerKW)) return { surplus: best.reduce((s, c) => s + c.surplus, 0), milpSolves: 0, lpSolves: 0 };
  // Its own relaxation: a tight bound and a near-optimal incumbent, so that fixing leaves little free.
  const pivot = relax(all, offer, k);
  const kept = improveBySwaps(all, completeGreedily(all, chosen.filter((c) => c.tenant !== k), offer, k, pivot.bound.d), offer, k);
  const incumbent = better(pivot.incumbent, kept);
  const result = solveFixed(all, offer, k, pivot.bound, pivot.bound.ub, incumbent);
  return { surplus: result.chosen.reduce((s, c) => s + c.surplus, 0), milpSolves: result.solves, lpSolves: 1 };
}

/**
 * Uniform prices (c_E, c_P) for a joint allocation of bundles (MODEL.md §4): the least-regret
 * prices that keep every winner individually rational.
 *
 * At prices c ≥ the reserve r, tenant i's regret is what it could gain by switching to its
 * best bundle at c (or to nothing), max(0, max_b v_ib − c·b) − (v_i* − c·b_i*), with b_i* its
 * winning bundle (none for a loser); the provider's regret is (c − r)·(unsold capacity), what it
 * forgoes at c. Their sum is R(c) = D(c) − W* − r·(E^max, P^offer), where
 *
 *     D(c) = min_u Σ_i u_i + E^max·c_E + P^offer·c_P,   u_i ≥ v_ib − c_E·E_b − c_P·P_b,  u_i ≥ 0,
 *
 * is the dual objective of the winner-determination programme's LP relaxation and W* the
 * allocation's declared surplus. The rule:
 *   1. minimise D(c) over c ≥ r subject to every winner's IR, c_E·E_i* + c_P·P_i* ≤ v_i*;
 *   2. among the minimisers, the least c_E; 3. then the least c_P (a documented, deterministic
 *      choice among equally good prices, favouring tenants).
 * Without the IR rows step 1 is the LP relaxation's dual; its prices are Walrasian — every
 * tenant holds a bundle it likes best at c, unsold capacity is priced at the reserve — exactly
 * when the relaxation has an integral optimum (R = 0). With an integrality gap no Walrasian
 * prices exist; the rule then keeps the relaxation's logic (least total regret) and clips it
 * to what the winners can pay, which is always feasible (c = r: no winner has negative surplus).
 * `regret` reports R at the chosen prices (0 means Walrasian), in currency per period.
 *
 * When no capacity binds (every tenant's best bundle fits) the prices are the reserve, which
 * is what the programme gives then; no LP is solved. After the LPs, the premium c − r is
 * scaled down, if need be, until no winner pays more than its value in floating point (the LP
 * meets its rows only to ~1e-7).
 */
import { LpNotSolvedError, solveLp, type LinearProgram, type LinearTerm, type LpConstraint, type LpSolution, type LpVariable } from "../../core/lp.js";
import type { RentalOffer, RentalPrices } from "../types.js";
import type { TenantBundles } from "./bundles.js";
import type { WinnerDetermination } from "./winner-determination.js";

/** Uniform prices for a joint allocation. */
export interface BundlePrices {
  readonly prices: RentalPrices;
  /** Total regret R of tenants and provider at `prices`, currency per period (0: Walrasian). */
  readonly regret: number;
  /** LPs solved (0 when no capacity binds). */
  readonly solves: number;
}

const PRICE_E = "price_kwh";
const PRICE_P = "price_kw";
/**
 * Slack, relative to max(1, |D|), when step 1's minimum is held in steps 2 and 3: none — any
 * slack is taken up by the next step and shows as noise in the prices, while the solver meets
 * the row to its own tolerance anyway.
 */
const FIX_TOLERANCE = 0;

/** The solution, or null when the solver finds no optimum (a held minimum missed by a hair). */
function trySolve(lp: LinearProgram): LpSolution | null {
  try {
    return solveLp(lp);
  } catch (error) {
    if (error instanceof LpNotSolvedError) return null;
    throw error;
  }
}

/** Tenants' regret plus the provider's at `prices` (module comment), currency per period. */
export function totalRegret(tenants: readonly TenantBundles[], offer: RentalOffer, allocation: WinnerDetermination, prices: RentalPrices): number {
  const won = new Map(allocation.winners.map((w) => [w.agent, w.bundle]));
  let regret = 0;
  let soldE = 0;
  let soldP = 0;
  for (const t of tenants) {
    const best = Math.max(0, ...t.bundles.map(([e, p, v]) => v - prices.cE * e - prices.cP * p));
    const mine = won.get(t.agent);
    const held = mine ? mine[2] - prices.cE * mine[0] - prices.cP * mine[1] : 0;
    if (mine) {
      soldE += mine[0];
      soldP += mine[1];
    }
    regret += best - held;
  }
  regret += (prices.cE - offer.reserve.cE) * (offer.energyKWh - soldE) + (prices.cP - offer.reserve.cP) * (offer.powerKW - soldP);
  return regret;
}

/** The LP of step 1, as data; steps 2 and 3 add rows and change the objective. */
function regretLp(tenants: readonly TenantBundles[], offer: RentalOffer, allocation: WinnerDetermination): LinearProgram {
  const variables: LpVariable[] = [
    { name: PRICE_E, lower: offer.reserve.cE, upper: Infinity },
    { name: PRICE_P, lower: offer.reserve.cP, upper: Infinity },
  ];
  const objective: LinearTerm[] = [
    { variable: PRICE_E, coefficient: offer.energyKWh },
    { variable: PRICE_P, coefficient: offer.powerKW },
  ];
  const constraints: LpConstraint[] = [];
  tenants.forEach((t, k) => {
    const u = `u_${k}`;
    variables.push({ name: u, lower: 0, upper: Infinity });
    objective.push({ variable: u, coefficient: 1 });
    t.bundles.forEach(([e, p, v], j) => {
      constraints.push({ name: `best_${k}_${j}`, terms: [{ variable: u, coefficient: 1 }, { variable: PRICE_E, coefficient: e }, { variable: PRICE_P, coefficient: p }], sense: ">=", rhs: v });
    });
  });
  allocation.winners.forEach((w, k) => {
    constraints.push({ name: `ir_${k}`, terms: [{ variable: PRICE_E, coefficient: w.bundle[0] }, { variable: PRICE_P, coefficient: w.bundle[1] }], sense: "<=", rhs: w.bundle[2] });
  });
  return { sense: "minimize", objective, constraints, variables };
}

/** The premium c − r scaled by the largest t ∈ [0, 1] at which every winner pays at most its value. */
function withinValues(prices: RentalPrices, offer: RentalOffer, allocation: WinnerDetermination): RentalPrices {
  const { reserve } = offer;
  const yE = Math.max(0, prices.cE - reserve.cE);
  const yP = Math.max(0, prices.cP - reserve.cP);
  let t = 1;
  for (const { bundle: [e, p, v] } of allocation.winners) {
    const premium = yE * e + yP * p;
    const room = v - reserve.cE * e - reserve.cP * p;
    if (premium > room) t = Math.min(t, Math.max(0, room) / premium);
  }
  return { cE: reserve.cE + t * yE, cP: reserve.cP + t * yP };
}

/**
 * The rule of the module comment for `allocation` (from winner-determination.ts on the same
 * pruned `tenants`). `loadLpSolver()` must have run when capacity binds.
 */
export function uniformBundlePrices(tenants: readonly TenantBundles[], offer: RentalOffer, allocation: WinnerDetermination): BundlePrices {
  if (allocation.unconstrained) return { prices: offer.reserve, regret: totalRegret(tenants, offer, allocation, offer.reserve), solves: 0 };
  // Step 1: least regret within the winners' IR.
  const lp = regretLp(tenants, offer, allocation);
  const first = solveLp(lp);
  const pricesOf = (values: ReadonlyMap<string, number>): RentalPrices => ({ cE: values.get(PRICE_E) ?? offer.reserve.cE, cP: values.get(PRICE_P) ?? offer.reserve.cP });
  // Steps 2 and 3 hold the minimum found before (the solver meets it to its tolerance); a
  // step the solver then finds infeasible by a hair keeps the previous step's prices.
  const regretRow: LpConstraint = { name: "least_regret", terms: lp.objective, sense: "<=", rhs: first.objective + FIX_TOLERANCE * Math.max(1, Math.abs(first.objective)) };
  const second = trySolve({ ...lp, objective: [{ variable: PRICE_E, coefficient: 1 }], constraints: [...lp.constraints, regretRow] });
  const step2 = second ? pricesOf(second.values) : pricesOf(first.values);
  const fixedEnergy = lp.variables.map((v) => (v.name === PRICE_E ? { ...v, lower: step2.cE, upper: step2.cE } : v));
  const third = second ? trySolve({ ...lp, variables: fixedEnergy, objective: [{ variable: PRICE_P, coefficient: 1 }], constraints: [...lp.constraints, regretRow] }) : null;
  const raw = third ? { cE: step2.cE, cP: pricesOf(third.values).cP } : step2;
  const prices = withinValues(raw, offer, allocation);
  return { prices, regret: totalRegret(tenants, offer, allocation, prices), solves: 3 };
}

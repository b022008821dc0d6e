/**
 * stackelberg — the provider leads with prices, the tenants follow (MODEL.md §4). The leader
 * chooses the price per resource, ≥ the reserve, that maximises its revenue
 * c_E·min(E^max, ΣE_i) + c_P·min(P^max, ΣP_i) given the tenants' responses; at those prices the
 * tenants are served as under posted (rationed pro rata at capacity) and each pays the price per
 * unit it gets.
 *
 * **Block book** (`clearBook`): the followers rent every block whose value ≥ the price, so each
 * resource is solved exactly and on its own: demand is a step function, revenue rises linearly
 * between steps, and the optimum lies at the reserve or at a block value. Every such candidate
 * is evaluated; ties go to the lower price.
 *
 * **Inside a simulation** (`clear(round)`) E and P interact through each tenant's optimisation,
 * so the two prices are chosen jointly, in four steps, every price query logged
 * (stackelberg-probe.ts; warm-started LPs where the round offers them). With `rationing:
 * forbidden` (the default) the leader chooses only among prices at which the tenants' requests
 * fit the offer, so that every tenant gets its best response (stackelberg-probe.ts scores the
 * others below every fitting pair); with `pro-rata` rationed prices count too, rationing
 * evaluated as it happens — with two complements the leader can then earn more by rationing one
 * resource while the tenants pay for all of the other they asked for, which can leave a tenant
 * worse off than renting nothing (test/sim/joint-rental-ir.test.ts finds such a case):
 *   1. **box**: from the reserve to a ceiling per resource (stackelberg-box.ts: the `ceilingE` /
 *      `ceilingP` parameter, else the first price of a doubling ladder at which nobody rents
 *      that resource);
 *   2. **exact**, when every tenant's best response is an LP (`round.followerLps()`) and there
 *      are at most `exactMaxFollowers` of them with at most `exactMaxRows` LP rows in all: each
 *      follower's best-response function over the box is computed exactly as a finite menu
 *      (follower-menu.ts, at most `exactMaxItems` items and `exactMaxSolves` LP solves each),
 *      and the supremum of the revenue over the box is found by enumerating the corners of the
 *      cells on which every response is fixed (stackelberg-exact.ts), over the cells whose
 *      demand fits the offer (every cell with `pro-rata`). The box is certified when no follower rents
 *      energy on its top c_E edge nor power on its top c_P edge (then no price above it earns
 *      anything); if not, it is doubled on that side, at most twice. The supremum lies on a
 *      cell's corner, where tenants are indifferent, so the leader queries the corner, points
 *      inside the best cell where every follower prefers its response there by ATTAIN_MARGINS
 *      of its costs (pointsInsideCell), and points ATTAIN_STEPS into it, and takes the best.
 *      A cell narrower than the LP solver's tolerance cannot be reached that way (the tenants'
 *      LPs cannot tell its responses from the neighbours'); then the supremum is an upper bound
 *      the tenants do not attain, and `meta.exact.gap` says by how much — `certified` when it is
 *      within `attainTolerance` and the box is certified;
 *      `meta.exact` logs the supremum, what was attained and their gap (the certificate);
 *   3. **search** otherwise (rule-based or learning tenants, or LPs beyond the size limits):
 *      the global search of stackelberg-search.ts — a 2-D grid over the box, a multi-start
 *      pattern search in eight directions, and pushes to the breakpoints where responses change;
 *      for LP tenants `meta.search.upperBound` bounds the revenue (follower-rent-bound.ts);
 *   4. **check** (stackelberg-check.ts): the result against every query of the round, a grid of
 *      its own across the box and a grid around the result; `checked` is true only when nothing
 *      earns more than ε (relative) more. It never moves the result; `meta.check` logs it.
 * Exactness is up to the LP solver's tolerances (1e-7) and the menus' (follower-menu.ts). The
 * work of every step is bounded by the parameters and done in a fixed order, so the same round
 * gives the same queries and the same result on any machine.
 *
 * Properties:
 * - individually rational: yes — a tenant rents only what it asks for at the price (blocks
 *   worth at least the price, or its best response), or on a block book a pro-rata share of
 *   blocks each worth at least the price. Inside a simulation with `rationing: pro-rata`: no
 *   (a share of one complement, the other paid in full, can be worth less than its rent).
 * - budget balance: strong — tenants pay the provider directly.
 * - truthful: no — the price depends on the bids, so a tenant gains by understating demand
 *   above the price it hopes to face.
 * - efficient: no — a revenue-maximising price withholds capacity that tenants value above the
 *   reserve.
 */
import { z } from "zod";
import { formatBound, MAX_PRICE_PER_KW, MAX_PRICE_PER_KWH } from "../../core/bounds.js";
import type { FollowerLp, MechanismProperties, RentalBook, RentalClearing, RentalMechanism, RentalPrices, RentalRound } from "../types.js";
import { defineMechanism } from "../mechanism-entry.js";
import { blockRequests, rankBlocks, type RentalResource } from "./block-allocation.js";
import { rationRequests } from "./posted.js";
import { followerMenu, type FollowerMenu } from "./follower-menu.js";
import { followerRentBound } from "./follower-rent-bound.js";
import { searchBox } from "./stackelberg-box.js";
import { checkLeaderResult } from "./stackelberg-check.js";
import { exactLeaderOptimum, pointsInsideCell } from "./stackelberg-exact.js";
import { bestProbe, clampToBox, createProber, strictlyBetter, type Probe, type Prober, type SearchBox } from "./stackelberg-probe.js";
import { globalSearch } from "./stackelberg-search.js";

export { leaderRevenue } from "./stackelberg-probe.js";

/** Registry name of Stackelberg (leader–follower) pricing. */
export const STACKELBERG = "stackelberg";

/** The properties Stackelberg pricing claims (see the file header). */
export const stackelbergProperties: MechanismProperties = {
  individuallyRational: true,
  budgetBalance: "strong",
  truthful: false,
  efficient: false,
};

// Bounded (core/bounds.ts) so that the search's prices stay finite in every payment.
const positive = (what: string, max: number) =>
  z
    .number({ error: (iss) => `a finite number in (0, ${formatBound(max)}] (${what}), got ${JSON.stringify(iss.input)}` })
    .positive({ error: (iss) => `a finite number in (0, ${formatBound(max)}] (${what}), got ${String(iss.input)}` })
    .max(max, { error: (iss) => `a finite number in (0, ${formatBound(max)}] (${what}), got ${String(iss.input)}` })
    .optional();
const count = (min: number, max: number, fallback: number) =>
  z
    .number({ error: (iss) => `an integer in [${min}, ${max}], got ${JSON.stringify(iss.input)}` })
    .int({ error: (iss) => `an integer in [${min}, ${max}], got ${String(iss.input)}` })
    .min(min, { error: (iss) => `an integer in [${min}, ${max}], got ${String(iss.input)}` })
    .max(max, { error: (iss) => `an integer in [${min}, ${max}], got ${String(iss.input)}` })
    .default(fallback);
const fraction = (what: string, fallback: number) =>
  z
    .number({ error: (iss) => `a number in (0, 1] (${what}), got ${JSON.stringify(iss.input)}` })
    .gt(0, { error: (iss) => `a number in (0, 1] (${what}), got ${String(iss.input)}` })
    .max(1, { error: (iss) => `a number in (0, 1] (${what}), got ${String(iss.input)}` })
    .default(fallback);

/** Parameters of the in-simulation clearing (a block book is solved exactly and ignores them); see the file header. */
export const stackelbergParams = z.strictObject({
  ceilingE: positive("highest cE searched, currency per kWh per period; default: the doubling ladder", MAX_PRICE_PER_KWH),
  ceilingP: positive("highest cP searched, currency per kW per period; default: the doubling ladder", MAX_PRICE_PER_KW),
  epsilon: z
    .number({ error: (iss) => `a finite number ≥ 0 (relative revenue tolerance), got ${JSON.stringify(iss.input)}` })
    .min(0, { error: (iss) => `a finite number ≥ 0 (relative revenue tolerance), got ${String(iss.input)}` })
    .default(1e-6),
  attainTolerance: z
    .number({ error: (iss) => `a finite number ≥ 0 (relative gap between the exact supremum and the revenue attained), got ${JSON.stringify(iss.input)}` })
    .min(0, { error: (iss) => `a finite number ≥ 0 (relative gap between the exact supremum and the revenue attained), got ${String(iss.input)}` })
    .default(1e-4),
  exact: z.boolean({ error: (iss) => `true or false (the exact method for LP followers), got ${JSON.stringify(iss.input)}` }).default(true),
  exactMaxFollowers: count(1, 1000, 8),
  exactMaxRows: count(1, 1_000_000, 4000),
  exactMaxItems: count(10, 100_000, 2000),
  exactMaxSolves: count(100, 10_000_000, 20_000),
  gridPoints: count(2, 101, 9),
  starts: count(0, 20, 3),
  minStep: fraction("smallest pattern step of the multi-start, relative to the box's width", 1e-3),
  polishStep: fraction("smallest pattern step of the best point's finish, relative to the box's width", 1e-6),
  pushRounds: count(0, 10, 2),
  checkGridPoints: count(1, 101, 8),
  checkLocalPoints: count(2, 41, 7),
  checkSpan: fraction("half-width of the check's local grid, relative to the box's width", 0.05),
  rationing: z
    .enum(["forbidden", "pro-rata"], { error: (iss) => `"forbidden" (only prices at which every tenant gets what it asks for) or "pro-rata" (prices at which tenants are rationed too), got ${JSON.stringify(iss.input)}` })
    .default("forbidden")
    .describe("forbidden: only prices at which every tenant gets its best response; pro-rata: prices at which tenants are rationed count too"),
});

/** Validated Stackelberg parameters. */
export type StackelbergParams = z.output<typeof stackelbergParams>;

/** The revenue-maximising price of one resource on a block book (ties to the lower price). */
export function bookLeaderPrice(book: RentalBook, resource: RentalResource): { price: number; revenue: number; candidates: number } {
  const capacity = resource === "energy" ? book.offer.energyKWh : book.offer.powerKW;
  const reserve = resource === "energy" ? book.offer.reserve.cE : book.offer.reserve.cP;
  const ranked = rankBlocks(book.bids, resource);
  // Candidates ascending: the reserve, then every distinct block value above it.
  const values = [...new Set(ranked.map((b) => b.value).filter((v) => v > reserve))].sort((a, b) => a - b);
  const candidates = [reserve, ...values];
  let best = { price: reserve, revenue: -Infinity };
  for (const price of candidates) {
    let demand = 0;
    for (const b of ranked) if (b.value >= price) demand += b.quantity;
    const revenue = price * Math.min(capacity, demand);
    if (best.revenue === -Infinity || strictlyBetter(revenue, best.revenue)) best = { price, revenue };
  }
  return { ...best, candidates: candidates.length };
}

/** Clears a block book: exact leader prices per resource, then posted-style rationing at them. */
export function clearStackelbergBook(book: RentalBook): RentalClearing {
  const energy = bookLeaderPrice(book, "energy");
  const power = bookLeaderPrice(book, "power");
  const prices: RentalPrices = { cE: energy.price, cP: power.price };
  const clearing = rationRequests(STACKELBERG, book.offer, prices, blockRequests(book.bids, prices));
  return {
    ...clearing,
    meta: { ...clearing.meta, revenue: energy.revenue + power.revenue, candidates: { energy: energy.candidates, power: power.candidates } },
  };
}

/** What the exact method did (step 2 of the file header), for the rental record's meta. */
export interface ExactRecord {
  /** The supremum of the leader's revenue over the box, currency per period. */
  readonly supremum: number;
  /** The revenue of the chosen prices, just inside the best cell. */
  readonly attained: number;
  /** (supremum − attained) / supremum, ≥ 0: what the tenants' tie-breaking costs the leader. */
  readonly gap: number;
  /** The corner of the best cell (the supremum's prices). */
  readonly vertex: RentalPrices;
  /** Candidate corners evaluated. */
  readonly candidates: number;
  /** Menu items per follower, in the order of `round.followerLps()`. */
  readonly menuItems: readonly number[];
  /** LP solves the menus took (not logged queries: the followers' LPs solved as data). */
  readonly lpSolves: number;
  /** True when no follower rents at the box's top edges, so no price above the box earns anything. */
  readonly boxCertified: boolean;
  /** The gap within `attainTolerance` and the box certified: the result is the optimum over all prices ≥ the reserve, to that tolerance. */
  readonly certified: boolean;
}

/**
 * Margins by which the leader makes each follower prefer its response in the best cell, relative
 * to the follower's costs (at least 1 currency unit): the LP solver's tolerance is about 1e-7.
 */
export const ATTAIN_MARGINS: readonly number[] = [1e-8, 1e-7, 1e-6, 1e-5];
/** Steps from the best cell's corner along a direction into it, relative to the box's diagonal. */
export const ATTAIN_STEPS: readonly number[] = [1e-9, 1e-8, 1e-7, 1e-6, 1e-5];

/** Whether the menus rent no energy on the box's top c_E edge, and no power on its top c_P edge. */
function boxHolds(menus: readonly FollowerMenu[], box: SearchBox): { energy: boolean; power: boolean } {
  const at = (x: number, edge: number) => Math.abs(x - edge) <= 1e-12 * Math.max(1, Math.abs(edge));
  let energy = true;
  let power = true;
  for (const menu of menus) {
    menu.regions.forEach((region, k) => {
      const item = menu.items[k]!;
      if (item.energyKWh > 1e-9 && region.some((v) => at(v[0], box.high.cE))) energy = false;
      if (item.powerKW > 1e-9 && region.some((v) => at(v[1], box.high.cP))) power = false;
    });
  }
  return { energy, power };
}

/** Why the exact method does not apply to this round, or null when it does. */
function exactRefusal(lps: readonly FollowerLp[] | undefined, box: SearchBox, params: StackelbergParams): string | null {
  if (!params.exact) return "turned off (exact: false)";
  // A box without width (a ceiling at the reserve) leaves a line or a point: the search covers it.
  if (!(box.high.cE > box.low.cE) || !(box.high.cP > box.low.cP)) return "the box has no width in c_E or c_P";
  if (!lps) return "some tenant's best response is not an LP";
  if (lps.length > params.exactMaxFollowers) return `${lps.length} followers > exactMaxFollowers ${params.exactMaxFollowers}`;
  const rows = lps.reduce((s, f) => s + f.lp.constraints.length, 0);
  if (rows > params.exactMaxRows) return `${rows} follower LP rows > exactMaxRows ${params.exactMaxRows}`;
  return null;
}

/** Step 2 of the file header: menus on a certified box, the exact optimum, and the best point just inside its cell. */
function exactStep(
  prober: Prober,
  round: RentalRound,
  lps: readonly FollowerLp[],
  initial: SearchBox,
  params: StackelbergParams,
): { chosen: Probe; box: SearchBox; record: ExactRecord } | { refused: string } {
  const limits = { maxItems: params.exactMaxItems, maxSolves: params.exactMaxSolves };
  // Phase 1: menus, widening the box while a follower still rents at its top edge.
  let box = initial;
  let menus: FollowerMenu[] = [];
  let holds = { energy: true, power: true };
  for (let attempt = 0; ; attempt++) {
    menus = [];
    for (const f of lps) {
      const menu = followerMenu(f, box, limits);
      if (!("items" in menu)) return { refused: `follower ${menu.agent}: ${menu.reason}` };
      menus.push(menu);
    }
    holds = boxHolds(menus, box);
    // A ceiling given as a parameter is the box the user asked for: it is not widened.
    const widenE = !holds.energy && params.ceilingE === undefined;
    const widenP = !holds.power && params.ceilingP === undefined;
    if (attempt >= 2 || (!widenE && !widenP)) break;
    box = { low: box.low, high: { cE: widenE ? 2 * box.high.cE : box.high.cE, cP: widenP ? 2 * box.high.cP : box.high.cP } };
  }
  // Phase 2: the supremum, on a corner of the best cell.
  const optimum = exactLeaderOptimum(menus, round.offer, box, params.rationing);
  if (!optimum) return { refused: "no price pair in the box at which the tenants' requests fit the offer (rationing forbidden)" };
  // Phase 3: tenants are indifferent at the corner: ask the corner, points inside the cell where
  // each prefers its response by a margin (stackelberg-exact.ts), and points a step into the
  // cell along a direction into it (for cells too thin for any margin), and keep the best.
  const scale = menus.map((m) => Math.max(1, ...m.items.map((k) => Math.abs(k.cost))));
  const inside = pointsInsideCell(menus, optimum, round.offer, box, ATTAIN_MARGINS.map((r) => scale.map((c) => r * c)));
  const diagonal = Math.hypot(box.high.cE - box.low.cE, box.high.cP - box.low.cP);
  const norm = Math.hypot(optimum.direction[0], optimum.direction[1]) || 1;
  const stepped = ATTAIN_STEPS.map((step) => [optimum.vertex.cE + (step * diagonal * optimum.direction[0]) / norm, optimum.vertex.cP + (step * diagonal * optimum.direction[1]) / norm] as const);
  let chosen = prober.probe(optimum.vertex);
  for (const point of [...inside, ...stepped]) {
    if (!point) continue;
    const p = prober.probe(clampToBox(box, { cE: point[0], cP: point[1] }));
    if (strictlyBetter(p.score, chosen.score)) chosen = p;
  }
  const attained = chosen;
  const gap = optimum.supremum > 0 ? Math.max(0, (optimum.supremum - attained.revenue) / optimum.supremum) : 0;
  const boxCertified = holds.energy && holds.power;
  return {
    chosen: attained,
    box,
    record: {
      supremum: optimum.supremum,
      attained: attained.revenue,
      gap,
      vertex: optimum.vertex,
      candidates: optimum.candidates,
      menuItems: menus.map((m) => m.items.length),
      lpSolves: menus.reduce((s, m) => s + m.solves, 0),
      boxCertified,
      certified: boxCertified && gap <= params.attainTolerance,
    },
  };
}

/** Clears a round inside a simulation (file header, steps 1–4). */
export function clearStackelbergRound(round: RentalRound, params: StackelbergParams): RentalClearing {
  const { offer } = round;
  const prober = createProber(round, STACKELBERG, params.rationing);
  // Step 1: the box.
  let box = searchBox(prober, offer, params);
  // Step 2: exact where it applies.
  const lps = round.followerLps?.();
  let refusal = exactRefusal(lps, box, params);
  let exact: ExactRecord | null = null;
  let chosen: Probe | undefined;
  if (refusal === null) {
    const result = exactStep(prober, round, lps!, box, params);
    if ("refused" in result) refusal = result.refused;
    else ({ chosen, box, record: exact } = result);
  }
  // Step 3: the global search otherwise.
  let search: Record<string, unknown> | null = null;
  if (!chosen) {
    const result = globalSearch(prober, box, { energyKWh: offer.energyKWh, powerKW: offer.powerKW }, params);
    chosen = result.best;
    const upperBound = lps ? Math.min(lps.reduce((s, f) => s + followerRentBound(f, box.high), 0), box.high.cE * offer.energyKWh + box.high.cP * offer.powerKW) : null;
    search = { queries: result.queries, starts: result.starts, upperBound, whyNotExact: refusal };
  }
  // Rationing forbidden: a choice at which the tenants do not fit (a tie broken the other way at a
  // cell's corner) gives way to the best query at which they do.
  if (params.rationing === "forbidden" && !chosen.fits) {
    const fitting = bestProbe(prober.probes);
    if (fitting?.fits) chosen = fitting;
  }
  const queries = prober.probes.length;
  // Step 4: the check.
  const check = checkLeaderResult(prober, box, chosen, { epsilon: params.epsilon, gridPoints: params.checkGridPoints, localPoints: params.checkLocalPoints, localSpan: params.checkSpan });
  const clearing = rationRequests(STACKELBERG, offer, chosen.prices, chosen.requests);
  return {
    ...clearing,
    meta: {
      ...clearing.meta,
      method: exact ? "exact" : "search",
      prices: chosen.prices,
      revenue: chosen.revenue,
      rationing: params.rationing,
      fits: chosen.fits,
      box,
      queries,
      checkQueries: prober.probes.length - queries,
      epsilon: params.epsilon,
      checked: check.checked,
      check,
      ...(exact ? { exact } : { search }),
    },
  };
}

/** Stackelberg pricing: exact on block books; inside a simulation exact for small LP followers, else a logged global search; always checked. */
export function createStackelberg(params: Partial<StackelbergParams> = {}): RentalMechanism {
  const resolved = stackelbergParams.parse(params);
  return {
    name: STACKELBERG,
    clearBook: (book) => clearStackelbergBook(book),
    clear: (round) => clearStackelbergRound(round, resolved),
  };
}

/** Registry entry for Stackelberg pricing. */
export const stackelbergEntry = defineMechanism({
  name: STACKELBERG,
  kind: "rental",
  description: "The provider picks the revenue-maximising prices ≥ reserve given tenants' responses, only where what they ask for fits (rationing: forbidden) or rationing them pro rata (pro-rata).",
  properties: stackelbergProperties,
  params: stackelbergParams,
  create: (params) => createStackelberg(params),
});

import type { LinearProgram } from "../core/lp.js";
import type { RandomStream } from "../core/rng.js";
import type { PaymentReason } from "./payment-reasons.js";

/**
 * Types shared by every mechanism: order books, clearings, payments (DESIGN.md §3).
 * Mechanisms are pure functions of these inputs and a seeded stream.
 */

/** Participant id; `grid`, `market` and the provider id are accounts too. */
export type AgentId = string;

/** The ledger account of the grid (counterparty of last resort). */
export const GRID_ACCOUNT = "grid";
/** The ledger account of everything outside the market an agent pays for itself (fuel for its own generator …). */
export const EXTERNAL_ACCOUNT = "external";
/** The ledger account of the market operator (keeps spreads under pay-as-bid and the like). */
export const MARKET_ACCOUNT = "market";

/** One transfer of money; amounts are positive, in the scenario's currency. */
export interface Payment {
  readonly from: AgentId;
  readonly to: AgentId;
  readonly amount: number;
  /** Why the money moves (market/payment-reasons.ts). */
  readonly reason: PaymentReason;
}

/** A divisible energy order: demand the agent must meet or energy it must place (MODEL.md §5). */
export interface EnergyOrder {
  readonly agent: AgentId;
  readonly side: "buy" | "sell";
  /** Quantity, kWh, > 0. */
  readonly kWh: number;
  /** Limit price, currency/kWh. */
  readonly limit: number;
}

/** One step's energy order book with the grid prices that take what is not matched. */
export interface EnergyBook {
  readonly tariff: { readonly buy: number; readonly sell: number };
  readonly orders: readonly EnergyOrder[];
}

/** A matched quantity between one buyer and one seller. */
export interface EnergyTrade {
  readonly buyer: AgentId;
  readonly seller: AgentId;
  readonly kWh: number;
  /** What the buyer pays per kWh. */
  readonly buyerPrice: number;
  /** What the seller receives per kWh. */
  readonly sellerPrice: number;
}

/** An agent's position after clearing; `payment` > 0 when the agent pays on balance. */
export interface AgentSettlement {
  readonly peerBoughtKWh: number;
  readonly peerSoldKWh: number;
  readonly gridImportKWh: number;
  readonly gridExportKWh: number;
  readonly payment: number;
}

/** The result of clearing one energy book. */
export interface EnergyClearing {
  readonly mechanism: string;
  /** Named prices, e.g. `{ clearing: 0.2 }`; empty when there is no single price. */
  readonly prices: Readonly<Record<string, number>>;
  readonly trades: readonly EnergyTrade[];
  /** Keyed by agent id, one entry per agent with an order. */
  readonly settlement: Readonly<Record<AgentId, AgentSettlement>>;
  /** Money kept by the market operator (≥ 0 when weakly budget balanced). */
  readonly operatorSurplus: number;
  /** Every transfer implied, peer and grid, each with payer and payee. */
  readonly payments: readonly Payment[];
  readonly meta: Readonly<Record<string, unknown>>;
}

/** What a mechanism may use besides its input: a seeded stream for documented tie-breaks. */
export interface ClearingContext {
  readonly rng: RandomStream;
}

/** An energy clearing rule. */
export interface EnergyMechanism {
  readonly name: string;
  clear(book: EnergyBook, ctx: ClearingContext): EnergyClearing;
}

/** Rental prices per unit per rental period: c_E per kWh, c_P per kW. */
export interface RentalPrices {
  readonly cE: number;
  readonly cP: number;
}

/** A tenant's request for capacity at given prices (its best response). */
export interface RentalRequest {
  readonly agent: AgentId;
  readonly energyKWh: number;
  readonly powerKW: number;
  /**
   * The period cost the tenant expects at these prices, rent included, currency; present only
   * where the round asked for it (the queries that reveal bundle bids, sim/revealed-bundles.ts).
   */
  readonly expectedCost?: number;
}

/** What the provider puts on the market this period. */
export interface RentalOffer {
  readonly provider: AgentId;
  /** Energy capacity for rent, kWh. */
  readonly energyKWh: number;
  /** Power for rent, kW (may exceed P^max in pooled mode when overselling is allowed). */
  readonly powerKW: number;
  /** Reserve (floor) prices. */
  readonly reserve: RentalPrices;
}

/**
 * A block of a bid: `[quantity, value per unit per period]`. A bid's blocks are listed with
 * values non-increasing (MODEL.md §4).
 */
export type Block = readonly [quantity: number, value: number];

/**
 * An exclusive-or bundle `[energyKWh, powerKW, value]`: E kWh of capacity and P kW of power
 * together, worth `value` (currency per period) to the tenant as a whole. A tenant wins at most
 * one of its bundles (MODEL.md §4).
 */
export type Bundle = readonly [energyKWh: number, powerKW: number, value: number];

/**
 * A tenant's bid: blocks for energy capacity (kWh) and power (kW), valued per unit and cleared
 * per resource, or — when `bundles` is non-empty — exclusive-or bundles, cleared jointly (a bid
 * gives one form or the other; the block lists are then empty).
 */
export interface RentalBid {
  readonly agent: AgentId;
  readonly energy: readonly Block[];
  readonly power: readonly Block[];
  /** Exclusive-or bundles; absent or empty: the bid is its blocks. */
  readonly bundles?: readonly Bundle[];
}

/** A stand-alone rental book: the provider's offer and the tenants' block bids. */
export interface RentalBook {
  readonly offer: RentalOffer;
  /** Sorted by agent id. */
  readonly bids: readonly RentalBid[];
}

/** What a coalition of tenants achieves by pooling the storage for a period (cooperative rules). */
export interface CoalitionOutcome {
  /** The members' least total cost for the period, rent at reserve prices included. */
  readonly cost: number;
  /** The capacity each member uses in that optimum (E_i, P_i), sorted by agent id. */
  readonly allocation: readonly RentalRequest[];
  /** Each member's own share of `cost` in that optimum, by agent id. */
  readonly memberCosts: Readonly<Record<AgentId, number>>;
  /** The rent at reserve prices included in each member's `memberCosts`; absent means c_E·E_i + c_P·P_i of `allocation`. */
  readonly memberRents?: Readonly<Record<AgentId, number>>;
}

/** One follower's period LP as data: what its best response optimises (Stackelberg's bilevel programme). */
export interface FollowerLp {
  readonly agent: AgentId;
  /**
   * A minimisation priced at zero rent: at prices (c_E, c_P) the follower minimises this
   * objective + c_E·E + c_P·P over these constraints, E and P being the variables named below.
   */
  readonly lp: LinearProgram;
  /** Name of the rented energy capacity E in `lp`, kWh. */
  readonly energy: string;
  /** Name of the rented power P in `lp`, kW. */
  readonly power: string;
}

/** One rental round: the offer, the tenants, and ways to ask them for what each mechanism needs. */
export interface RentalRound {
  readonly period: number;
  readonly offer: RentalOffer;
  /** Tenant ids, sorted ascending. */
  readonly tenants: readonly AgentId[];
  /** Every tenant's best response to `prices`, sorted by agent id. */
  respond(prices: RentalPrices): readonly RentalRequest[];
  /** Every tenant's block bids (its demand curves for E and P), sorted by agent id. */
  bids(): readonly RentalBid[];
  /**
   * Every tenant's bundle bids (exclusive-or (E, P) bundles with values), sorted by agent id;
   * absent where a round cannot reveal them (mechanisms then fall back to `bids()`).
   */
  bundles?(): readonly RentalBid[];
  /**
   * The pooled optimum of a coalition (cooperative rules). `members` sorted; the empty
   * coalition costs 0. Inside a simulation this solves the members' joint LP.
   */
  coalition(members: readonly AgentId[]): CoalitionOutcome;
  /**
   * Every tenant's period LP, sorted by agent id, when every tenant's best response is an LP;
   * undefined when some tenant's is not (rule-based, learning). Absent: the round cannot tell.
   */
  followerLps?(): readonly FollowerLp[] | undefined;
  /**
   * As `respond` (logged alike), but LP tenants answer from persistent models kept for the
   * round and re-solved warm — the same best responses up to solver tolerance, except that a
   * tenant indifferent between several may name another of them. Absent: use `respond`.
   */
  respondWarm?(prices: RentalPrices): readonly RentalRequest[];
}

/** A cleared rental: what a tenant gets for the period and what it pays. */
export interface RentalContract {
  readonly tenant: AgentId;
  readonly energyKWh: number;
  readonly powerKW: number;
  /** Total paid for the period. */
  readonly payment: number;
}

/** The result of a rental round. */
export interface RentalClearing {
  readonly mechanism: string;
  /** Uniform prices, or null for mechanisms without a single price. */
  readonly prices: RentalPrices | null;
  /** Sorted by tenant id; tenants that rent nothing are left out. */
  readonly contracts: readonly RentalContract[];
  readonly payments: readonly Payment[];
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A rental clearing rule. */
export interface RentalMechanism {
  readonly name: string;
  clear(round: RentalRound, ctx: ClearingContext): RentalClearing;
  /** Clears a stand-alone block book (`sesame clear rental`); absent for rules that need agent models. */
  clearBook?(book: RentalBook, ctx: ClearingContext): RentalClearing;
  /** True when `clearBook` clears bundle bids (jointly); a book with bundles is refused by the others. */
  readonly clearsBundles?: boolean;
}

/** The economic properties a mechanism claims; tests check each claim. */
export interface MechanismProperties {
  readonly individuallyRational: boolean;
  /** strong: payments in = payments out; weak: the operator may keep a surplus ≥ 0. */
  readonly budgetBalance: "strong" | "weak" | "none";
  readonly truthful: boolean;
  /** Whether the allocation maximises declared surplus. */
  readonly efficient: boolean;
}

// Pre-optimisation reference copy (see index.ts): frozen, used only by test/market/clearing-equivalence.test.ts.
/**
 * The self-trading rule of every energy mechanism: **a book in which one agent has orders on
 * both sides is refused** (MODEL.md §5).
 *
 * Why refuse rather than net: an order is the agent's net position after storage, so a buy
 * and a sell of the same agent in one book say two contradictory things, and any netting would
 * have to invent which limit survives (cancel the dearest buy or the cheapest sell?) and would
 * change what grid-only charges. Matched as they stand, the agent would trade with itself
 * (a→a) and, under pay-as-bid or mcafee's reduction, pay the operator a spread on its own
 * energy. Refusing keeps every mechanism's result a function of well-formed books only.
 *
 * Where it applies:
 * - `sesame clear energy` refuses such a book while reading it (exit 2, naming the agent's
 *   first buy and first sell order: `orders[0]` and `orders[1]`);
 * - inside a simulation it cannot arise: every agent sends at most one order per step (its net
 *   position, sim/decisions.ts), so no book the engine builds has an agent on both sides; the
 *   check still runs in settlement (settle.ts), so a future change that broke this would stop
 *   the run rather than log a self-trade.
 * Every order counts, zero-kWh ones included: the rule is about the book, not about what trades.
 */
import { InputError, type InputIssue } from "../../../src/core/errors.js";
import type { AgentId, EnergyBook, EnergyOrder } from "../../../src/market/types.js";

/** An agent found on both sides of a book, with the index of its first buy and first sell order. */
export interface SelfTradingConflict {
  readonly agent: AgentId;
  readonly buyIndex: number;
  readonly sellIndex: number;
}

/** Every agent with orders on both sides, in order of its first order in the book. */
export function selfTradingConflicts(orders: readonly EnergyOrder[]): SelfTradingConflict[] {
  const firstBuy = new Map<AgentId, number>();
  const firstSell = new Map<AgentId, number>();
  const firstSeen: AgentId[] = [];
  orders.forEach((o, i) => {
    if (!firstBuy.has(o.agent) && !firstSell.has(o.agent)) firstSeen.push(o.agent);
    const side = o.side === "buy" ? firstBuy : firstSell;
    if (!side.has(o.agent)) side.set(o.agent, i);
  });
  return firstSeen.flatMap((agent) => {
    const buyIndex = firstBuy.get(agent);
    const sellIndex = firstSell.get(agent);
    return buyIndex === undefined || sellIndex === undefined ? [] : [{ agent, buyIndex, sellIndex }];
  });
}

/** One input issue per conflict, at the later of its two orders, naming both. */
export function selfTradingIssues(orders: readonly EnergyOrder[], path = "orders"): InputIssue[] {
  return selfTradingConflicts(orders).map(({ agent, buyIndex, sellIndex }) => ({
    path: `${path}[${Math.max(buyIndex, sellIndex)}]`,
    expected:
      `orders of one agent on one side only: agent ${JSON.stringify(agent)} buys in ${path}[${buyIndex}] and sells in ${path}[${sellIndex}]; ` +
      "self-trading is refused — state the agent's net position as one order",
  }));
}

/** Throws an InputError naming both orders of every agent that is on both sides of `book`. */
export function refuseSelfTrading(book: EnergyBook): void {
  const issues = selfTradingIssues(book.orders);
  if (issues.length > 0) throw new InputError(issues);
}

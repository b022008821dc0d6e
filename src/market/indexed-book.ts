import type { AgentId, EnergyBook } from "./types.js";

/**
 * An energy book as columns (issue 13, item 4): the hot paths of clearing (matching.ts,
 * energy/settle.ts, energy/pro-rata.ts) work on these typed arrays and small integer agent
 * ranks instead of order objects, Maps keyed by id and string compares of ids.
 *
 * Agents are ranked in code-unit order of their ids (compareIds), so comparing two ranks is
 * comparing the ids, and iterating ranks upwards visits agents in the order settlement keys
 * and payments are sorted by.
 */
export interface IndexedBook {
  readonly book: EnergyBook;
  /** Number of orders. */
  readonly n: number;
  /** Distinct agent ids in ascending code-unit order; an agent's rank is its index here. */
  readonly agents: readonly AgentId[];
  /** Rank of each id in `agents`. */
  readonly rankOf: ReadonlyMap<AgentId, number>;
  /** Per order: the agent's rank. */
  readonly agent: Int32Array;
  /** Per order: 1 for a buy, 0 for a sell. */
  readonly isBuy: Uint8Array;
  /** Per order: kWh. */
  readonly kWh: Float64Array;
  /** Per order: limit price. */
  readonly limit: Float64Array;
}

/** The columns of `book`; a mechanism indexes its book once and passes the result to matching and settlement. */
export function indexBook(book: EnergyBook): IndexedBook {
  const { orders } = book;
  const n = orders.length;
  const agent = new Int32Array(n);
  const isBuy = new Uint8Array(n);
  const kWh = new Float64Array(n);
  const limit = new Float64Array(n);
  const firstSeen = new Map<AgentId, number>();
  const seen: AgentId[] = [];
  for (let i = 0; i < n; i++) {
    const o = orders[i]!;
    let r = firstSeen.get(o.agent);
    if (r === undefined) {
      r = seen.length;
      firstSeen.set(o.agent, r);
      seen.push(o.agent);
    }
    agent[i] = r;
    isBuy[i] = o.side === "buy" ? 1 : 0;
    kWh[i] = o.kWh;
    limit[i] = o.limit;
  }
  let sorted = true;
  for (let r = 1; r < seen.length && sorted; r++) sorted = seen[r - 1]! < seen[r]!;
  let agents = seen;
  let rankOf: Map<AgentId, number> = firstSeen;
  if (!sorted) {
    // Books the engine builds list agents in id order, so this re-ranking is the rare path.
    // The default sort compares strings by UTF-16 code units: exactly compareIds, without a JS callback.
    agents = seen.slice().sort();
    rankOf = new Map(agents.map((a, r) => [a, r]));
    const remap = new Int32Array(seen.length);
    for (let r = 0; r < seen.length; r++) remap[r] = rankOf.get(seen[r]!)!;
    for (let i = 0; i < n; i++) agent[i] = remap[agent[i]!]!;
  }
  return { book, n, agents, rankOf, agent, isBuy, kWh, limit };
}

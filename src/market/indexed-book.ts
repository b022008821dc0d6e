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
  /** Rank of each id in `agents` (built on first use: the mechanisms never need it). */
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
  for (let i = 0; i < n; i++) {
    const o = orders[i]!;
    isBuy[i] = o.side === "buy" ? 1 : 0;
    kWh[i] = o.kWh;
    limit[i] = o.limit;
  }
  const agents = rankAgents(book, agent);
  let rankOf: Map<AgentId, number> | undefined;
  return {
    book,
    n,
    agents,
    get rankOf() {
      return (rankOf ??= new Map(agents.map((a, r) => [a, r])));
    },
    agent,
    isBuy,
    kWh,
    limit,
  };
}

/** Fills `agent` with each order's agent rank; returns the distinct ids in code-unit order. */
function rankAgents(book: EnergyBook, agent: Int32Array): AgentId[] {
  const { orders } = book;
  // Books the engine builds list agents in id order, each once: then ranks follow from comparing
  // neighbours, with no hashing of ids at all.
  const agents: AgentId[] = [];
  let sorted = true;
  for (let i = 0; i < orders.length; i++) {
    const id = orders[i]!.agent;
    const last = agents.length - 1;
    if (last >= 0 && id === agents[last]) {
      agent[i] = last;
    } else if (last < 0 || agents[last]! < id) {
      agent[i] = agents.push(id) - 1;
    } else {
      sorted = false;
      break;
    }
  }
  if (sorted) return agents;

  const firstSeen = new Map<AgentId, number>();
  const seen: AgentId[] = [];
  for (let i = 0; i < orders.length; i++) {
    const id = orders[i]!.agent;
    let r = firstSeen.get(id);
    if (r === undefined) {
      r = seen.push(id) - 1;
      firstSeen.set(id, r);
    }
    agent[i] = r;
  }
  // The default sort compares strings by UTF-16 code units: exactly compareIds, without a JS callback.
  const ranked = seen.slice().sort();
  const rankOf = new Map(ranked.map((a, r) => [a, r]));
  const remap = new Int32Array(seen.length);
  for (let r = 0; r < seen.length; r++) remap[r] = rankOf.get(seen[r]!)!;
  for (let i = 0; i < orders.length; i++) agent[i] = remap[agent[i]!]!;
  return ranked;
}

import type { AgentId, Payment } from "../types.js";
import { compareIds } from "../../core/ids.js";
import type { PaymentReason } from "../payment-reasons.js";

/**
 * The aggregation of ledger.ts's `aggregatePayments` — sums per (from, to, reason), negative
 * amounts flipped, zero sums dropped, sorted by from, to, reason in code-unit order — for
 * settlement's transfers held in columns of small integers: accounts by rank in code-unit order,
 * reasons by rank among `reasons`. Two stable counting sorts (by to·reasons + reason, then by
 * from) put equal keys next to each other in transfer order, so each sum adds the same amounts
 * in the same order as the Map of string keys did: the same bits, without building a string key
 * per transfer or sorting objects.
 */
export class PaymentColumns {
  private count = 0;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly reason: Uint8Array;
  private readonly amount: Float64Array;

  /** `accounts` sorted by compareIds and distinct; `reasons` likewise; room for `capacity` transfers. */
  constructor(
    private readonly accounts: readonly AgentId[],
    private readonly reasons: readonly PaymentReason[],
    capacity: number,
  ) {
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.reason = new Uint8Array(capacity);
    this.amount = new Float64Array(capacity);
  }

  /** Records a transfer of `amount` (may be negative: it then moves the other way). */
  add(from: number, to: number, amount: number, reason: number): void {
    const k = this.count++;
    const flip = amount < 0;
    this.from[k] = flip ? to : from;
    this.to[k] = flip ? from : to;
    this.reason[k] = reason;
    this.amount[k] = Math.abs(amount);
  }

  /** The aggregated payments, sorted (see the class comment). */
  payments(): Payment[] {
    const n = this.count;
    const A = this.accounts.length;
    const R = this.reasons.length;
    const byToReason = countingSort(n, A * R, (k) => this.to[k]! * R + this.reason[k]!, null);
    const order = countingSort(n, A, (k) => this.from[k]!, byToReason);
    const out: Payment[] = [];
    let j = 0;
    while (j < n) {
      const first = order[j]!;
      const f = this.from[first]!;
      const t = this.to[first]!;
      const r = this.reason[first]!;
      let sum = 0;
      while (j < n) {
        const k = order[j]!;
        if (this.from[k] !== f || this.to[k] !== t || this.reason[k] !== r) break;
        sum += this.amount[k]!;
        j++;
      }
      if (sum > 0) out.push({ from: this.accounts[f]!, to: this.accounts[t]!, reason: this.reasons[r]!, amount: sum });
    }
    return out;
  }
}

/** Stable counting sort of the items `input` (or 0 … n−1) by `key` ∈ [0, range). */
function countingSort(n: number, range: number, key: (k: number) => number, input: Int32Array | null): Int32Array {
  const start = new Int32Array(range + 1);
  for (let k = 0; k < n; k++) start[key(k) + 1]!++;
  for (let v = 0; v < range; v++) start[v + 1]! += start[v]!;
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const k = input === null ? j : input[j]!;
    out[start[key(k)]!++] = k;
  }
  return out;
}

/**
 * The accounts of a settlement: the agents (already in code-unit order) merged with `extra`
 * accounts (grid, market), an agent of the same name sharing the account — as string keys did.
 * Returns the accounts and each agent's and each extra's rank among them. Each extra is placed
 * by binary search, so the agents' ids are compared O(log n) times, not once each.
 */
export function mergeAccounts(agents: readonly AgentId[], extra: readonly AgentId[]): { accounts: AgentId[]; agentAccount: Int32Array; extraAccount: number[] } {
  const specials = [...new Set(extra)].sort(compareIds);
  // Where each special goes among the agents, and whether an agent already has its name.
  const at = specials.map((id) => {
    let lo = 0;
    let hi = agents.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (agents[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return { id, pos: lo, shared: lo < agents.length && agents[lo] === id };
  });
  const accounts: AgentId[] = agents.slice();
  const agentAccount = new Int32Array(agents.length);
  for (let a = 0; a < agents.length; a++) agentAccount[a] = a;
  const rankOfSpecial = new Map<AgentId, number>();
  let inserted = 0;
  for (const { id, pos, shared } of at) {
    rankOfSpecial.set(id, pos + inserted);
    if (shared) continue;
    accounts.splice(pos + inserted, 0, id);
    for (let a = pos; a < agents.length; a++) agentAccount[a]!++;
    inserted++;
  }
  return { accounts, agentAccount, extraAccount: extra.map((e) => rankOfSpecial.get(e)!) };
}

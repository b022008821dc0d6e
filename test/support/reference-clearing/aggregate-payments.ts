import type { AgentId, Payment } from "../../../src/market/types.js";
import { compareIds } from "../../../src/core/ids.js";
import type { PaymentReason } from "../../../src/market/payment-reasons.js";

/** Pre-optimisation copy of ledger.ts aggregatePayments (reference only). */
/**
 * Sums transfers per (from, to, reason) so a log stays small and stable. A negative amount
 * (a negative price) becomes a positive one in the other direction; zero sums are dropped.
 * Sorted by from, to, reason in code-unit order.
 */
export function aggregatePayments(transfers: readonly Payment[]): Payment[] {
  // Accumulators are private to this call, so they are updated in place (this runs on every step's every order).
  const sums = new Map<string, { from: AgentId; to: AgentId; reason: PaymentReason; amount: number }>();
  for (const t of transfers) {
    const flip = t.amount < 0;
    const from = flip ? t.to : t.from;
    const to = flip ? t.from : t.to;
    const key = `${from}\u0000${to}\u0000${t.reason}`;
    const sum = sums.get(key);
    if (sum) sum.amount += Math.abs(t.amount);
    else sums.set(key, { from, to, reason: t.reason, amount: Math.abs(t.amount) });
  }
  return [...sums.values()]
    .filter((p) => p.amount > 0)
    .sort((a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to) || compareIds(a.reason, b.reason));
}

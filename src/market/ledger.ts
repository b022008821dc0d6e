import type { AgentId, Payment } from "./types.js";
import { compareIds } from "../core/ids.js";
import type { PaymentReason } from "./payment-reasons.js";

/**
 * Double-entry bookkeeping over payments: every amount leaves one account and enters
 * another, so net flows over all accounts (agents, grid, market, provider) sum to zero.
 */

/** Why each payment moves: defined in its own file, which the agents may import too (they cannot import the ledger). */
export { PaymentReason } from "./payment-reasons.js";

/** Relative tolerance for money sums: |Σ net flows| ≤ this × max(1, Σ amounts). */
export const MONEY_TOLERANCE = 1e-9;

/** Net flow per account: received − paid. Accounts appear in order of first mention. */
export function netFlows(payments: readonly Payment[]): Map<AgentId, number> {
  const net = new Map<AgentId, number>();
  for (const p of payments) {
    net.set(p.from, (net.get(p.from) ?? 0) - p.amount);
    net.set(p.to, (net.get(p.to) ?? 0) + p.amount);
  }
  return net;
}

/** New balances after `payments`; `balances` is left untouched. Missing accounts start at 0. */
export function applyPayments(balances: Readonly<Record<string, number>>, payments: readonly Payment[]): Record<string, number> {
  return applyNetFlows(balances, netFlows(payments));
}

/** New balances after net flows already computed by {@link netFlows}; `balances` is left untouched. */
export function applyNetFlows(balances: Readonly<Record<string, number>>, flows: ReadonlyMap<AgentId, number>): Record<string, number> {
  const out = new Map<string, number>(Object.entries(balances));
  for (const [account, flow] of flows) out.set(account, (out.get(account) ?? 0) + flow);
  // fromEntries defines own properties: an account named "__proto__" stays an ordinary key.
  return Object.fromEntries(out);
}

/** Everything wrong with `payments`, one message each, naming the payment; empty when sound. */
export function ledgerViolations(payments: readonly Payment[]): string[] {
  const problems: string[] = [];
  payments.forEach((p, i) => {
    const name = `payment[${i}] ${p.from} → ${p.to} (${p.reason})`;
    if (!Number.isFinite(p.amount)) problems.push(`${name}: amount is not finite (${p.amount})`);
    else if (p.amount < 0) problems.push(`${name}: amount is negative (${p.amount})`);
    if (p.from === p.to) problems.push(`${name}: payer and payee are the same account`);
  });
  let total = 0;
  let volume = 0;
  for (const flow of netFlows(payments).values()) total += flow;
  for (const p of payments) volume += Math.abs(p.amount);
  if (Number.isFinite(total) && Math.abs(total) > MONEY_TOLERANCE * Math.max(1, volume)) {
    problems.push(`net flows sum to ${total}, not 0`);
  }
  return problems;
}

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

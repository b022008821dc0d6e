import { createStream } from "../src/core/rng.js";
import { createEnergyMechanism, listMechanisms } from "../src/market/index.js";
import type { EnergyBook, EnergyOrder } from "../src/market/types.js";

/**
 * Energy clearing of 1k, 10k and 100k orders for every registered energy mechanism, against
 * the time it takes just to sort the same orders by limit (the floor any matching pays).
 * Books are random, from a fixed seed; each figure is the median of several repetitions.
 */
export function benchEnergyClearing(sizes: readonly number[] = [1_000, 10_000, 100_000]): { lines: string[]; largest: { orders: number; sortMs: number; worst: { name: string; ms: number } } } {
  const lines: string[] = [];
  let largest = { orders: 0, sortMs: 0, worst: { name: "", ms: 0 } };
  const names = listMechanisms().filter((m) => m.kind === "energy").map((m) => m.name);
  lines.push(`energy clearing (median ms)  ${["orders", "sort only", ...names].map((h) => h.padStart(10)).join(" ")}`);
  for (const n of sizes) {
    const book = randomBook(n);
    const reps = n >= 100_000 ? 3 : n >= 10_000 ? 7 : 21;
    const sortMs = median(reps, () => {
      const buys = book.orders.filter((o) => o.side === "buy").sort((a, b) => b.limit - a.limit);
      const sells = book.orders.filter((o) => o.side === "sell").sort((a, b) => a.limit - b.limit);
      return buys.length + sells.length;
    });
    const cells = names.map((name) => {
      const mechanism = createEnergyMechanism(name, {});
      return median(reps, () => mechanism.clear(book, { rng: createStream("bench", name) }).trades.length);
    });
    lines.push(`${"".padStart(28)}  ${[String(n), sortMs.toFixed(2), ...cells.map((c) => c.toFixed(2))].map((c) => c.padStart(10)).join(" ")}`);
    const worst = cells.reduce((w, ms, i) => (ms > w.ms ? { name: names[i]!, ms } : w), { name: "", ms: -1 });
    if (n >= largest.orders) largest = { orders: n, sortMs, worst };
  }
  return { lines, largest };
}

function randomBook(n: number): EnergyBook {
  const rng = createStream("bench", `book:${n}`);
  const orders: EnergyOrder[] = [];
  for (let i = 0; i < n; i++) {
    orders.push({
      agent: `a${String(i).padStart(6, "0")}`,
      side: rng.next() < 0.5 ? "buy" : "sell",
      kWh: 0.1 + rng.next() * 5,
      limit: 0.08 + rng.next() * 0.24,
    });
  }
  return { tariff: { buy: 0.32, sell: 0.08 }, orders };
}

function median(reps: number, work: () => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

import type { IndexedBook } from "./indexed-book.js";

/**
 * Matching priority of one side of an indexed book (MODEL.md §5): buys by limit descending,
 * sells ascending, then agent id, then book position — sorted as packed numeric keys on a
 * Float64Array, which V8 sorts natively, instead of objects with a three-level JS comparator.
 *
 * A key is (limit rank · agents + agent rank) · orders + position: limits are replaced by their
 * rank among the side's distinct limits (so −0 and 0 tie, as `x − y` made them tie), and every
 * part is a small integer, so the key is an exact integer while it stays below 2^53. Books
 * too big for that fall back to the comparator, which gives the same (total) order.
 */
export function rankSide(ib: IndexedBook, buy: boolean): Int32Array {
  const { n, isBuy, limit, agent } = ib;
  const want = buy ? 1 : 0;
  let m = 0;
  for (let i = 0; i < n; i++) if (isBuy[i] === want) m++;
  const idx = new Int32Array(m);
  const limits = new Float64Array(m);
  for (let i = 0, j = 0; i < n; i++) {
    if (isBuy[i] === want) {
      idx[j] = i;
      limits[j] = limit[i]!;
      j++;
    }
  }
  if (m <= 1) return idx;

  const distinct = limits.slice().sort();
  let L = 0;
  for (let j = 0; j < m; j++) if (L === 0 || distinct[j] !== distinct[L - 1]) distinct[L++] = distinct[j]!;
  const A = ib.agents.length;
  if (L * A * m >= Number.MAX_SAFE_INTEGER) return comparatorRank(ib, idx, buy);

  const keys = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const x = limits[j]!;
    let lo = 0;
    let hi = L - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    const limitKey = buy ? L - 1 - lo : lo;
    keys[j] = (limitKey * A + agent[idx[j]!]!) * m + j;
  }
  keys.sort();
  const out = new Int32Array(m);
  for (let j = 0; j < m; j++) out[j] = idx[keys[j]! % m]!;
  return out;
}

/** The same order by a comparator, for books whose packed keys would not be exact. */
function comparatorRank(ib: IndexedBook, idx: Int32Array, buy: boolean): Int32Array {
  const { limit, agent } = ib;
  const sign = buy ? -1 : 1;
  return Int32Array.from(Array.from(idx).sort((x, y) => sign * (limit[x]! - limit[y]!) || agent[x]! - agent[y]! || x - y));
}

import type { IndexedBook } from "./indexed-book.js";

/**
 * Matching priority of one side of an indexed book (MODEL.md §5): buys by limit descending,
 * sells ascending, then agent id, then book position — by a stable LSD radix sort on the limits'
 * bits over typed arrays, instead of sorting objects with a three-level JS comparator.
 *
 * Why it is the same order: the orders enter the radix passes sorted by (agent rank, position)
 * (already so when the book lists agents in id order, else by one counting sort), and every
 * pass is stable, so orders of equal limit keep that order. A limit's key is its IEEE-754 bits
 * made order-preserving as an unsigned integer (complemented for buys, which go high to low),
 * with −0 read as 0 so the two tie, as `x − y` made them tie.
 */
export function rankSide(ib: IndexedBook, buy: boolean): Int32Array {
  const { n, isBuy, limit, agent } = ib;
  const want = buy ? 1 : 0;
  let m = 0;
  for (let i = 0; i < n; i++) if (isBuy[i] === want) m++;
  let order: Int32Array = new Int32Array(m);
  let agentSorted = true;
  for (let i = 0, j = 0, last = -1; i < n; i++) {
    if (isBuy[i] !== want) continue;
    order[j++] = i;
    if (agent[i]! < last) agentSorted = false;
    last = agent[i]!;
  }
  if (m <= 1) return order;
  if (!agentSorted) order = byAgent(ib, order);

  // Order-preserving unsigned keys, split into the high and low 32 bits.
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let j = 0; j < m; j++) {
    const i = order[j]!;
    bits[0] = limit[i]! + 0; // −0 + 0 is +0
    let h = words[1]!;
    let l = words[0]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    if (buy) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }

  let scratch: Int32Array = new Int32Array(m);
  const count = new Int32Array(257);
  for (let pass = 0; pass < 8; pass++) {
    const word = pass < 4 ? lo : hi;
    const shift = (pass & 3) * 8;
    count.fill(0);
    for (let j = 0; j < m; j++) count[((word[order[j]!]! >>> shift) & 0xff) + 1]!++;
    // A digit every key shares (most exponent bits) leaves the order as it is.
    if (count[((word[order[0]!]! >>> shift) & 0xff) + 1] === m) continue;
    for (let d = 0; d < 256; d++) count[d + 1]! += count[d]!;
    for (let j = 0; j < m; j++) {
      const i = order[j]!;
      scratch[count[(word[i]! >>> shift) & 0xff]!++] = i;
    }
    const t = order;
    order = scratch;
    scratch = t;
  }
  return order;
}

/** `order` (book positions, ascending) stably sorted by agent rank: a counting sort. */
function byAgent(ib: IndexedBook, order: Int32Array): Int32Array {
  const A = ib.agents.length;
  const start = new Int32Array(A + 1);
  for (let j = 0; j < order.length; j++) start[ib.agent[order[j]!]! + 1]!++;
  for (let a = 0; a < A; a++) start[a + 1]! += start[a]!;
  const out = new Int32Array(order.length);
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    out[start[ib.agent[i]!]!++] = i;
  }
  return out;
}

/**
 * Summary statistics over replicates: the mean and its two-sided 95 % confidence interval by
 * Student's t (replicates are independent runs with derived seeds, so their mean's error is
 * estimated from their spread), and differences against a reference — paired (the mean of
 * per-replicate differences) or unpaired (Welch).
 */

/**
 * A mean with its 95 % interval over `n` values; low = high = mean when n < 2 (a placeholder,
 * not an interval: print and serialise through {@link meanEstimate}, which nulls them).
 */
export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 when n < 2. */
  readonly sd: number;
  readonly low: number;
  readonly high: number;
}

/** t_{0.975, df} for df = 1 … 30 (standard tables). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074,
  2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
/** Beyond 30: t_{0.975} at df 40, 60, 120 and ∞. */
const T975_TAIL: readonly (readonly [number, number])[] = [
  [30, 2.042],
  [40, 2.021],
  [60, 2.0],
  [120, 1.98],
  [Infinity, 1.96],
];

/** The 97.5 % quantile of Student's t with `df` degrees of freedom (table; interpolated in 1/df beyond 30). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new Error(`tQuantile975: df must be ≥ 1, got ${df}`);
  if (df <= 30) return T975[Math.floor(df) - 1]!;
  for (let i = 1; i < T975_TAIL.length; i++) {
    const [hiDf, hiT] = T975_TAIL[i]!;
    const [loDf, loT] = T975_TAIL[i - 1]!;
    if (df <= hiDf) {
      // Linear in 1/df, as tables are meant to be read.
      const w = (1 / loDf - 1 / df) / (1 / loDf - (hiDf === Infinity ? 0 : 1 / hiDf));
      return loT + w * (hiT - loT);
    }
  }
  return 1.96;
}

/** Mean and 95 % t-interval of `values` (non-finite values are an error: a metric that failed must be dropped before). */
export function meanInterval(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { n: 0, mean: NaN, sd: 0, low: NaN, high: NaN };
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`meanInterval: non-finite value ${v}`);
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { n, mean, sd: 0, low: mean, high: mean };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, low: mean - half, high: mean + half };
}

/**
 * A mean with its 95 % interval as SESAME prints and writes it: with fewer than two values
 * there is no spread to estimate an interval from, so the bounds (and the sd) are null rather
 * than the mean twice — `[x, x]` would read as certainty.
 */
export interface MeanEstimate {
  readonly n: number;
  /** null when n = 0. */
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); null when n < 2. */
  readonly sd: number | null;
  /** Bounds of the 95 % t-interval; null when n < 2. */
  readonly low: number | null;
  readonly high: number | null;
}

/** The estimate of a {@link MeanInterval}: the same figures, with no bounds or sd when n < 2. */
export function meanEstimate(m: MeanInterval): MeanEstimate {
  if (m.n === 0) return { n: 0, mean: null, sd: null, low: null, high: null };
  if (m.n < 2) return { n: m.n, mean: m.mean, sd: null, low: null, high: null };
  return { n: m.n, mean: m.mean, sd: m.sd, low: m.low, high: m.high };
}

/**
 * A difference between a group and a reference (group − reference) with its 95 % interval
 * when there is one.
 */
export interface DifferenceEstimate {
  /** Paired: the pairs; unpaired: the group's values. */
  readonly n: number;
  /** Paired: the pairs again; unpaired: the reference's values. */
  readonly nReference: number;
  /** The mean difference; null when there is nothing to compare. */
  readonly mean: number | null;
  /** Bounds of the 95 % t-interval; null without one (a single pair, or a side with one value). */
  readonly low: number | null;
  readonly high: number | null;
  /** Degrees of freedom of the t quantile used; null without an interval. */
  readonly df: number | null;
}

/**
 * Mean and 95 % t-interval (n − 1 degrees of freedom) of paired differences: each value is one
 * pair's group − reference, so the pairs' shared noise has cancelled before the spread is taken.
 */
export function pairedDifference(differences: readonly number[]): DifferenceEstimate {
  const m = meanEstimate(meanInterval(differences));
  return { n: m.n, nReference: m.n, mean: m.mean, low: m.low, high: m.high, df: m.low === null ? null : m.n - 1 };
}

/**
 * The difference of two independent samples' means (values − reference) with Welch's 95 %
 * interval: standard error √(s₁²/n₁ + s₂²/n₂), degrees of freedom by Welch–Satterthwaite
 * (read from the t table rounded down, which widens the interval slightly). No interval unless
 * both sides have at least two values. When both samples have no spread the Welch df is 0/0;
 * the interval is then the point itself, with the pooled df n₁ + n₂ − 2.
 */
export function welchDifference(values: readonly number[], reference: readonly number[]): DifferenceEstimate {
  const a = meanInterval(values);
  const b = meanInterval(reference);
  const base = { n: a.n, nReference: b.n };
  if (a.n === 0 || b.n === 0) return { ...base, mean: null, low: null, high: null, df: null };
  const mean = a.mean - b.mean;
  if (a.n < 2 || b.n < 2) return { ...base, mean, low: null, high: null, df: null };
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { ...base, mean, low: mean, high: mean, df: a.n + b.n - 2 };
  // Welch's df is never below min(n₁, n₂) − 1, its conservative bound: that bound stands in
  // when rounding takes the formula just under it, or when squares of tiny variances underflow
  // to 0/0.
  const welch = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const df = Number.isFinite(welch) ? Math.max(welch, Math.min(a.n, b.n) - 1) : Math.min(a.n, b.n) - 1;
  const half = tQuantile975(df) * se;
  return { ...base, mean, low: mean - half, high: mean + half, df };
}

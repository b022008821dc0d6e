/**
 * Summary statistics over replicates: the mean and its two-sided 95 % confidence interval by
 * Student's t (replicates are independent runs with derived seeds, so their mean's error is
 * estimated from their spread).
 */

/** A mean with its 95 % interval over `n` values; low = high = mean when n < 2. */
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

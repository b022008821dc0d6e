import type { Calendar } from "../calendar.js";
import { localHourMid } from "../calendar.js";
import type { RandomStream } from "../rng.js";
import { ar1Noise, correlationPerStep } from "./noise.js";

/** Parameters of the data-center IT load generator. */
export interface DatacenterItLoadParams {
  /** Mean IT load, kW. */
  readonly meanKW: number;
  /** Diurnal amplitude of the interactive part as a fraction of its mean (0–1). */
  readonly swing: number;
  /** Local hour at which interactive load peaks. */
  readonly peakHour: number;
  /** Share of the mean that is steady batch work; default {@link DEFAULT_BATCH_SHARE}. */
  readonly batchShare?: number;
}

/** Batch share when none is given: a third of IT load is steady batch work, a common order of magnitude. */
export const DEFAULT_BATCH_SHARE = 0.3;
/** Data-center load is smooth: small relative noise, strongly correlated hour to hour. */
const NOISE_SD = 0.03;
const NOISE_RHO_HOURLY = 0.8;

/**
 * An IT load profile, kW, one value per step: meanKW × [(1 − b)(1 + swing·cos(2π(h − peakHour)/24)) + b]
 * × (1 + small correlated noise), never negative. The cosine has mean zero over a day, so the
 * mean is meanKW.
 */
export function datacenterItLoad(params: DatacenterItLoadParams, calendar: Calendar, rng: RandomStream): Float64Array {
  const batch = params.batchShare ?? DEFAULT_BATCH_SHARE;
  const noise = ar1Noise(calendar.steps, correlationPerStep(NOISE_RHO_HOURLY, calendar.stepHours), rng);
  const out = new Float64Array(calendar.steps);
  for (let t = 0; t < calendar.steps; t++) {
    const hour = localHourMid(calendar, t);
    const interactive = 1 + params.swing * Math.cos((2 * Math.PI * (hour - params.peakHour)) / 24);
    const shape = (1 - batch) * interactive + batch;
    out[t] = Math.max(0, params.meanKW * shape * (1 + NOISE_SD * noise[t]!));
  }
  return out;
}

import type { Calendar } from "../calendar.js";
import type { RandomStream } from "../rng.js";
import { weeklyShapedLoad } from "./noise.js";

/** Parameters of the industrial (shift-work) load generator. */
export interface IndustrialLoadParams {
  /** Mean load over a week, kW. */
  readonly meanKW: number;
  /** Eight-hour shifts worked per day: 1 (06–14), 2 (06–22) or 3 (round the clock). */
  readonly shifts: 1 | 2 | 3;
  /** Load when no shift runs, as a fraction of the in-shift load (0–1): furnaces, compressors, lighting. */
  readonly baseShare: number;
  /** Weekend activity as a fraction of a weekday's in-shift load above base (0–1). */
  readonly weekendShare: number;
}

/** Plants are smooth: small noise, strongly correlated. */
const NOISE_SD = 0.05;
const NOISE_RHO_HOURLY = 0.85;
/** First shift starts at this local hour. */
const FIRST_SHIFT_HOUR = 6;
const EDGE_HOURS = 0.3;

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

type Shape = Pick<IndustrialLoadParams, "shifts" | "baseShare" | "weekendShare">;

/** Whether shift work runs at a local hour (soft edges), 0–1. */
function inShift(hour: number, shifts: 1 | 2 | 3): number {
  if (shifts === 3) return 1;
  const end = FIRST_SHIFT_HOUR + 8 * shifts;
  return logistic((hour - FIRST_SHIFT_HOUR) / EDGE_HOURS) * logistic((end - hour) / EDGE_HOURS);
}

function rawShape(hour: number, weekend: boolean, p: Shape): number {
  const activity = inShift(hour, p.shifts) * (weekend ? p.weekendShare : 1);
  return p.baseShare + (1 - p.baseShare) * activity;
}

function weeklyMean(p: Shape): number {
  const n = 24 * 200;
  let weekday = 0;
  let weekend = 0;
  for (let i = 0; i < n; i++) {
    const h = ((i + 0.5) * 24) / n;
    weekday += rawShape(h, false, p);
    weekend += rawShape(h, true, p);
  }
  return (5 * weekday + 2 * weekend) / (7 * n);
}

/** The plant's shape at a local hour, with mean 1 over a week. */
export function industrialShape(hour: number, weekend: boolean, p: Shape): number {
  return rawShape(hour, weekend, p) / weeklyMean(p);
}

/**
 * An industrial load profile, kW, one value per step: a high base (baseShare of the in-shift
 * load) plus shift work over `shifts` eight-hour shifts from 06:00, reduced at weekends by
 * weekendShare, scaled so the weekly mean is meanKW, × (1 + small correlated noise), never
 * negative. Flatter than commercial load. Draws one normal per step from `rng`.
 */
export function industrialLoad(params: IndustrialLoadParams, calendar: Calendar, rng: RandomStream): Float64Array {
  return weeklyShapedLoad(params.meanKW, (hour, weekend) => industrialShape(hour, weekend, params), calendar, rng, { sd: NOISE_SD, rhoHourly: NOISE_RHO_HOURLY });
}

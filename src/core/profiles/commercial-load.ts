import type { Calendar } from "../calendar.js";
import type { RandomStream } from "../rng.js";
import { weeklyShapedLoad } from "./noise.js";

/** Parameters of the commercial (office) load generator. */
export interface CommercialLoadParams {
  /** Mean load over a week, kW. */
  readonly meanKW: number;
  /** Local hour the office opens (weekdays). */
  readonly openHour: number;
  /** Local hour the office closes (weekdays), after openHour. */
  readonly closeHour: number;
  /** Load outside office hours and at weekends as a fraction of the office-hours load (0–1). */
  readonly baseShare: number;
}

/** Offices are less noisy than households. */
const NOISE_SD = 0.08;
const NOISE_RHO_HOURLY = 0.7;
/** Width of the morning ramp-up and evening ramp-down, hours (logistic scale). */
const EDGE_HOURS = 0.6;

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Unnormalised shape: base share, rising to 1 over office hours on weekdays (smooth edges). */
function rawShape(hour: number, weekend: boolean, p: Pick<CommercialLoadParams, "openHour" | "closeHour" | "baseShare">): number {
  if (weekend) return p.baseShare;
  const open = logistic((hour - p.openHour) / EDGE_HOURS) * logistic((p.closeHour - hour) / EDGE_HOURS);
  return p.baseShare + (1 - p.baseShare) * open;
}

/** Mean of the raw shape over a week of five weekdays and two weekend days. */
function weeklyMean(p: Pick<CommercialLoadParams, "openHour" | "closeHour" | "baseShare">): number {
  const n = 24 * 200;
  let weekday = 0;
  for (let i = 0; i < n; i++) weekday += rawShape(((i + 0.5) * 24) / n, false, p);
  return (5 * (weekday / n) + 2 * p.baseShare) / 7;
}

/** The office's shape at a local hour, with mean 1 over a week (5 weekdays, 2 weekend days). */
export function commercialShape(hour: number, weekend: boolean, p: Pick<CommercialLoadParams, "openHour" | "closeHour" | "baseShare">): number {
  return rawShape(hour, weekend, p) / weeklyMean(p);
}

/**
 * A commercial (office) load profile, kW, one value per step: base load at night and at
 * weekends, a plateau over weekday office hours [openHour, closeHour) with smooth edges,
 * scaled so the weekly mean is meanKW, × (1 + correlated noise), never negative.
 * Draws one normal per step from `rng`.
 */
export function commercialLoad(params: CommercialLoadParams, calendar: Calendar, rng: RandomStream): Float64Array {
  return weeklyShapedLoad(params.meanKW, (hour, weekend) => commercialShape(hour, weekend, params), calendar, rng, { sd: NOISE_SD, rhoHourly: NOISE_RHO_HOURLY });
}

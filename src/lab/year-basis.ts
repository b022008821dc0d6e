import { HOURS_PER_YEAR, type Calendar } from "../core/calendar.js";

/**
 * What a yearly figure (NPV, IRR, payback, a yearly cash flow) was estimated from (MODEL.md §7):
 * a run shorter than a year stands for a whole year, every simulated day weighted equally, so
 * its figure is an extrapolation and says so wherever it appears — "extrapolated from 2 days
 * (June)" — for a reader to judge how much a week of June says about January.
 */
export interface YearBasis {
  /** Hours simulated. */
  readonly hours: number;
  /** Whether the span is shorter than a year, so the yearly figure is scaled up from it. */
  readonly extrapolated: boolean;
  /** The local calendar months the span touches, e.g. ["June"]. */
  readonly months: readonly string[];
  /** One line for a reader: "a full year (8,760 h)" or "extrapolated from 7 days (June)". */
  readonly description: string;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const HOUR_MS = 3_600_000;

/** The basis of yearly figures from the first `steps` steps of `calendar`. */
export function yearBasisOf(calendar: Pick<Calendar, "start" | "stepHours" | "utcOffsetHours">, steps: number): YearBasis {
  const hours = steps * calendar.stepHours;
  const months = monthsSpanned(calendar, hours);
  const extrapolated = hours < HOURS_PER_YEAR;
  return { hours, extrapolated, months, description: extrapolated ? `extrapolated from ${spanText(hours)} (${months.join(", ")})` : `${spanText(hours)} simulated` };
}

/** "2 days", "36 hours", "1 year" — the span a reader can picture. */
function spanText(hours: number): string {
  if (hours >= HOURS_PER_YEAR && hours % HOURS_PER_YEAR === 0) return hours === HOURS_PER_YEAR ? "a full year" : `${hours / HOURS_PER_YEAR} years`;
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  return `${Number(hours.toPrecision(6))} hours`;
}

/** The distinct local months the span [start, start + hours) touches, in order (at most the twelve). */
function monthsSpanned(calendar: Pick<Calendar, "start" | "utcOffsetHours">, hours: number): string[] {
  const start = Date.parse(calendar.start) + calendar.utcOffsetHours * HOUR_MS;
  const end = start + Math.max(0, hours) * HOUR_MS - 1;
  const names: string[] = [];
  const first = new Date(start);
  const cursor = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
  for (let guard = 0; guard < 13 && cursor.getTime() <= end; guard++) {
    const name = MONTHS[cursor.getUTCMonth()]!;
    if (!names.includes(name)) names.push(name);
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return names;
}

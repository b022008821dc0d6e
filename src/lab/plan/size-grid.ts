import { z } from "zod";
import { InputError } from "../../core/errors.js";
import type { BatterySize } from "../../agents/storage-provider.js";

/**
 * The sizes a plan searches (docs/planning.md, "The search"): one axis of energy capacities
 * E (kWh) and one of powers P (kW), every combination evaluated on the coarse grid, then
 * refined around the best point.
 *
 * On the command line, `--grid E=0:8000:9,P=0:2000:9`: an axis is `from:to:points` (points
 * evenly spaced from `from` to `to`, both included), one number (the axis is fixed), or a list
 * of numbers (`E=1000,2000,4000`: a token without `E=`/`P=` adds to the axis before it). An
 * axis left out spans 0 to twice the scenario's rating in 5 points.
 */

/** One axis: evenly spaced points, or the values given. */
export type AxisSpec = { readonly from: number; readonly to: number; readonly points: number } | { readonly values: readonly number[] };

/** The coarse grid: an axis of energy capacities (kWh) and one of powers (kW). */
export interface SizeGridSpec {
  readonly energyKWh: AxisSpec;
  readonly powerKW: AxisSpec;
}

/** Most points an axis may have. */
export const MAX_AXIS_POINTS = 100;
/** Most sizes on the coarse grid: every one is a simulation. */
export const MAX_GRID_SIZES = 1_000;

/** Points of a default axis: 0, ½, 1, 1½ and 2 times the scenario's rating. */
export const DEFAULT_AXIS_POINTS = 5;

const rating = z.number().finite().min(0);

/** The JSON shape of an axis (what plan.json and the API take). */
export const AxisSpecSchema = z.union([
  z
    .strictObject({ from: rating, to: rating, points: z.number().int().min(2).max(MAX_AXIS_POINTS) })
    .refine((a) => a.to > a.from, { message: "to must be above from", path: ["to"] }),
  z.strictObject({
    values: z
      .array(rating)
      .min(1)
      .max(MAX_AXIS_POINTS)
      .refine((v) => new Set(v).size === v.length, { message: "values must be distinct" }),
  }),
]);

/** The JSON shape of a grid. */
export const SizeGridSpecSchema = z.strictObject({ energyKWh: AxisSpecSchema, powerKW: AxisSpecSchema });

/**
 * A size rounded to 12 significant digits, so that the same point reached two ways (a range
 * point and the midpoint of two others) is one point, and printed sizes carry no float dust.
 */
export function snapRating(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(12));
}

/** The values of an axis, ascending: from + (to − from)·k/(points − 1), or the given values sorted. */
export function axisValues(axis: AxisSpec): number[] {
  if ("values" in axis) return [...axis.values].map(snapRating).sort((a, b) => a - b);
  const { from, to, points } = axis;
  return Array.from({ length: points }, (_, k) => snapRating(from + ((to - from) * k) / (points - 1)));
}

/** The default axis of a rating r: 0 to 2r in {@link DEFAULT_AXIS_POINTS} points, so the scenario's own size is the middle one. */
export function defaultAxis(ratingOfScenario: number): AxisSpec {
  return { from: 0, to: 2 * ratingOfScenario, points: DEFAULT_AXIS_POINTS };
}

/** The default grid around the scenario's storage. */
export function defaultSizeGrid(size: BatterySize): SizeGridSpec {
  return { energyKWh: defaultAxis(size.energyKWh), powerKW: defaultAxis(size.powerKW) };
}

/** Sizes on the grid: every (E, P), ordered by E, then P. */
export function gridSizes(energyKWh: readonly number[], powerKW: readonly number[]): BatterySize[] {
  return energyKWh.flatMap((e) => powerKW.map((p) => ({ energyKWh: e, powerKW: p })));
}

const AXIS_NAMES: Readonly<Record<string, keyof SizeGridSpec>> = { e: "energyKWh", p: "powerKW" };

/**
 * Parses `--grid` flags (each may hold both axes; see the module comment) into a grid, the
 * axes not given taken from `defaults`. Bad input is an InputError on `--grid` saying what
 * was expected.
 */
export function parseSizeGrid(flags: string | readonly string[], defaults: SizeGridSpec): SizeGridSpec {
  const bad = (expected: string): never => {
    throw new InputError({ path: "--grid", expected });
  };
  const tokens = (typeof flags === "string" ? [flags] : flags).flatMap((f) => f.split(",")).map((t) => t.trim());
  const given: Partial<Record<keyof SizeGridSpec, string[]>> = {};
  let current: keyof SizeGridSpec | undefined;
  for (const token of tokens) {
    const named = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(token);
    if (named) {
      const axis = AXIS_NAMES[named[1]!.toLowerCase()];
      if (!axis) bad(`axes E=… (kWh) and P=… (kW), got "${named[1]}="`);
      if (given[axis!]) bad(`each axis once, got ${named[1]}= twice`);
      current = axis!;
      given[current] = [named[2]!];
    } else {
      if (!current) bad(`E=from:to:points or E=value[,value…] (kWh), then P=… (kW), e.g. E=0:8000:9,P=0:2000:9; got "${token}"`);
      given[current!]!.push(token);
    }
  }
  if (!given.energyKWh && !given.powerKW) bad("at least one axis, e.g. E=0:8000:9,P=0:2000:9");
  const axis = (name: keyof SizeGridSpec, unit: string): AxisSpec => {
    const parts = given[name];
    return parts ? parseAxis(parts, name === "energyKWh" ? "E" : "P", unit, bad) : defaults[name];
  };
  const grid = { energyKWh: axis("energyKWh", "kWh"), powerKW: axis("powerKW", "kW") };
  const count = axisValues(grid.energyKWh).length * axisValues(grid.powerKW).length;
  if (count > MAX_GRID_SIZES) bad(`at most ${MAX_GRID_SIZES.toLocaleString("en-US")} sizes on the coarse grid (each is a simulation), got ${count.toLocaleString("en-US")}`);
  return grid;
}

function parseAxis(parts: readonly string[], letter: string, unit: string, bad: (expected: string) => never): AxisSpec {
  const number = (text: string): number => {
    const x = text.trim() === "" ? NaN : Number(text);
    if (!(Number.isFinite(x) && x >= 0)) bad(`${letter}: sizes are numbers ≥ 0 (${unit}), got "${text}"`);
    return x;
  };
  const range = parts.length === 1 ? parts[0]!.split(":") : [];
  if (range.length === 3) {
    const [from, to, pointsText] = [number(range[0]!), number(range[1]!), range[2]!];
    const points = Number(pointsText);
    if (!(Number.isInteger(points) && points >= 2 && points <= MAX_AXIS_POINTS)) bad(`${letter}=from:to:points: points a whole number from 2 to ${MAX_AXIS_POINTS}, got "${pointsText}"`);
    if (!(to > from)) bad(`${letter}=from:to:points: to above from, got ${parts[0]}`);
    return { from, to, points };
  }
  if (parts.some((p) => p.includes(":"))) bad(`${letter}=from:to:points (three numbers), got "${parts.join(",")}"`);
  const values = parts.map(number);
  if (new Set(values).size !== values.length) bad(`${letter}: distinct values, got ${parts.join(",")}`);
  if (values.length > MAX_AXIS_POINTS) bad(`${letter}: at most ${MAX_AXIS_POINTS} values, got ${values.length}`);
  return { values };
}

/**
 * The refinement rule: around `best` on the axis `window` (the values the last round
 * evaluated, ascending), the cells on either side at half the step — the neighbours a and b
 * of `best` and the midpoints between them, [a, (a+best)/2, best, (best+b)/2, b] (one side
 * only at an end; just [best] on a fixed axis). Each round so halves the step and still spans
 * both neighbouring cells of the best point, where a better size may lie.
 */
export function refineAxis(window: readonly number[], best: number): number[] {
  const i = window.indexOf(best);
  if (i < 0) throw new RangeError(`refineAxis: ${best} is not on the axis [${window.join(", ")}]`);
  const out: number[] = [];
  if (i > 0) out.push(window[i - 1]!, snapRating((window[i - 1]! + best) / 2));
  out.push(best);
  if (i < window.length - 1) out.push(snapRating((best + window[i + 1]!) / 2), window[i + 1]!);
  return out;
}

/** The step around `best` on `window`: the wider of its two neighbouring cells (0 on a fixed axis) — the resolution the search reached there. */
export function stepAround(window: readonly number[], best: number): number {
  const i = window.indexOf(best);
  const left = i > 0 ? best - window[i - 1]! : 0;
  const right = i >= 0 && i < window.length - 1 ? window[i + 1]! - best : 0;
  return Math.max(left, right);
}

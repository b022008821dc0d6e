import type { z } from "zod";
import { HOURS_PER_YEAR } from "../core/calendar.js";
import { sha256Hex } from "../core/hash.js";

/**
 * Representative spans of a calendar (`calendar.representative`, docs/experiments.md
 * "Representative spans"): what makes a set of spans valid, how each span's seed and folder
 * are named, and how their weights are normalised into a year. Pure calendar arithmetic: the
 * scenarios and runs of the spans are built in representative-spans.ts.
 */

/** The calendar fields the rules read (the calendar object before its start is filled in). */
export interface RepresentativeCalendar {
  readonly start?: string | undefined;
  readonly steps: number;
  readonly stepHours: number;
  readonly representative?: { readonly starts: readonly string[]; readonly weights?: readonly number[] | undefined } | undefined;
}

const HOUR_MS = 3_600_000;

/**
 * The checks zod cannot state field by field, each naming its field (a superRefine of the
 * calendar): weights one per start; starts distinct and their spans (calendar.steps ×
 * stepHours long each) not overlapping; the spans together no longer than a year (a longer set
 * would have each count for less than itself); and `calendar.start`, when given beside them,
 * the first span's start — a different start would name a span that never runs.
 */
export function representativeIssues(calendar: RepresentativeCalendar, ctx: z.RefinementCtx): void {
  const representative = calendar.representative;
  if (!representative) return;
  const { starts, weights } = representative;
  const at = (...path: (string | number)[]) => ["representative", ...path];
  if (weights !== undefined && weights.length !== starts.length) {
    ctx.addIssue({ code: "custom", path: at("weights"), message: `one weight per start (${starts.length}), got ${weights.length}` });
  }
  const hours = calendar.steps * calendar.stepHours;
  const instants = starts.map((s) => Date.parse(s));
  instants.forEach((instant, j) => {
    const same = instants.findIndex((other) => other === instant);
    if (same < j) {
      ctx.addIssue({ code: "custom", path: at("starts", j), message: `distinct starts: starts[${j}] is starts[${same}] (${starts[same]}) again` });
      return;
    }
    const overlapped = instants.findIndex((other, i) => i !== j && other !== instant && other < instant + hours * HOUR_MS && instant < other + hours * HOUR_MS);
    // Reported once, at the later of the two starts in file order.
    if (overlapped >= 0 && overlapped < j) {
      ctx.addIssue({
        code: "custom",
        path: at("starts", j),
        message: `spans that do not overlap: each span is calendar.steps × stepHours = ${formatHours(hours)} h, so starts[${j}] (${starts[j]}) and starts[${overlapped}] (${starts[overlapped]}) must be at least that far apart`,
      });
    }
  });
  if (starts.length * hours > HOURS_PER_YEAR) {
    ctx.addIssue({
      code: "custom",
      path: at("starts"),
      message: `spans that together fit in a year: ${starts.length} spans of ${formatHours(hours)} h are ${formatHours(starts.length * hours)} h > ${HOURS_PER_YEAR} h (simulate the year itself instead)`,
    });
  }
  if (calendar.start !== undefined && starts.length > 0 && Date.parse(calendar.start) !== instants[0]) {
    ctx.addIssue({
      code: "custom",
      path: ["start"],
      message: `with calendar.representative, the first span's start (representative.starts[0] = ${starts[0]}) or left out: the spans start at representative.starts; got ${calendar.start}`,
    });
  }
}

/**
 * The weights normalised so that Σ_k w_k·hours = 8760: w_k is how many spans like span k
 * make up a year. `raw` defaults to equal weights.
 */
export function normalisedWeights(spans: number, hoursPerSpan: number, raw?: readonly number[]): number[] {
  const relative = raw ?? Array.from({ length: spans }, () => 1);
  const total = relative.reduce((s, w) => s + w, 0) * hoursPerSpan;
  return relative.map((w) => (w * HOURS_PER_YEAR) / total);
}

/**
 * The seed of the span starting at `start`: the first 16 hex digits of
 * sha256(`<seed>:span:<start as a UTC ISO instant>`). Profiles and every other stream are
 * drawn from a run's seed whatever its date, so spans sharing the scenario's seed would draw
 * the same weather noise in January and in July; each span gets its own, derived from the
 * scenario's seed (so `--seed` and an experiment's replicates still move every span) and from
 * its instant (so the same span in two scenarios draws the same, as common random numbers want).
 */
export function spanSeed(seed: string, start: string): string {
  return sha256Hex(`${seed}:span:${new Date(Date.parse(start)).toISOString()}`).slice(0, 16);
}

/** The folder name of span `index`: `<index>-<YYYY-MM-DD>`, the UTC date of its start. */
export function spanFolderName(index: number, start: string): string {
  return `${index}-${new Date(Date.parse(start)).toISOString().slice(0, 10)}`;
}

function formatHours(hours: number): string {
  return Number(hours.toPrecision(6)).toLocaleString("en-US");
}

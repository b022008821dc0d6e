import { canonicalJson } from "../core/canonical-json.js";
import { sha256Hex } from "../core/hash.js";
import { genesisHash } from "../sim/log/hash-chain.js";
import { normalisedWeights, spanFolderName, spanSeed } from "./calendar-representative.js";
import { validateScenario } from "./load-scenario.js";
import type { Scenario } from "./scenario-schema.js";

/**
 * The spans of a scenario with `calendar.representative`: each an ordinary scenario — the
 * representative one with the span's start and seed and without `representative` — run into
 * its own folder `spans/<index>-<YYYY-MM-DD>/` of the run folder.
 */

/** Sub-folder of a representative run folder holding one run folder per span. */
export const SPANS_DIR = "spans";

/** One representative span, planned. */
export interface PlannedSpan {
  /** Position in `calendar.representative.starts`. */
  readonly index: number;
  /** Its run folder relative to the representative run folder: `spans/<index>-<YYYY-MM-DD>`. */
  readonly folder: string;
  /** ISO 8601 start, as the scenario writes it. */
  readonly start: string;
  /** Its own seed (calendar-representative.ts `spanSeed`). */
  readonly seed: string;
  /** How many such spans it stands for in a year, normalised: Σ weight·hours = 8760 h. */
  readonly weight: number;
  /** Steps and hours of the span (every span is `calendar.steps` steps long). */
  readonly steps: number;
  readonly hours: number;
  /** The ordinary scenario the span runs: validated, without `representative`. */
  readonly scenario: Scenario;
}

/** Whether a scenario runs representative spans. */
export function isRepresentative(scenario: Pick<Scenario, "calendar">): boolean {
  return scenario.calendar.representative !== undefined;
}

/** The spans of a representative scenario, in the order of its starts. */
export function representativeSpans(scenario: Scenario): PlannedSpan[] {
  const { representative, ...calendar } = scenario.calendar;
  if (!representative) throw new Error(`representativeSpans: scenario ${scenario.name} has no calendar.representative`);
  const hours = calendar.steps * calendar.stepHours;
  const weights = normalisedWeights(representative.starts.length, hours, representative.weights);
  return representative.starts.map((start, index) => {
    const seed = spanSeed(scenario.seed, start);
    return {
      index,
      folder: `${SPANS_DIR}/${spanFolderName(index, start)}`,
      start,
      seed,
      weight: weights[index]!,
      steps: calendar.steps,
      hours,
      scenario: validateScenario({ ...scenario, seed, calendar: { ...calendar, start } }),
    };
  });
}

/**
 * The fingerprint of a representative run: sha256 of the canonical JSON of the resolved
 * scenario's genesis hash and every span's folder and fingerprint, in order — so it binds the
 * run to its scenario and to each span's log, as a run's fingerprint binds it to its steps.
 */
export function representativeFingerprint(scenario: Scenario, spans: readonly { readonly folder: string; readonly fingerprint: string }[]): string {
  return sha256Hex(canonicalJson({ genesis: genesisHash(scenario), spans: spans.map((s) => ({ folder: s.folder, fingerprint: s.fingerprint })) }));
}

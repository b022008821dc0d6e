import { InputError } from "../core/errors.js";
import { groupRuns, metricValues, type CompareOptions, type ResultsRecord, type ResultsTable, type RunGroup } from "./compare-experiment.js";
import { selectReferenceGroup, type ReferenceSelector } from "./reference-group.js";
import { meanEstimate, meanInterval, pairedDifference, welchDifference, type DifferenceEstimate, type MeanEstimate } from "./statistics.js";

/**
 * Differences of an experiment's groups against a reference group (`sesame compare DIR
 * --against POINT`, docs/experiments.md "Comparing"). With common seeds replicate r of every
 * point drew the same weather and loads, so metric(group, r) − metric(reference, r) cancels
 * that noise and the differences are paired by replicate: mean and 95 % t-interval over the
 * replicates both groups completed. With independent seeds the replicates of two points share
 * nothing, pairing them would be meaningless, and the difference of the means with Welch's
 * interval is used instead.
 */

/** How an experiment's seeds were drawn (experiment.json `experiment.seeds`). */
export type SeedsMode = "common" | "independent";

/** The seeds of an experiment folder and what they were read from. */
export interface ExperimentSeeds {
  readonly seeds: SeedsMode;
  /** Where the mode was read: experiment.json, the table's seed column, or neither (then independent: the safe side). */
  readonly source: "experiment.json" | "seed column" | "unknown";
}

/**
 * Reads how an experiment's seeds were drawn: experiment.json's `experiment.seeds` (`per-point`,
 * written by folders made before it was renamed, is `independent`); without it, the table's
 * `seed` and `replicate` columns — common when every replicate index carries one seed at every
 * point; without those either, independent, so that nothing is paired on a guess.
 */
export function experimentSeeds(experimentJson: unknown, table: ResultsTable): ExperimentSeeds {
  const declared = (experimentJson as { experiment?: { seeds?: unknown } } | null)?.experiment?.seeds;
  if (declared === "common") return { seeds: "common", source: "experiment.json" };
  if (declared === "independent" || declared === "per-point") return { seeds: "independent", source: "experiment.json" };
  const names = table.columns.map((c) => c.name);
  const seed = names.indexOf("seed");
  const replicate = names.indexOf("replicate");
  if (seed < 0 || replicate < 0 || table.rows.length === 0) return { seeds: "independent", source: "unknown" };
  const seedOf = new Map<unknown, unknown>();
  for (const row of table.rows) {
    const r = Array.isArray(row) ? row[replicate] : (row as ResultsRecord)["replicate"];
    const s = Array.isArray(row) ? row[seed] : (row as ResultsRecord)["seed"];
    if (seedOf.has(r) && seedOf.get(r) !== s) return { seeds: "independent", source: "seed column" };
    seedOf.set(r, s);
  }
  return { seeds: "common", source: "seed column" };
}

/** What to compare against what. */
export interface DifferencesOptions extends CompareOptions {
  /** The reference group: `--against` POINT strings, or `true` for the first group. */
  readonly against: ReferenceSelector;
  /** How the experiment's seeds were drawn: common pairs by replicate, independent does not. */
  readonly seeds: SeedsMode;
}

/** The reference group and its metrics' means. */
export interface ReferenceSummary {
  readonly key: Readonly<Record<string, unknown>>;
  readonly pointIds: readonly string[];
  /** Complete runs. */
  readonly n: number;
  readonly excluded: number;
  /** Metric → mean and 95 % interval over the reference's complete runs (no interval when n < 2). */
  readonly metrics: Readonly<Record<string, MeanEstimate>>;
}

/** One group's differences against the reference. */
export interface GroupDifferences {
  readonly key: Readonly<Record<string, unknown>>;
  readonly pointIds: readonly string[];
  /** Complete runs. */
  readonly n: number;
  readonly excluded: number;
  /** Paired: the replicate indices both this group and the reference completed (null when unpaired). */
  readonly pairs: number | null;
  /** Metric → group − reference, with its own n (a run without a value for it is left out). */
  readonly differences: Readonly<Record<string, DifferenceEstimate>>;
}

/** The differences of every other group against the reference. */
export interface ExperimentDifferences {
  readonly by: readonly string[];
  readonly metrics: readonly string[];
  readonly seeds: SeedsMode;
  /** `paired`: by replicate index (common seeds); `unpaired`: difference of means, Welch interval (independent seeds). */
  readonly pairing: "paired" | "unpaired";
  readonly reference: ReferenceSummary;
  /** Every group but the reference, in table order. */
  readonly groups: readonly GroupDifferences[];
}

/**
 * Differences of every group against the reference group, metric by metric, over complete
 * runs only. Paired: a group's value at replicate r is the mean over its complete runs with
 * replicate r — one run, or several when `by` leaves a swept axis out (with common seeds they
 * all drew replicate r's seed) — and the pairs are the replicates present in both groups.
 */
export function differencesAgainst(table: ResultsTable, options: DifferencesOptions): ExperimentDifferences {
  const { by, metrics, groups } = groupRuns(table, options);
  const paired = options.seeds === "common";
  if (paired && !table.columns.some((c) => c.name === "replicate")) {
    throw new InputError({ path: "replicate", expected: "a replicate column in the results table: with common seeds the runs are paired by it" });
  }
  const referenceIndex = selectReferenceGroup(groups, by, options.against);
  const reference = groups[referenceIndex]!;
  return {
    by,
    metrics,
    seeds: options.seeds,
    pairing: paired ? "paired" : "unpaired",
    reference: {
      key: reference.key,
      pointIds: reference.pointIds,
      n: reference.rows.length,
      excluded: reference.excluded,
      metrics: Object.fromEntries(metrics.map((m) => [m, meanEstimate(meanInterval(metricValues(reference.rows, m)))])),
    },
    groups: groups
      .filter((_, i) => i !== referenceIndex)
      .map((group) => ({
        key: group.key,
        pointIds: group.pointIds,
        n: group.rows.length,
        excluded: group.excluded,
        pairs: paired ? sharedReplicates(group, reference) : null,
        differences: Object.fromEntries(
          metrics.map((m) => [
            m,
            paired ? pairedDifference(pairDifferences(byReplicate(group.rows, m), byReplicate(reference.rows, m))) : welchDifference(metricValues(group.rows, m), metricValues(reference.rows, m)),
          ]),
        ),
      })),
  };
}

/** Metric value per replicate index: the mean over the rows of that replicate that have a value. */
function byReplicate(rows: readonly ResultsRecord[], metric: string): Map<number, number> {
  const byIndex = new Map<number, ResultsRecord[]>();
  for (const row of rows) {
    const r = row["replicate"];
    if (typeof r !== "number") continue;
    byIndex.set(r, [...(byIndex.get(r) ?? []), row]);
  }
  const values = new Map<number, number>();
  for (const [r, inReplicate] of byIndex) {
    const present = metricValues(inReplicate, metric);
    if (present.length > 0) values.set(r, present.reduce((s, v) => s + v, 0) / present.length);
  }
  return values;
}

/** group(r) − reference(r) for every replicate r both have, in replicate order. */
function pairDifferences(group: ReadonlyMap<number, number>, reference: ReadonlyMap<number, number>): number[] {
  return [...group.keys()]
    .filter((r) => reference.has(r))
    .sort((a, b) => a - b)
    .map((r) => group.get(r)! - reference.get(r)!);
}

function sharedReplicates(group: RunGroup, reference: RunGroup): number {
  const inReference = new Set(reference.rows.map((r) => r["replicate"]));
  return new Set(group.rows.map((r) => r["replicate"]).filter((r) => typeof r === "number" && inReference.has(r))).size;
}

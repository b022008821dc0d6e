import { join } from "node:path";
import { loadLpSolver } from "../core/lp.js";
import { RunFault } from "../core/errors.js";
import type { RunOutcome } from "../sim/engine.js";
import { createRunFolder, MANIFEST_FILE, SUMMARY_FILE, writeJsonAtomic, type Manifest } from "../sim/log/run-folder.js";
import type { World } from "../sim/world.js";
import { RUN_FORMAT_VERSION, SESAME_VERSION } from "../version.js";
import { sha256Hex } from "../core/hash.js";
import { scenarioFolderInputs } from "../core/input-source.js";
import { sealManifest } from "../sim/log/manifest-seal.js";
import { DEFAULT_SIZING_PERIODS } from "./baselines.js";
import { buildWorld } from "./build-world.js";
import { representativeFingerprint, representativeSpans, type PlannedSpan } from "./representative-spans.js";
import { yearSizedCentralOptimum, yearSizedOwnBatteries, yearSizingPeriods, type SizingSpan } from "./representative-sizing.js";
import { failedRepresentativeSummary, poolRepresentativeYear, type RepresentativeSummary, type SpanSummary, type YearSizedOptions } from "./representative-year.js";
import { runWorld, type RunResult } from "./run-world.js";
import type { Scenario } from "./scenario-schema.js";

/**
 * Running a scenario with `calendar.representative` (docs/experiments.md, "Representative
 * spans"): every span is an ordinary run — a world built from the span's scenario
 * (representative-spans.ts) — into `<dir>/spans/<index>-<YYYY-MM-DD>/`, a normal run folder
 * with its manifest, log and summary (baselines included); then `<dir>/summary.json` holds the
 * pooled year (representative-year.ts) and `<dir>/manifest.json` the resolved scenario and the
 * spans with their starts, seeds, weights, folders and fingerprints.
 */

/** A span's line in the representative manifest. */
export interface ManifestSpan {
  readonly index: number;
  readonly folder: string;
  readonly start: string;
  readonly seed: string;
  readonly weight: number;
  readonly steps: number;
  /** `pending` until it runs; a run after a failed span stays `pending`. */
  readonly status: "pending" | "running" | "complete" | "failed";
  readonly fingerprint?: string;
}

/** manifest.json of a representative run folder. */
export interface RepresentativeManifest extends Omit<Manifest, "error"> {
  readonly kind: "representative";
  readonly spans: readonly ManifestSpan[];
  readonly error?: NonNullable<Manifest["error"]> & { readonly span: string };
}

/** Whether a manifest read from a folder is a representative run's. */
export function isRepresentativeManifest(manifest: unknown): manifest is RepresentativeManifest {
  return typeof manifest === "object" && manifest !== null && (manifest as { kind?: unknown }).kind === "representative";
}

/** A representative run: the pooled result, and every span that ran. */
export interface RepresentativeRunResult extends RunResult {
  readonly summary: RepresentativeSummary;
  /** Every span that ran, in order; the last one failed when the run did. */
  readonly spans: readonly RunResult[];
}

/** How to run a representative scenario. */
export interface RepresentativeOptions {
  /** Called as steps finish, counting the steps of all spans together. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Compute every span's baselines and the year's options (default false, as `runWorld`). */
  readonly baselines?: boolean;
  /** Builds a span's world from its scenario (default `buildWorld`): a script may swap a strategy in. */
  readonly buildSpanWorld?: (span: PlannedSpan, scenarioDir: string) => World;
  /** Let CSV paths leave the scenario's folder (core/input-source.ts); default false. */
  readonly allowOutsideInputs?: boolean;
}

/**
 * Runs every span of `scenario` into `dir` (new or empty), then pools them. Every span's world
 * is built first, so bad input (a CSV that does not cover a span) fails before any folder
 * exists. A span that faults stops the run: the finished spans stay, the manifest says
 * `failed` and names the span.
 */
export async function runRepresentative(scenario: Scenario, scenarioDir: string, dir: string, options: RepresentativeOptions = {}): Promise<RepresentativeRunResult> {
  const { onProgress } = options;
  const withBaselines = options.baselines ?? false;
  // Phase 1: plan and build every span before anything is written.
  const planned = representativeSpans(scenario);
  const build = options.buildSpanWorld ?? ((span: PlannedSpan, from: string) => buildWorld(span.scenario, scenarioFolderInputs(from, { allowOutside: options.allowOutsideInputs === true })));
  const worlds = planned.map((span) => build(span, scenarioDir));
  const total = planned.reduce((n, s) => n + s.steps, 0);

  // Phase 2: the folder and the manifest, every span pending.
  createRunFolder(dir);
  let manifestSpans: ManifestSpan[] = planned.map((s) => ({ index: s.index, folder: s.folder, start: s.start, seed: s.seed, weight: s.weight, steps: s.steps, status: "pending" }));
  const manifest: RepresentativeManifest = {
    kind: "representative",
    format: RUN_FORMAT_VERSION,
    sesameVersion: SESAME_VERSION,
    nodeVersion: process.version,
    createdAt: new Date().toISOString(),
    status: "running",
    scenario,
    seed: scenario.seed,
    mechanisms: { rental: scenario.market.rental.mechanism, energy: scenario.market.energy.mechanism },
    steps: total,
    baselines: withBaselines,
    spans: manifestSpans,
  };
  writeJsonAtomic(join(dir, MANIFEST_FILE), manifest);
  const setSpan = (index: number, update: Partial<ManifestSpan>) => {
    manifestSpans = manifestSpans.map((s) => (s.index === index ? { ...s, ...update } : s));
    writeJsonAtomic(join(dir, MANIFEST_FILE), { ...manifest, spans: manifestSpans });
  };

  // Phase 3: the spans, one after another, each an ordinary run.
  const results: RunResult[] = [];
  let done = 0;
  for (const [k, span] of planned.entries()) {
    setSpan(span.index, { status: "running" });
    const offset = done;
    const result = await runWorld(worlds[k]!, join(dir, span.folder), onProgress ? (d) => onProgress(offset + d, total) : undefined, withBaselines);
    results.push(result);
    done += span.steps;
    setSpan(span.index, { status: result.outcome.status, fingerprint: result.outcome.fingerprint });
    if (result.outcome.status !== "complete") break;
  }

  // Phase 4: the year (or the failure), the summary and the final manifest.
  const spanSummaries: SpanSummary[] = results.map((r, k) => ({ span: planned[k]!, summary: r.summary }));
  const failed = results.find((r) => r.outcome.status !== "complete");
  const { summary, fingerprint } = await representativeSummary(scenario, planned, spanSummaries, worlds, withBaselines);
  const summaryText = writeJsonAtomic(join(dir, SUMMARY_FILE), summary);
  const failedSpan = failed ? planned[results.length - 1]! : undefined;
  const final: RepresentativeManifest = {
    ...manifest,
    status: failed ? "failed" : "complete",
    spans: manifestSpans,
    stepsLogged: results.reduce((n, r) => n + r.outcome.steps, 0),
    fingerprint,
    ...(summary.error ? { error: summary.error } : {}),
    // The span folders carry their own sealed manifests; the representative one covers its summary.
    files: { [SUMMARY_FILE]: sha256Hex(summaryText) },
  };
  writeJsonAtomic(join(dir, MANIFEST_FILE), sealManifest(final));
  return { dir, outcome: outcomeOf(results, fingerprint, failedSpan), summary, world: results[results.length - 1]!.world, spans: results };
}

/**
 * The representative run's summary and fingerprint from its spans' summaries (every span that
 * ran, in order): the pooled year, or the failure of the last span. One function, so the run and
 * its verification (verify-representative.ts) compute the same bytes.
 */
export async function representativeSummary(
  scenario: Scenario,
  planned: readonly PlannedSpan[],
  spanSummaries: readonly SpanSummary[],
  worlds: readonly World[],
  withBaselines: boolean,
): Promise<{ summary: RepresentativeSummary; fingerprint: string }> {
  const fingerprint = representativeFingerprint(scenario, spanSummaries.map((s) => ({ folder: s.span.folder, fingerprint: s.summary.fingerprint })));
  const failed = spanSummaries.some((s) => s.summary.status !== "complete");
  const summary = failed
    ? failedRepresentativeSummary(spanSummaries, fingerprint)
    : poolRepresentativeYear(scenario, spanSummaries, fingerprint, withBaselines ? await yearSizedOptions(scenario, planned, worlds) : undefined);
  return { summary, fingerprint };
}

/** The optimally sized options sized once for the year over every span (representative-sizing.ts). */
async function yearSizedOptions(scenario: Scenario, planned: readonly PlannedSpan[], worlds: readonly World[]): Promise<YearSizedOptions> {
  await loadLpSolver();
  const spans: SizingSpan[] = planned.map((span, k) => ({ world: worlds[k]!, weight: span.weight, steps: span.steps }));
  const maxPeriods = scenario.baselines?.sizingPeriods ?? DEFAULT_SIZING_PERIODS;
  const own = scenario.baselines?.ownBattery?.sizing === "given" ? undefined : yearSizedOwnBatteries(spans, maxPeriods);
  const central = yearSizedCentralOptimum(spans, maxPeriods);
  const perfectTwin = scenario.baselines?.perfectForesight && worlds[0]!.agents.some((a) => (a.forecast?.kind ?? "perfect") !== "perfect");
  return {
    ...(own ? { ownBattery: own } : {}),
    centralOptimal: central,
    ...(perfectTwin ? { perfectForesightCentralOptimal: yearSizedCentralOptimum(spans, maxPeriods, { perfectForesight: true }) } : {}),
    sizingPeriods: yearSizingPeriods(spans, maxPeriods),
  };
}

/**
 * The run's outcome as one: its status, the steps of all spans, the representative
 * fingerprint, the last span's final state, and a fault with its span named.
 */
function outcomeOf(results: readonly RunResult[], fingerprint: string, failedSpan: PlannedSpan | undefined): RunOutcome {
  const last = results[results.length - 1]!.outcome;
  const fault = last.fault && failedSpan ? new RunFault(last.fault.step, last.fault.agent, `span ${failedSpan.folder}: ${last.fault.detail}`) : undefined;
  return {
    status: failedSpan ? "failed" : "complete",
    steps: results.reduce((n, r) => n + r.outcome.steps, 0),
    fingerprint,
    finalState: last.finalState,
    ...(fault ? { fault } : {}),
  };
}

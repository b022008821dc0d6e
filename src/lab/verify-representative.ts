import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../core/canonical-json.js";
import { InputError } from "../core/errors.js";
import { readManifest } from "../sim/log/read-log.js";
import { validateScenario } from "./load-scenario.js";
import { representativeFingerprint, representativeSpans, SPANS_DIR, type PlannedSpan } from "./representative-spans.js";
import { representativeSummary, type ManifestSpan, type RepresentativeManifest } from "./run-representative.js";
import { firstDifference } from "../sim/first-difference.js";
import { SUMMARY_FILE, type Manifest } from "../sim/log/run-folder.js";
import type { World } from "../sim/world.js";
import { buildWorld } from "./build-world.js";
import { loggedInputs } from "./logged-scenario.js";
import type { SpanSummary } from "./representative-year.js";
import { sealedFilesProblem } from "./sealed-files.js";
import { summaryText } from "./summarise-run.js";
import type { Verification, VerificationFailure, VerifiedSpan } from "./verification.js";

/**
 * `replay --verify` of a representative run folder: the manifest's spans are the spans its
 * resolved scenario gives (folder, start, seed, weight, steps), every span folder that ran holds
 * the run of exactly that span's scenario with the fingerprint the manifest records, every such
 * run verifies by re-running it, no other folder sits in `spans/`, and the representative
 * fingerprint is the one the spans' fingerprints give. The first problem is reported with its
 * span, step and field; nothing is repaired.
 */

type Problem = VerificationFailure;

/** Verifies the representative run in `dir` whose manifest is `manifest`; `verifySpan` verifies one ordinary run folder. */
export async function verifyRepresentative(dir: string, manifest: RepresentativeManifest, verifySpan: (dir: string) => Promise<Verification>): Promise<Verification> {
  // Phase 1: the spans the manifest lists are the scenario's.
  let scenario;
  try {
    scenario = validateScenario(manifest.scenario);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.issues.map((i) => ({ ...i, path: `manifest.scenario.${i.path}` })));
    throw error;
  }
  if (scenario.calendar.representative === undefined) return problem(undefined, 0, "manifest.scenario.calendar.representative", "missing: a representative run's scenario names its spans");
  const planned = representativeSpans(scenario);
  const listed = Array.isArray(manifest.spans) ? manifest.spans : [];
  if (listed.length !== planned.length) return problem(undefined, 0, "manifest.spans", `${listed.length} spans listed, the scenario gives ${planned.length}`);
  for (const [k, span] of planned.entries()) {
    const mismatch = entryMismatch(listed[k]!, span);
    if (mismatch) return problem(span.folder, 0, `manifest.spans[${k}].${mismatch.field}`, `manifest says ${String(mismatch.listed)}, the scenario gives ${String(mismatch.planned)}`);
  }
  const finished = manifest.status !== "running";
  if (finished) {
    // The span folders carry their own sealed manifests; the representative one records its summary.
    const sealed = sealedFilesProblem(dir, manifest as unknown as Manifest, [SUMMARY_FILE]);
    if (sealed) return problem(undefined, null, sealed.field, sealed.message);
  }
  const strays = existsSync(join(dir, SPANS_DIR)) ? readdirSync(join(dir, SPANS_DIR)).filter((name) => !planned.some((s) => s.folder === `${SPANS_DIR}/${name}`)) : [];
  if (strays.length > 0) return problem(`${SPANS_DIR}/${strays[0]}`, null, "(folder)", "is not a span of this run's scenario");

  // Phase 2: every span that ran is that span's run, and verifies.
  const verified: VerifiedSpan[] = [];
  const worlds: World[] = [];
  const spanSummaries: SpanSummary[] = [];
  for (const [k, span] of planned.entries()) {
    const entry = listed[k]!;
    const spanDir = join(dir, span.folder);
    if (entry.status === "pending") {
      if (existsSync(spanDir)) return problem(span.folder, 0, `manifest.spans[${k}].status`, "pending, but the span has a folder");
      continue;
    }
    if (!existsSync(spanDir)) return problem(span.folder, null, "(folder)", `missing: the manifest says the span ran (${entry.status})`);
    const spanManifest = readManifest(spanDir);
    if (canonicalJson(spanManifest.scenario) !== canonicalJson(span.scenario)) {
      return problem(span.folder, 0, "manifest.scenario", `is not the span's scenario (the representative scenario from ${span.start} with seed ${span.seed})`);
    }
    if (spanManifest.fingerprint !== entry.fingerprint) {
      return problem(span.folder, Math.max(0, (spanManifest.stepsLogged ?? 1) - 1), `manifest.spans[${k}].fingerprint`, `the representative manifest says ${entry.fingerprint ?? "nothing"}, the span's manifest ${spanManifest.fingerprint ?? "nothing"}`);
    }
    const verdict = await verifySpan(spanDir);
    if (!verdict.ok) return { ...verdict, span: span.folder };
    if (verdict.status === "interrupted" && finished) return problem(span.folder, verdict.steps, "manifest.json: status", "running (the span was interrupted), but the representative manifest says the run finished");
    verified.push({ folder: span.folder, steps: verdict.steps, status: verdict.status, fingerprint: verdict.fingerprint });
    if (finished) {
      worlds.push(buildWorld(span.scenario, loggedInputs(spanDir, spanManifest)));
      spanSummaries.push({ span, summary: readSpanSummary(spanDir) });
    }
  }

  // Phase 3: the representative fingerprint and status follow from the spans.
  const steps = verified.reduce((n, s) => n + s.steps, 0);
  const fingerprint = representativeFingerprint(scenario, verified);
  if (manifest.fingerprint !== undefined && manifest.fingerprint !== fingerprint) {
    return problem(undefined, Math.max(0, steps - 1), "manifest.fingerprint", `manifest says ${manifest.fingerprint}, the spans give ${fingerprint}`);
  }
  if (!finished) return { ok: true, steps, fingerprint, status: "interrupted", spans: verified };
  const status = verified.some((s) => s.status !== "complete") ? "failed" : verified.length === planned.length ? "complete" : null;
  if (manifest.status !== status) return problem(undefined, Math.max(0, steps - 1), "manifest.status", `manifest says ${manifest.status}, the spans say ${status ?? "not every span ran"}`);

  // Phase 4: the summary is the one the spans give.
  const { summary } = await representativeSummary(scenario, planned, spanSummaries, worlds, manifest.baselines ?? false);
  const recomputed = summaryText(summary);
  const written = readFileSync(join(dir, SUMMARY_FILE), "utf8");
  if (written !== recomputed) {
    const d = safeDifference(written, recomputed);
    return problem(undefined, Math.max(0, steps - 1), `${SUMMARY_FILE}: ${d?.path ?? "(layout)"}`, d ? `says ${JSON.stringify(d.a)}, recomputed from the spans ${JSON.stringify(d.b)}` : "differs from the summary the spans give");
  }
  return { ok: true, steps, fingerprint, status, spans: verified };
}

/** A verified span's summary.json (its bytes were recomputed by the span's verification). */
function readSpanSummary(spanDir: string): SpanSummary["summary"] {
  return JSON.parse(readFileSync(join(spanDir, SUMMARY_FILE), "utf8")) as SpanSummary["summary"];
}

function safeDifference(a: string, b: string): ReturnType<typeof firstDifference> {
  try {
    return firstDifference(JSON.parse(a), JSON.parse(b));
  } catch {
    return null;
  }
}

function problem(span: string | undefined, step: number | null, field: string, message: string): Problem {
  return { ok: false, ...(span !== undefined ? { span } : {}), step, field, message };
}

/** The first field where a manifest's span differs from the planned span, if any. */
function entryMismatch(entry: ManifestSpan, span: PlannedSpan): { field: string; listed: unknown; planned: unknown } | null {
  const fields = ["folder", "start", "seed", "weight", "steps"] as const;
  for (const field of fields) if (entry?.[field] !== span[field]) return { field, listed: entry?.[field], planned: span[field] };
  return null;
}

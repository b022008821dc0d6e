import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../core/canonical-json.js";
import { InputError } from "../core/errors.js";
import { readManifest, type LogProblem } from "../sim/log/read-log.js";
import { validateScenario } from "./load-scenario.js";
import { representativeFingerprint, representativeSpans, SPANS_DIR, type PlannedSpan } from "./representative-spans.js";
import type { ManifestSpan, RepresentativeManifest } from "./run-representative.js";
import type { Verification, VerifiedSpan } from "./verification.js";

/**
 * `replay --verify` of a representative run folder: the manifest's spans are the spans its
 * resolved scenario gives (folder, start, seed, weight, steps), every span folder that ran holds
 * the run of exactly that span's scenario with the fingerprint the manifest records, every such
 * run verifies by re-running it, no other folder sits in `spans/`, and the representative
 * fingerprint is the one the spans' fingerprints give. The first problem is reported with its
 * span, step and field; nothing is repaired.
 */

type Problem = { readonly ok: false; readonly span?: string } & LogProblem;

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
  const strays = existsSync(join(dir, SPANS_DIR)) ? readdirSync(join(dir, SPANS_DIR)).filter((name) => !planned.some((s) => s.folder === `${SPANS_DIR}/${name}`)) : [];
  if (strays.length > 0) return problem(`${SPANS_DIR}/${strays[0]}`, 0, "(folder)", "is not a span of this run's scenario");

  // Phase 2: every span that ran is that span's run, and verifies.
  const verified: VerifiedSpan[] = [];
  for (const [k, span] of planned.entries()) {
    const entry = listed[k]!;
    const spanDir = join(dir, span.folder);
    if (entry.status === "pending") {
      if (existsSync(spanDir)) return problem(span.folder, 0, `manifest.spans[${k}].status`, "pending, but the span has a folder");
      continue;
    }
    if (!existsSync(spanDir)) return problem(span.folder, 0, "(folder)", `missing: the manifest says the span ran (${entry.status})`);
    const spanManifest = readManifest(spanDir);
    if (canonicalJson(spanManifest.scenario) !== canonicalJson(span.scenario)) {
      return problem(span.folder, 0, "manifest.scenario", `is not the span's scenario (the representative scenario from ${span.start} with seed ${span.seed})`);
    }
    if (spanManifest.fingerprint !== entry.fingerprint) {
      return problem(span.folder, Math.max(0, (spanManifest.stepsLogged ?? 1) - 1), `manifest.spans[${k}].fingerprint`, `the representative manifest says ${entry.fingerprint ?? "nothing"}, the span's manifest ${spanManifest.fingerprint ?? "nothing"}`);
    }
    const verdict = await verifySpan(spanDir);
    if (!verdict.ok) return { ...verdict, span: span.folder };
    verified.push({ folder: span.folder, steps: verdict.steps, status: verdict.status, fingerprint: verdict.fingerprint });
  }

  // Phase 3: the representative fingerprint and status follow from the spans.
  const steps = verified.reduce((n, s) => n + s.steps, 0);
  const fingerprint = representativeFingerprint(scenario, verified);
  if (manifest.fingerprint !== undefined && manifest.fingerprint !== fingerprint) {
    return problem(undefined, Math.max(0, steps - 1), "manifest.fingerprint", `manifest says ${manifest.fingerprint}, the spans give ${fingerprint}`);
  }
  const status = verified.some((s) => s.status !== "complete") ? "failed" : verified.length === planned.length ? "complete" : "running";
  if (manifest.status !== status && manifest.status !== "running") return problem(undefined, Math.max(0, steps - 1), "manifest.status", `manifest says ${manifest.status}, the spans say ${status}`);
  return { ok: true, steps, fingerprint, status, spans: verified };
}

function problem(span: string | undefined, step: number, field: string, message: string): Problem {
  return { ok: false, ...(span !== undefined ? { span } : {}), step, field, message };
}

/** The first field where a manifest's span differs from the planned span, if any. */
function entryMismatch(entry: ManifestSpan, span: PlannedSpan): { field: string; listed: unknown; planned: unknown } | null {
  const fields = ["folder", "start", "seed", "weight", "steps"] as const;
  for (const field of fields) if (entry?.[field] !== span[field]) return { field, listed: entry?.[field], planned: span[field] };
  return null;
}

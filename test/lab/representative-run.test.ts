import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batteryFixedCost } from "../../src/agents/index.js";
import { HOURS_PER_YEAR } from "../../src/core/calendar.js";
import type { Strategy } from "../../src/agents/types.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario, validateScenario } from "../../src/lab/load-scenario.js";
import type { RunSummary } from "../../src/lab/run-summary.js";
import { representativeSpans } from "../../src/lab/representative-spans.js";
import { runRepresentative, type RepresentativeRunResult } from "../../src/lab/run-representative.js";
import { runWorld } from "../../src/lab/run-world.js";
import type { Scenario } from "../../src/lab/scenario-schema.js";
import type { World } from "../../src/sim/world.js";
import { verifyRun } from "../../src/lab/verify-run.js";
import { sha256Bytes } from "../../src/core/hash.js";
import { sealManifest } from "../../src/sim/log/manifest-seal.js";
import { npv, storageCapex } from "../../src/lab/viability.js";

/**
 * A representative run: spans run as ordinary runs, each from its own seed, pooled into a year
 * by hand-checkable rules; verification covers every span and the manifest.
 */

const tmp = mkdtempSync(join(tmpdir(), "sesame-representative-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const { scenario: week, dir: scenarioDir } = loadScenario("dcc-week");
const JAN = "2026-01-12T00:00:00Z";
const JUL = "2026-07-13T00:00:00Z";

/** dcc-week as two representative days, January standing for three times as many days as July. */
const twoDays: Scenario = validateScenario({
  ...week,
  calendar: { ...week.calendar, start: JAN, steps: 24, representative: { starts: [JAN, JUL], weights: [3, 1] } },
});

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

describe("representative spans: seeds", () => {
  it("each span draws its own noise: span worlds differ where one seed would repeat January's wind in July", () => {
    const [jan, jul] = representativeSpans(twoDays).map((span) => buildWorld(span.scenario, scenarioDir));
    const wind = (w: ReturnType<typeof buildWorld>) => Array.from(w.agents.find((a) => a.model.kind === "dcc-operator")!.model.series["windKW"]!);
    expect(wind(jan!)).not.toEqual(wind(jul!));
    // The reason for the rule: the scenario's own seed at both dates draws the same wind.
    const sameSeed = (start: string) => buildWorld(validateScenario({ ...week, calendar: { ...week.calendar, start, steps: 24 } }), scenarioDir);
    expect(wind(sameSeed(JAN))).toEqual(wind(sameSeed(JUL)));
  });
});

describe("representative spans: a run", () => {
  const dir = join(tmp, "two-days");
  let result: RepresentativeRunResult;
  let spans: RunSummary[];
  beforeAll(async () => {
    result = await runRepresentative(twoDays, scenarioDir, dir, { baselines: true });
    spans = result.spans.map((r) => r.summary);
  });

  it("writes one ordinary run folder per span, with the span's start and seed in its manifest", () => {
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "spans", "summary.json"]);
    expect(readdirSync(join(dir, "spans")).sort()).toEqual(["0-2026-01-12", "1-2026-07-13"]);
    const planned = representativeSpans(twoDays);
    for (const span of planned) {
      const spanDir = join(dir, span.folder);
      expect(readdirSync(spanDir).sort()).toEqual(["manifest.json", "steps.jsonl", "summary.json"]);
      const manifest = JSON.parse(readFileSync(join(spanDir, "manifest.json"), "utf8"));
      expect(manifest.seed).toBe(span.seed);
      expect(manifest.scenario.calendar.start).toBe(span.start);
      expect(manifest.scenario.calendar.representative).toBeUndefined();
      expect(manifest.status).toBe("complete");
    }
    const top = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(top).toMatchObject({ kind: "representative", status: "complete", seed: "42", steps: 48, stepsLogged: 48, fingerprint: result.summary.fingerprint });
    expect(top.scenario.calendar.representative).toEqual({ starts: [JAN, JUL], weights: [3, 1] });
    expect(top.spans.map((s: { folder: string; seed: string; fingerprint: string }) => [s.folder, s.seed, s.fingerprint])).toEqual(
      planned.map((s, k) => [s.folder, s.seed, spans[k]!.fingerprint]),
    );
  });

  it("the same scenario twice gives byte-identical span logs", async () => {
    const again = join(tmp, "two-days-again");
    await runRepresentative(twoDays, scenarioDir, again, { baselines: false });
    for (const span of representativeSpans(twoDays)) {
      expect(readFileSync(join(again, span.folder, "steps.jsonl"), "utf8")).toBe(readFileSync(join(dir, span.folder, "steps.jsonl"), "utf8"));
    }
  });

  it("pools costs and revenues as Σ w_k·x_k with w = 273.75 and 91.25 days (3 : 1, Σ w·24 h = 8760 h)", () => {
    const w = [273.75, 91.25];
    const pool = (read: (s: RunSummary) => number) => w[0]! * read(spans[0]!) + w[1]! * read(spans[1]!);
    const year = result.summary;
    expect(year.representative.spans.map((s) => s.weight)).toEqual([expect.closeTo(273.75, 9), expect.closeTo(91.25, 9)]);
    expect(year.hours).toBe(HOURS_PER_YEAR);
    expect(year.stepsCompleted).toBe(48);
    for (const id of Object.keys(year.agents)) {
      close(year.agents[id]!.cost, pool((s) => s.agents[id]!.cost));
      close(year.agents[id]!.noStorageCost, pool((s) => s.agents[id]!.noStorageCost));
      close(year.agents[id]!.rentalCost, pool((s) => s.agents[id]!.rentalCost));
    }
    close(year.provider.rentalRevenue, pool((s) => s.provider.rentalRevenue));
    close(year.provider.profit, pool((s) => s.provider.profit));
    // Capex and O&M shares pool to exactly one year's.
    close(year.provider.capexShare + year.provider.omShare, pool((s) => s.provider.capexShare + s.provider.omShare));
    close(year.provider.omShare, week.storage.economics.omPerYear);
    const c = year.comparison!;
    close(c.baselines.noStorage.total, pool((s) => s.comparison!.baselines.noStorage.total));
    close(c.baselines.centralOptimum.atSharedSize.systemCost, pool((s) => s.comparison!.baselines.centralOptimum.atSharedSize.systemCost));
    close(c.systemCost, pool((s) => s.comparison!.systemCost));
    close(c.welfareGain, pool((s) => s.comparison!.welfareGain));
    close(year.storage.throughputKWh, pool((s) => s.storage.throughputKWh));
    expect(year.representative.description).toBe("2 representative days (January, July), weighted into a year (standing for 273.75, 91.25 days)");
  });

  it("sizes own batteries and the optimal central optimum once for the year, at the yearly fixed cost", () => {
    const c = result.summary.comparison!;
    const unit = result.world.providerEconomics.unitFixedCost;
    for (const own of Object.values(c.baselines.ownBattery.perAgent)) {
      close(own.fixedCost, batteryFixedCost(unit, own, 1));
      close(own.cost, own.operatingCost + own.fixedCost);
    }
    const optimal = c.baselines.centralOptimum.optimal;
    close(optimal.fixedCost, batteryFixedCost(unit, optimal, 1));
    expect(c.baselines.footing.yearShare).toBe(1);
    expect(result.summary.representative.sizing).toEqual({ ownBattery: "year", centralOptimum: "year" });
  });

  it("the provider's yearly cash flow is the pooled operating cash flow less O&M, and the NPV is npv() of it", () => {
    const w = [273.75, 91.25];
    const operating = (s: RunSummary) => s.provider.rentalRevenue + s.provider.degradationFees + s.provider.arbitrageProfit - s.provider.floorTopUpCost - s.provider.degradationCost;
    const { economics } = twoDays.storage;
    const cashFlow = w[0]! * operating(spans[0]!) + w[1]! * operating(spans[1]!) - economics.omPerYear;
    const v = result.summary.viability!;
    close(v.annualCashFlow, cashFlow);
    close(v.capex, storageCapex(twoDays.storage));
    close(v.npv, npv(economics.discountRate, v.capex, cashFlow, economics.lifetimeYears));
    // NPV is linear in the cash flow: the year's NPV is the spans' NPVs weighted by their share of the year.
    close(v.npv, spans.reduce((sum, s, k) => sum + ((w[k]! * 24) / HOURS_PER_YEAR) * s.viability!.npv, 0));
    expect(v.viableForProvider).toBe(v.npv >= 0);
    expect(v.basis.description).toBe(result.summary.representative.description);
    expect(v.basis.hours).toBe(48);
    // The users' margins come from the pooled costs and baselines.
    const users = Object.values(result.summary.agents).reduce((sum, a) => sum + a.cost, 0);
    close(v.users!.marginVsNoStorage, result.summary.comparison!.baselines.noStorage.total - users);
    close(v.users!.marginVsOwnBattery, result.summary.comparison!.baselines.ownBattery.total - users);
  });

  it("verifies every span and the manifest; an edited span log fails naming the span and its first difference", async () => {
    const verdict = await verifyRun(dir);
    expect(verdict).toMatchObject({ ok: true, steps: 48, status: "complete", fingerprint: result.summary.fingerprint });
    expect(verdict.ok && verdict.spans?.map((s) => s.folder)).toEqual(["spans/0-2026-01-12", "spans/1-2026-07-13"]);

    const file = join(dir, "spans/1-2026-07-13/steps.jsonl");
    const original = readFileSync(file, "utf8");
    const lines = original.split("\n");
    lines[5] = lines[5]!.replace(/"kWh":(\d)/, (_m, d: string) => `"kWh":${d === "9" ? "8" : String(Number(d) + 1)}`);
    writeFileSync(file, lines.join("\n"));
    const broken = await verifyRun(dir);
    expect(broken).toMatchObject({ ok: false, span: "spans/1-2026-07-13", step: 5 });
    writeFileSync(file, original);

    const manifestFile = join(dir, "manifest.json");
    const manifest = readFileSync(manifestFile, "utf8");
    const top = JSON.parse(manifest);
    top.spans[0].seed = "0000000000000000";
    writeFileSync(manifestFile, JSON.stringify(top));
    expect(await verifyRun(dir)).toMatchObject({ ok: false, span: "spans/0-2026-01-12", field: "manifest.spans[0].seed" });
    writeFileSync(manifestFile, manifest);
    expect((await verifyRun(dir)).ok).toBe(true);
  });

  it("verifies the pooled summary and the sealed manifest: an edit, or a forgery with its hash and seal redone, is named", async () => {
    const summaryFile = join(dir, "summary.json");
    const manifestFile = join(dir, "manifest.json");
    const [summary, manifest] = [readFileSync(summaryFile, "utf8"), readFileSync(manifestFile, "utf8")];
    try {
      writeFileSync(manifestFile, manifest.replace('"status": "complete"', '"status": "failed"'));
      expect(await verifyRun(dir)).toMatchObject({ ok: false, step: null, field: "manifest.json" });
      const forged = JSON.parse(summary);
      forged.provider.profit += 1;
      const text = JSON.stringify(forged, null, 2) + "\n";
      writeFileSync(summaryFile, text);
      writeFileSync(manifestFile, manifest);
      expect(await verifyRun(dir)).toMatchObject({ ok: false, step: null, field: "summary.json" });
      const top = JSON.parse(manifest);
      top.files["summary.json"] = sha256Bytes(Buffer.from(text));
      writeFileSync(manifestFile, JSON.stringify(sealManifest(top), null, 2));
      expect(await verifyRun(dir)).toMatchObject({ ok: false, field: "summary.json: provider.profit" });
    } finally {
      writeFileSync(summaryFile, summary);
      writeFileSync(manifestFile, manifest);
    }
    expect((await verifyRun(dir)).ok).toBe(true);
  });

  it("refuses to run a representative scenario as one world", async () => {
    await expect(runWorld(buildWorld(twoDays, scenarioDir), join(tmp, "one-world"))).rejects.toThrow(/calendar\.representative/);
    expect(existsSync(join(tmp, "one-world"))).toBe(false);
  });
});

describe("representative spans: a fault", () => {
  it("stops at the faulty span, keeps the finished ones, and says failed naming the span", async () => {
    const dir = join(tmp, "fault");
    const withFaultyAgent = (world: World): World => {
      const victim = world.agents[1]!;
      const faulty: Strategy = {
        ...victim.strategy,
        decide: (id, view, state, rng) => {
          if (view.t === 10) throw new Error("sensor offline");
          return victim.strategy.decide(id, view, state, rng);
        },
      };
      return { ...world, agents: world.agents.map((a, i) => (i === 1 ? { ...a, strategy: faulty } : a)) };
    };
    const result = await runRepresentative(twoDays, scenarioDir, dir, {
      buildSpanWorld: (span, from) => {
        const world = buildWorld(span.scenario, from);
        return span.index === 1 ? withFaultyAgent(world) : world;
      },
    });
    expect(result.outcome.status).toBe("failed");
    expect(result.outcome.fault).toMatchObject({ step: 10, detail: "span spans/1-2026-07-13: sensor offline" });
    expect(result.summary.status).toBe("failed");
    expect(result.summary.error?.span).toBe("spans/1-2026-07-13");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.status).toBe("failed");
    expect(manifest.error.span).toBe("spans/1-2026-07-13");
    expect(manifest.spans.map((s: { status: string }) => s.status)).toEqual(["complete", "failed"]);
    expect(JSON.parse(readFileSync(join(dir, "spans/0-2026-01-12/manifest.json"), "utf8")).status).toBe("complete");
  });
});

import { scenarioFolderInputs } from "../../src/core/input-source.js";
import { describe, expect, it } from "vitest";
import { buildAgentModels, buildDccOperator, type AgentBuildContext, type DccFlexibility } from "../../src/agents/index.js";
import { DccOperatorSchema } from "../../src/agents/index.js";
import { InputError } from "../../src/core/errors.js";
import { createStream } from "../../src/core/rng.js";
import { outdoorTemperature } from "../../src/core/profiles/temperature.js";
import type { Calendar } from "../../src/core/calendar.js";

const calendar: Calendar = { start: "2026-07-01T00:00:00Z", steps: 72, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 8 };
const ctx: AgentBuildContext = { calendar, latitudeDeg: 30, rootSeed: "7", inputs: scenarioFolderInputs(".") };
const it400 = { generator: "datacenter-it", meanKW: 400, swing: 0.3, peakHour: 14 } as const;

describe("outdoor temperature generator", () => {
  const params = { meanC: 16, seasonalAmplitudeC: 10, diurnalAmplitudeC: 5, noiseSdC: 1, warmestDayOfYear: 200, warmestHour: 15 };
  const year: Calendar = { start: "2026-01-01T00:00:00Z", steps: 8760, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 0 };

  it("is seeded, warmer in July than in January and in the afternoon than at dawn", () => {
    const a = outdoorTemperature(params, year, createStream("s", "temp"));
    const b = outdoorTemperature(params, year, createStream("s", "temp"));
    expect(Array.from(a)).toEqual(Array.from(b));
    const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const january = a.subarray(0, 31 * 24);
    const july = a.subarray(181 * 24, 212 * 24);
    expect(mean(july) - mean(january)).toBeGreaterThan(15);
    expect(mean(a)).toBeCloseTo(16, 0);
    let afternoon = 0;
    let dawn = 0;
    for (let d = 0; d < 365; d++) {
      afternoon += a[d * 24 + 15]!;
      dawn += a[d * 24 + 3]!;
    }
    expect((afternoon - dawn) / 365).toBeGreaterThan(7);
  });
});

describe("DCC model: batch, PUE and flexibility", () => {
  it("keeps a cluster without deadlines, migration or link free of flexibility, with the numbers of before", () => {
    const spec = DccOperatorSchema.parse({ id: "dcc", kind: "dcc-operator", dataCenters: [{ id: "a", itLoad: it400, pue: 1.3 }] });
    const model = buildDccOperator(spec, ctx);
    expect(model.flexibility).toBeUndefined();
    for (let t = 0; t < calendar.steps; t++) expect(model.netLoadKW[t]).toBe(model.series.itLoadKW![t]! * 1.3);
    // The generated batch part is the steady meanKW·b·(1 + noise), about 120 kW.
    for (const x of model.series.batchKW!) expect(x).toBeGreaterThan(100);
    for (const x of model.series.batchKW!) expect(x).toBeLessThan(140);
  });

  it("carries its flexibility when batch work has a deadline: interactive + batch = IT, deadline in steps, default capacity 2 × mean", () => {
    const spec = DccOperatorSchema.parse({
      id: "dcc",
      kind: "dcc-operator",
      migrationBandwidthKW: 50,
      dataCenters: [
        { id: "a", itLoad: it400, batchShare: 0.5, batchDeadlineHours: 4.5 },
        { id: "b", itLoad: it400, itCapacityKW: 700 },
      ],
    });
    const model = buildDccOperator(spec, ctx);
    const flex = model.flexibility as DccFlexibility;
    expect(flex.kind).toBe("dcc");
    expect(flex.interconnectKW).toBe(Infinity);
    expect(flex.migrationBandwidthKW).toBe(50);
    expect(flex.dataCenters.map((d) => d.deadlineSteps)).toEqual([4, 1]);
    expect(flex.dataCenters[1]!.itCapacityKW).toBe(700);
    const a = flex.dataCenters[0]!;
    const meanIt = Array.from(a.interactiveKW).reduce((s, x, t) => s + x + a.batchKW[t]!, 0) / calendar.steps;
    expect(a.itCapacityKW).toBeCloseTo(2 * meanIt, 9);
    for (let t = 0; t < calendar.steps; t++) {
      const it = a.interactiveKW[t]! + a.batchKW[t]! + flex.dataCenters[1]!.interactiveKW[t]! + flex.dataCenters[1]!.batchKW[t]!;
      expect(it).toBeCloseTo(model.series.itLoadKW![t]!, 9);
    }
  });

  it("refuses a batch deadline shorter than one step, naming agents[i].dataCenters[j].batchDeadlineHours", () => {
    const spec = DccOperatorSchema.parse({
      id: "dcc",
      kind: "dcc-operator",
      dataCenters: [
        { id: "a", itLoad: it400 },
        { id: "b", itLoad: it400, batchDeadlineHours: 0.5 },
      ],
    });
    let error: unknown;
    try {
      buildAgentModels([spec], ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]!.path).toBe("agents[0].dataCenters[1].batchDeadlineHours");
  });

  it("temperature-driven PUE raises facility power on hot hours", () => {
    const pue = { base: 1.2, perDegreeC: 0.02, aboveC: 26, temperature: { generator: "temperature", meanC: 16 } };
    const spec = DccOperatorSchema.parse({ id: "dcc", kind: "dcc-operator", dataCenters: [{ id: "a", itLoad: it400, pue }] });
    const model = buildDccOperator(spec, ctx);
    const tempSpec = DccOperatorSchema.parse({ id: "dcc", kind: "dcc-operator", dataCenters: [{ id: "a", itLoad: it400, pue }] }).dataCenters[0]!.pue;
    if (typeof tempSpec === "number" || "csv" in tempSpec.temperature) throw new Error("expected a generated temperature");
    const T = outdoorTemperature(tempSpec.temperature, calendar, createStream("7", "profile:dcc:a:temperature"));
    let hot = 0;
    let cool = 0;
    for (let t = 0; t < calendar.steps; t++) {
      const ratio = model.series.facilityKW![t]! / model.series.itLoadKW![t]!;
      expect(ratio).toBeCloseTo(1.2 + 0.02 * Math.max(0, T[t]! - 26), 9);
      if (T[t]! > 27) {
        hot++;
        expect(ratio).toBeGreaterThan(1.22);
      } else if (T[t]! <= 26) {
        cool++;
        expect(ratio).toBeCloseTo(1.2, 12);
      }
    }
    expect(hot).toBeGreaterThan(0);
    expect(cool).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { genesisHash } from "../../src/sim/log/hash-chain.js";
import { normalisedWeights, spanFolderName, spanSeed } from "../../src/lab/calendar-representative.js";
import { builtInScenarioNames, loadScenario, validateScenario } from "../../src/lab/load-scenario.js";
import { representativeSpans } from "../../src/lab/representative-spans.js";
import { scenarioJsonSchema } from "../../src/lab/json-schema.js";

/**
 * `calendar.representative`: the spans a scenario runs and weights into a year. Each refusal
 * names its field; a scenario without the field resolves exactly as before.
 */

const { scenario: base } = loadScenario("dcc-week");
const JAN = "2026-01-12T00:00:00Z";
const APR = "2026-04-13T00:00:00Z";
const JUL = "2026-07-13T00:00:00Z";

/** dcc-week with its calendar changed by `calendar` (its start left out unless given). */
function withCalendar(calendar: Record<string, unknown>): unknown {
  const { start: _start, ...rest } = base.calendar;
  return { ...base, calendar: { ...rest, steps: 168, ...calendar } };
}

function issuesOf(raw: unknown): { path: string; expected: string }[] {
  try {
    validateScenario(raw);
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
  return [];
}

describe("calendar.representative: the schema", () => {
  it("is absent unless asked for: built-in scenarios resolve without it and their start stays where it was", () => {
    for (const name of builtInScenarioNames()) {
      const { scenario } = loadScenario(name);
      expect("representative" in scenario.calendar).toBe(false);
      expect(typeof scenario.calendar.start).toBe("string");
      // Resolving the resolved form again changes nothing, so the genesis hash is stable.
      expect(genesisHash(validateScenario(scenario))).toBe(genesisHash(scenario));
    }
    const { start: _start, ...withoutStart } = base.calendar;
    expect(validateScenario({ ...base, calendar: withoutStart }).calendar.start).toBe("2026-01-01T00:00:00Z");
  });

  it("accepts spans; calendar.start left out becomes the first span's, and a start equal to it (any offset) is accepted", () => {
    const resolved = validateScenario(withCalendar({ representative: { starts: [JAN, JUL] } }));
    expect(resolved.calendar.start).toBe(JAN);
    expect(resolved.calendar.representative).toEqual({ starts: [JAN, JUL] });
    expect(issuesOf(withCalendar({ start: "2026-01-12T08:00:00+08:00", representative: { starts: [JAN, JUL] } }))).toEqual([]);
  });

  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ["empty starts", { representative: { starts: [] } }, "calendar.representative.starts", /at least one start/],
    ["a start that is no ISO instant", { representative: { starts: [JAN, "July"] } }, "calendar.representative.starts[1]", /./],
    ["duplicate starts", { representative: { starts: [JAN, JUL, "2026-07-13T08:00:00+08:00"] } }, "calendar.representative.starts[2]", /distinct starts: starts\[2\] is starts\[1\]/],
    ["weights of the wrong length", { representative: { starts: [JAN, APR, JUL], weights: [1, 2] } }, "calendar.representative.weights", /one weight per start \(3\), got 2/],
    ["a zero weight", { representative: { starts: [JAN, JUL], weights: [1, 0] } }, "calendar.representative.weights[1]", /weight > 0/],
    ["a negative weight", { representative: { starts: [JAN, JUL], weights: [-1, 1] } }, "calendar.representative.weights[0]", /weight > 0/],
    ["spans that overlap", { representative: { starts: [JAN, "2026-01-15T00:00:00Z"] } }, "calendar.representative.starts[1]", /do not overlap: each span is .* 168 h/],
    ["spans longer than a year together", { steps: 5000, representative: { starts: ["2026-01-01T00:00:00Z", "2026-08-01T00:00:00Z"] } }, "calendar.representative.starts", /fit in a year/],
    ["a calendar.start that is not the first span's", { start: "2026-06-01T00:00:00Z", representative: { starts: [JAN, JUL] } }, "calendar.start", /first span's start .*2026-01-12/],
    ["an unknown field", { representative: { starts: [JAN], weight: [1] } }, "calendar.representative.weight", /no such field/],
  ];
  for (const [what, calendar, path, expected] of refusals) {
    it(`refuses ${what}, naming ${path}`, () => {
      const issues = issuesOf(withCalendar(calendar));
      const issue = issues.find((i) => i.path === path);
      expect(issue, JSON.stringify(issues)).toBeDefined();
      expect(issue!.expected).toMatch(expected);
    });
  }

  it("is in the JSON Schema of scenario files", () => {
    const schema = JSON.stringify(scenarioJsonSchema());
    expect(schema).toContain("representative");
    expect(schema).toContain("starts");
  });
});

describe("calendar.representative: spans, weights and seeds", () => {
  it("normalises weights so that Σ weight·hours = 8760 h", () => {
    expect(normalisedWeights(4, 168)).toEqual([8760 / 672, 8760 / 672, 8760 / 672, 8760 / 672]);
    const [a, b] = normalisedWeights(2, 24, [3, 1]);
    expect(a).toBeCloseTo(273.75, 12);
    expect(b).toBeCloseTo(91.25, 12);
    expect(a! * 24 + b! * 24).toBeCloseTo(8760, 9);
  });

  it("gives each span its own seed from the scenario's seed and the span's instant, and a folder named by its date", () => {
    const seed = spanSeed("42", JAN);
    expect(seed).toMatch(/^[0-9a-f]{16}$/);
    // The same instant written with another offset is the same span.
    expect(spanSeed("42", "2026-01-12T08:00:00+08:00")).toBe(seed);
    expect(spanSeed("42", JUL)).not.toBe(seed);
    expect(spanSeed("7", JAN)).not.toBe(seed);
    expect(spanFolderName(2, JUL)).toBe("2-2026-07-13");
  });

  it("plans every span as an ordinary scenario: its start, its seed, no representative", () => {
    const scenario = validateScenario(withCalendar({ representative: { starts: [JAN, JUL], weights: [3, 1] } }));
    const spans = representativeSpans(scenario);
    expect(spans.map((s) => s.folder)).toEqual(["spans/0-2026-01-12", "spans/1-2026-07-13"]);
    expect(spans.map((s) => s.scenario.calendar.start)).toEqual([JAN, JUL]);
    expect(spans.map((s) => s.scenario.seed)).toEqual([spanSeed("42", JAN), spanSeed("42", JUL)]);
    for (const span of spans) {
      expect("representative" in span.scenario.calendar).toBe(false);
      expect(span.scenario.calendar.steps).toBe(168);
      expect(span.hours).toBe(168);
    }
    expect(spans[0]!.weight * 168 + spans[1]!.weight * 168).toBeCloseTo(8760, 9);
    expect(spans[0]!.weight / spans[1]!.weight).toBeCloseTo(3, 12);
  });
});

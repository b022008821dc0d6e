import { scenarioFolderInputs } from "../../src/core/input-source.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Calendar } from "../../src/core/calendar.js";
import { InputError } from "../../src/core/errors.js";
import { loadProfileCsv } from "../../src/core/profile.js";
import { parseIsoTime } from "../../src/core/profile-csv/check.js";
import { csvProfile } from "../../src/agents/profile-source.js";
import { CsvProfileSchema } from "../../src/agents/index.js";

const hourly = (steps: number, start = "2026-06-01T00:00:00Z"): Calendar => ({ start, steps, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 0 });
let dir = "";

/** Writes `text` to a fresh CSV in the test folder and returns its path. */
function csv(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The file at `file` as an input source hands it to the loader. */
function source(file: string): { name: string; text: string } {
  return { name: file, text: readFileSync(file, "utf8") };
}

/** Timed rows every `minutes` from 2026-06-01T00:00Z with the given values. */
function timedRows(minutes: number, values: readonly number[], header = "time,kw"): string {
  const start = Date.parse("2026-06-01T00:00:00Z");
  return `${header}\n${values.map((v, i) => `${new Date(start + i * minutes * 60_000).toISOString()},${v}`).join("\n")}\n`;
}

/** The InputError thrown by `f`, checked to name `path` and say `expected`. */
function inputError(f: () => unknown, path: string | RegExp, expected: string | RegExp): InputError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  const issue = (caught as InputError).issues[0]!;
  expect(issue.path).toMatch(path);
  expect(issue.expected).toMatch(expected);
  return caught as InputError;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sesame-profile-csv-"));
});

describe("profile CSV: golden resampling cases", () => {
  it("averages 15-min kW rows into hourly steps", () => {
    const file = csv("q.csv", timedRows(15, [1, 2, 3, 4, 10, 10, 10, 10, 0, 4, 0, 4]));
    expect(Array.from(loadProfileCsv(source(file), hourly(3)))).toEqual([2.5, 10, 2]);
  });

  it("holds 2-hourly rows over each hourly step", () => {
    const file = csv("two-hourly.csv", timedRows(120, [6, 8, 99]));
    expect(Array.from(loadProfileCsv(source(file), hourly(4)))).toEqual([6, 6, 8, 8]);
  });

  it("converts kWh rows: 15-min energies summed over the hour, 2-hour energies spread as average power", () => {
    const q = csv("q-kwh.csv", timedRows(15, [0.25, 0.5, 0.25, 1, 1, 1, 1, 1], "time,kwh"));
    expect(Array.from(loadProfileCsv(source(q), hourly(2), { unit: "kWh" }))).toEqual([2, 4]);
    const two = csv("two-kwh.csv", timedRows(120, [10, 4], "time,kwh"));
    expect(Array.from(loadProfileCsv(source(two), hourly(4), { unit: "kWh" }))).toEqual([5, 5, 2, 2]);
    const untimed = csv("untimed-kwh.csv", "kwh\n1\n0.5\n");
    const halfHourly: Calendar = { ...hourly(2), stepHours: 0.5 };
    expect(Array.from(loadProfileCsv(source(untimed), halfHourly, { unit: "kWh" }))).toEqual([2, 1]);
  });

  it("converts W and MW to kW, with and without a time column", () => {
    const w = csv("w.csv", "load_w\n500\n1250\n");
    expect(Array.from(loadProfileCsv(source(w), hourly(2), { unit: "W" }))).toEqual([0.5, 1.25]);
    const mw = csv("mw.csv", timedRows(30, [0.5, 0.7, 1, 1], "time,mw"));
    expect(Array.from(loadProfileCsv(source(mw), hourly(2), { unit: "MW" }))).toEqual([600, 1000]);
  });

  it("weights misaligned rows by their overlap with each step", () => {
    const file = csv("offset.csv", "time,kw\n2026-06-01T00:30:00Z,2\n2026-06-01T01:30:00Z,4\n2026-06-01T02:30:00Z,6\n");
    expect(Array.from(loadProfileCsv(source(file), hourly(2, "2026-06-01T01:00:00Z")))).toEqual([3, 5]);
  });

  it("reads times with offsets as instants and times without a zone as the calendar's local clock", () => {
    const local: Calendar = { ...hourly(2), utcOffsetHours: 8 };
    const noZone = csv("local.csv", "time,kw\n2026-06-01 08:00,1\n2026-06-01 09:00,2\n");
    expect(Array.from(loadProfileCsv(source(noZone), local))).toEqual([1, 2]);
    const offset = csv("offset-zone.csv", "time,kw\n2026-06-01T02:00:00+02:00,3\n2026-06-01T03:00:00+02:00,4\n");
    expect(Array.from(loadProfileCsv(source(offset), hourly(2)))).toEqual([3, 4]);
    expect(parseIsoTime("2026-02-30T00:00:00Z", 0)).toBeUndefined();
    expect(parseIsoTime("2026-06-01", 0)).toBe(Date.parse("2026-06-01T00:00:00Z"));
  });

  it("keeps rows-as-steps files working: no time column, or a `time` column of row labels", () => {
    const plain = csv("plain.csv", "kw\n1\n2\n3\n");
    expect(Array.from(loadProfileCsv(source(plain), hourly(2)))).toEqual([1, 2]);
    const labels = csv("labels.csv", "time,kw\n0,5\n1,6\n");
    expect(Array.from(loadProfileCsv(source(labels), hourly(2)))).toEqual([5, 6]);
  });

  it("uses an explicit time and value column among several", () => {
    const file = csv("multi.csv", "stamp,a,b\n2026-06-01T00:00Z,1,10\n2026-06-01T01:00Z,2,20\n");
    expect(Array.from(loadProfileCsv(source(file), hourly(2), { timeColumn: "stamp", column: "b" }))).toEqual([10, 20]);
  });

  it("writes the spec's defaults and applies scale after the unit (csvProfile)", () => {
    expect(CsvProfileSchema.parse({ csv: "x.csv" })).toEqual({ csv: "x.csv", unit: "kW", scale: 1 });
    csv("house-w.csv", timedRows(30, [400, 600, 1000, 1000], "time,load_w"));
    const spec = CsvProfileSchema.parse({ csv: "house-w.csv", unit: "W", scale: 2 });
    const ctx = { calendar: hourly(2), latitudeDeg: 30, rootSeed: "1", inputs: scenarioFolderInputs(dir) };
    expect(Array.from(csvProfile(spec, ctx, "agents[0].load"))).toEqual([1, 2]);
  });
});

describe("profile CSV: errors name the field and the line", () => {
  const at = (name: string, line: number) => `(${join(dir, name)}:${line})`;
  const field = "agents[3].load";

  it("rejects a non-monotonic time at its line", () => {
    const file = csv("back.csv", "time,kw\n2026-06-01T00:00Z,1\n2026-06-01T01:00Z,1\n2026-06-01T00:30Z,1\n");
    inputError(() => loadProfileCsv(source(file), hourly(1), { fieldPath: field }), `${field}.timeColumn ${at("back.csv", 4)}`, /strictly increasing.*before the previous/);
    const dup = csv("dup.csv", "time,kw\n2026-06-01T00:00Z,1\n2026-06-01T01:00Z,1\n2026-06-01T01:00Z,1\n");
    inputError(() => loadProfileCsv(source(dup), hourly(1), { fieldPath: field }), `${field}.timeColumn ${at("dup.csv", 4)}`, /equal to the previous/);
  });

  it("rejects a gap at the line where it occurs", () => {
    const file = csv("gap.csv", "time,kw\n2026-06-01T00:00Z,1\n2026-06-01T01:00Z,1\n\n2026-06-01T03:00Z,1\n2026-06-01T04:00Z,1\n");
    inputError(() => loadProfileCsv(source(file), hourly(4), { fieldPath: field }), `${field}.timeColumn ${at("gap.csv", 5)}`, /every 1 h .*2 h after the previous one \(a gap\)/);
  });

  it("rejects rows that end before the horizon, with rows needed vs found", () => {
    const file = csv("short.csv", timedRows(15, [1, 1, 1, 1, 1, 1]));
    inputError(() => loadProfileCsv(source(file), hourly(3), { fieldPath: field }), `${field}.csv`, /every 15 min .*: 12 rows needed, .*short\.csv has 6/);
    const late = csv("late.csv", "time,kw\n2026-06-01T01:00Z,1\n2026-06-01T02:00Z,1\n");
    inputError(() => loadProfileCsv(source(late), hourly(1), { fieldPath: field }), `${field}.csv`, /from the calendar start 2026-06-01T00:00:00.000Z, but .* starts at 2026-06-01T01:00:00.000Z/);
  });

  it("rejects too few rows without a time column", () => {
    const file = csv("few.csv", "kw\n1\n2\n");
    inputError(() => loadProfileCsv(source(file), hourly(3), { fieldPath: field }), `${field}.csv`, /at least 3 data rows .*found 2/);
  });

  it("rejects an unknown unit (loader and schema)", () => {
    const file = csv("u.csv", "kw\n1\n");
    inputError(() => loadProfileCsv(source(file), hourly(1), { unit: "kVA", fieldPath: field }), `${field}.unit`, /one of kW, W, MW, kWh, got "kVA"/);
    const parsed = CsvProfileSchema.safeParse({ csv: "u.csv", unit: "kw" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(["unit"]);
  });

  it("rejects a non-numeric or blank cell at its line", () => {
    const file = csv("nan.csv", "time,kw\n2026-06-01T00:00Z,1\n2026-06-01T01:00Z,abc\n");
    inputError(() => loadProfileCsv(source(file), hourly(2), { fieldPath: field }), `${field}.csv ${at("nan.csv", 3)}`, /a number in column "kw", got "abc"/);
    const blank = csv("blank.csv", "kw\n1\n,\n");
    inputError(() => loadProfileCsv(source(blank), hourly(2), { fieldPath: field }), `${field}.csv ${at("blank.csv", 3)}`, /got ""/);
  });

  it("rejects a bad time cell in a named time column", () => {
    const file = csv("badtime.csv", "when,kw\n2026-06-01T00:00Z,1\nyesterday,1\n");
    inputError(() => loadProfileCsv(source(file), hourly(1), { timeColumn: "when", fieldPath: field }), `${field}.timeColumn ${at("badtime.csv", 3)}`, /ISO 8601 time in column "when".*"yesterday"/);
  });

  it("rejects an empty file, a header without rows, a missing file and an unknown column", () => {
    inputError(() => loadProfileCsv(source(csv("empty.csv", "\n\n")), hourly(1), { fieldPath: field }), `${field}.csv`, /header row .*is empty/);
    inputError(() => loadProfileCsv(source(csv("header.csv", "kw\n")), hourly(1), { fieldPath: field }), `${field}.csv`, /data rows below the header/);
    inputError(() => scenarioFolderInputs(dir).read("nope.csv", `${field}.csv`), `${field}.csv`, /cannot read "nope.csv"/);
    inputError(() => loadProfileCsv(source(csv("cols.csv", "a,b\n1,2\n")), hourly(1), { fieldPath: field }), `${field}.column`, /several value columns/);
    inputError(() => loadProfileCsv(source(csv("cols2.csv", "a,b\n1,2\n")), hourly(1), { column: "c", fieldPath: field }), `${field}.column`, /a column of .*\(a, b\), got "c"/);
  });
});

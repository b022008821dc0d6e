import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { csvText, readJsonTable, readParquet, writeCsv, writeJsonTable, writeParquet, type DataTable } from "../../src/lab/exports/table.js";
import { exportRunTables } from "../../src/lab/exports/time-series.js";
import { runScenario } from "../../src/lab/run-scenario.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-exports-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A table with every awkward value: separators, quotes, newlines, empty strings, nulls, -0, tiny and huge numbers. */
const awkward: DataTable = {
  columns: [
    { name: "label", type: "string" },
    { name: "x", type: "number" },
    { name: "ok", type: "boolean" },
  ],
  rows: [
    { label: "plain", x: 1, ok: true },
    { label: "a,b", x: 0.1 + 0.2, ok: false },
    { label: 'say "hi"', x: -1.5e-300, ok: null },
    { label: "two\nlines", x: null, ok: true },
    { label: "", x: 1e21, ok: false },
    { label: null, x: -0, ok: null },
    { x: 123456789012345 },
  ],
};

describe("CSV", () => {
  it("quotes per RFC 4180, writes shortest round-trip numbers and nulls as empty fields", () => {
    expect(csvText(awkward)).toBe(
      [
        "label,x,ok",
        "plain,1,true",
        `"a,b",0.30000000000000004,false`,
        `"say ""hi""",-1.5e-300,`,
        `"two\nlines",,true`,
        `"",1e+21,false`,
        ",0,",
        ",123456789012345,",
        "",
      ].join("\n"),
    );
  });

  it("quotes header names that need it and writes the same bytes twice", () => {
    const table: DataTable = { columns: [{ name: "a,b", type: "number" }], rows: [{ "a,b": 2 }] };
    const a = join(tmp, "a.csv");
    const b = join(tmp, "b.csv");
    writeCsv(a, table);
    writeCsv(b, table);
    expect(readFileSync(a, "utf8")).toBe('"a,b"\n2\n');
    expect(readFileSync(a)).toEqual(readFileSync(b));
  });

  it("refuses values that do not match their column's type, and non-finite numbers", () => {
    const column = [{ name: "x", type: "number" as const }];
    expect(() => csvText({ columns: column, rows: [{ x: "1" }] })).toThrow(/row 0, column "x"/);
    expect(() => csvText({ columns: column, rows: [{ x: Number.NaN }] })).toThrow(/non-finite/);
    expect(() => csvText({ columns: [...column, ...column], rows: [] })).toThrow(/twice/);
  });
});

describe("Parquet", () => {
  it("round-trips numbers, strings, booleans and nulls, column order and types included", () => {
    const file = join(tmp, "awkward.parquet");
    writeParquet(file, awkward);
    const back = readParquet(file);
    expect(back.columns).toEqual(awkward.columns);
    expect(back.rows).toHaveLength(awkward.rows.length);
    back.rows.forEach((row, i) => {
      const expected = awkward.rows[i]!;
      for (const { name } of awkward.columns) expect(row[name]).toStrictEqual(expected[name] ?? null);
    });
  });

  it("writes byte-identical files for the same table", () => {
    const a = join(tmp, "same-a.parquet");
    const b = join(tmp, "same-b.parquet");
    writeParquet(a, awkward);
    writeParquet(b, awkward);
    expect(Buffer.compare(readFileSync(a), readFileSync(b))).toBe(0);
  });

  it("writes and reads an empty table", () => {
    const file = join(tmp, "empty.parquet");
    const empty: DataTable = { columns: [{ name: "t", type: "number" }, { name: "who", type: "string" }], rows: [] };
    writeParquet(file, empty);
    expect(readParquet(file)).toEqual(empty);
  });

  it("leaves no temporary file behind", () => {
    expect(readdirSync(tmp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a file that is not Parquet with an InputError naming it", () => {
    const file = join(tmp, "not.parquet");
    writeFileSync(file, "hello");
    expect(() => readParquet(file)).toThrow(InputError);
    expect(() => readParquet(file)).toThrow(/not\.parquet/);
  });
});

describe("JSON tables", () => {
  it("round-trips through canonical JSON, absent members written as null", () => {
    const file = join(tmp, "awkward.json");
    writeJsonTable(file, awkward);
    const back = readJsonTable(file);
    expect(back.columns).toEqual(awkward.columns);
    expect(back.rows[6]).toEqual({ label: null, x: 123456789012345, ok: null });
    expect(back.rows[3]).toEqual({ label: "two\nlines", x: null, ok: true });
    const text = readFileSync(file, "utf8");
    writeJsonTable(file, back);
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("refuses a file that is not a table", () => {
    const file = join(tmp, "bad.json");
    writeFileSync(file, '{"columns": 3}');
    expect(() => readJsonTable(file)).toThrow(InputError);
  });
});

describe("per-run time series of a real run", () => {
  const dir = join(tmp, "run");
  let files: string[];
  let steps: StepBody[];
  let tenantsPerStep: number;

  beforeAll(async () => {
    await runScenario({ scenario: "dcc-week", steps: 48, baselines: false, out: dir });
    files = exportRunTables(dir, { csv: true }).files;
    const records = readFileSync(join(dir, "steps.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as LogRecord);
    steps = records.filter((r): r is LogRecord & StepBody => r.kind === "step");
    tenantsPerStep = steps.reduce((n, r) => n + r.dispatch.flows.length, 0);
  });

  it("writes the four Parquet files and their CSVs beside the log", () => {
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(
      ["flows.csv", "flows.parquet", "ledger.csv", "ledger.parquet", "prices.csv", "prices.parquet", "soc.csv", "soc.parquet"],
    );
    expect(steps).toHaveLength(48);
  });

  it("prices: one row per step, tariff from the world, clearing and rental prices from the log", () => {
    const prices = readParquet(join(dir, "prices.parquet"));
    expect(prices.columns.map((c) => c.name)).toEqual(["t", "time", "buyPrice", "sellPrice", "clearingPrice", "cE", "cP"]);
    expect(prices.rows).toHaveLength(48);
    let rental = null as StepBody["rental"] | null;
    prices.rows.forEach((row, t) => {
      const step = steps[t]!;
      if (step.rental) rental = step.rental;
      expect(row["t"]).toBe(t);
      expect(row["time"]).toBe(step.time);
      expect(row["clearingPrice"]).toBe(step.clearing.prices["clearing"] ?? null);
      expect(row["cE"]).toBe(rental?.prices?.cE ?? null);
      expect(row["cP"]).toBe(rental?.prices?.cP ?? null);
      expect(typeof row["buyPrice"]).toBe("number");
      expect(row["buyPrice"] as number).toBeGreaterThanOrEqual(row["sellPrice"] as number);
    });
    // Step 0 opens the first rental period in the default scenario.
    expect(prices.rows[0]!["cE"]).not.toBeNull();
  });

  it("soc: one row per tenant per step, stored energy as dispatched", () => {
    const soc = readParquet(join(dir, "soc.parquet"));
    expect(soc.rows).toHaveLength(tenantsPerStep);
    const at20 = soc.rows.filter((r) => r["t"] === 20);
    expect(at20.map((r) => [r["tenant"], r["storedKWh"]])).toEqual(steps[20]!.dispatch.flows.map((f) => [f.tenant, f.storedKWh]));
    const contract = steps[0]!.rental!.contracts[0]!;
    expect(soc.rows.find((r) => r["t"] === 20 && r["tenant"] === contract.tenant)!["rentedEnergyKWh"]).toBe(contract.energyKWh);
  });

  it("flows: one row per agent per step; grid and peer energy add up to the agent's orders", () => {
    const flows = readParquet(join(dir, "flows.parquet"));
    const agents = new Set(flows.rows.map((r) => r["agent"]));
    expect(flows.rows).toHaveLength(48 * agents.size);
    const step = steps[0]!;
    for (const order of step.orders) {
      const row = flows.rows.find((r) => r["t"] === 0 && r["agent"] === order.agent)!;
      const traded = order.side === "buy" ? (row["peerBoughtKWh"] as number) + (row["gridImportKWh"] as number) : (row["peerSoldKWh"] as number) + (row["gridExportKWh"] as number);
      expect(traded).toBeCloseTo(order.kWh, 9);
    }
    const tenant = step.dispatch.flows[0]!;
    expect(flows.rows.find((r) => r["t"] === 0 && r["agent"] === tenant.tenant)!["chargeKW"]).toBe(tenant.chargeKW);
  });

  it("ledger: one row per payment, in log order", () => {
    const ledger = readParquet(join(dir, "ledger.parquet"));
    const payments = steps.flatMap((s) => s.payments.map((p) => ({ t: s.t, from: p.from, to: p.to, amount: p.amount, reason: p.reason })));
    expect(ledger.rows.length).toBeGreaterThanOrEqual(1);
    expect(ledger.rows).toEqual(payments);
  });

  it("CSV and Parquet hold the same rows", () => {
    const csvLines = readFileSync(join(dir, "soc.csv"), "utf8").trim().split("\n");
    expect(csvLines).toHaveLength(tenantsPerStep + 1);
    const first = readParquet(join(dir, "soc.parquet")).rows[0]!;
    expect(csvLines[1]).toBe([first["t"], first["tenant"], first["storedKWh"], first["rentedEnergyKWh"] ?? ""].map(String).join(","));
  });

  it("exports the same bytes twice", () => {
    const before = readFileSync(join(dir, "flows.parquet"));
    exportRunTables(dir);
    expect(Buffer.compare(readFileSync(join(dir, "flows.parquet")), before)).toBe(0);
  });

  it("refuses a folder that is not a run, and an edited log, naming the path", () => {
    expect(() => exportRunTables(join(tmp, "nowhere"))).toThrow(/nowhere/);
    const edited = join(tmp, "edited");
    // A copy of the run with one digit of step 5 changed.
    mkdirSync(edited);
    writeFileSync(join(edited, "manifest.json"), readFileSync(join(dir, "manifest.json")));
    const lines = readFileSync(join(dir, "steps.jsonl"), "utf8").split("\n");
    lines[5] = lines[5]!.replace(/"storedKWh":(\d)/, (_m, d: string) => `"storedKWh":${d === "9" ? "8" : String(Number(d) + 1)}`);
    writeFileSync(join(edited, "steps.jsonl"), lines.join("\n"));
    expect(() => exportRunTables(edited)).toThrow(InputError);
    expect(() => exportRunTables(edited)).toThrow(/steps\.jsonl.*step 5/s);
  });
});


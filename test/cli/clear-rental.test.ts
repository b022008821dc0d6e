import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = "dist/src/cli/main.js";

/** Runs the built CLI with `input` on stdin. */
function sesame(args: string[], input = "") {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Energy 100 kWh at reserve 0.1: a [50@0.6, 30@0.3], b [40@0.5, 20@0.45], c [30@0.4].
// Power 30 kW at reserve 0.2:     a [10@1.0],        b [20@0.5],           c [30@0.25].
// (Bids listed out of order: the book is sorted by agent.)
const BIDS = [
  { agent: "c", energy: [[30, 0.4]], power: [[30, 0.25]] },
  { agent: "a", energy: [[50, 0.6], [30, 0.3]], power: [[10, 1.0]] },
  { agent: "b", energy: [[40, 0.5], [20, 0.45]], power: [[20, 0.5]] },
];
const PROVIDER = { energyKWh: 100, powerKW: 30, reserve: { cE: 0.1, cP: 0.2 } };
const BOOK = JSON.stringify({ provider: PROVIDER, bids: BIDS });

/** The report with numbers rounded to 9 decimals. */
function rounded(stdout: string): unknown {
  return JSON.parse(stdout, (_key, v: unknown) => (typeof v === "number" ? Number(v.toFixed(9)) : v));
}
const r9 = (x: number) => Number(x.toFixed(9));

beforeAll(() => {
  // npm test builds dist/ before any test runs; rebuilding here would rewrite modules under
  // CLIs that other test files are starting in parallel (a half-written module fails to load).
  expect(existsSync(`${ROOT}/${MAIN}`)).toBe(true);
});

describe("sesame clear rental", () => {
  it("uniform: partly filled last block, price from the best block left out (golden, stdin)", () => {
    // E: a 50, b 40 + 10 of 20@0.45 → cE 0.45 (the remainder); P: a 10, b 20 fill 30 → cP 0.25 (c's block).
    const r = sesame(["clear", "rental", "--mechanism", "uniform", "-"], BOOK);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\{\n {2}"mechanism": "uniform",\n/);
    expect(rounded(r.stdout)).toEqual({
      mechanism: "uniform",
      prices: { cE: 0.45, cP: 0.25 },
      contracts: { a: { energyKWh: 50, powerKW: 10, payment: 25 }, b: { energyKWh: 50, powerKW: 20, payment: 27.5 } },
      providerRevenue: 52.5,
    });
  });

  it("pay-as-bid: same allocation, own block values (golden)", () => {
    // a 50 × 0.6 + 10 × 1.0 = 40; b 40 × 0.5 + 10 × 0.45 + 20 × 0.5 = 34.5.
    const r = sesame(["clear", "rental", "--mechanism", "pay-as-bid"], BOOK);
    expect(r.code).toBe(0);
    expect(rounded(r.stdout)).toEqual({
      mechanism: "pay-as-bid",
      prices: null,
      contracts: { a: { energyKWh: 50, powerKW: 10, payment: 40 }, b: { energyKWh: 50, powerKW: 20, payment: 34.5 } },
      providerRevenue: 74.5,
    });
  });

  it("vcg: Clarke payments (golden)", () => {
    // a: 0.1 × 50 + (32 − 19.5) + 0.2 × 10 + (6.5 − 6) = 20; b: 0.1 × 50 + (38 − 25) + 0.2 × 20 + (9 − 8) = 23.
    const r = sesame(["clear", "rental", "--mechanism", "vcg"], BOOK);
    expect(r.code).toBe(0);
    expect(rounded(r.stdout)).toEqual({
      mechanism: "vcg",
      prices: null,
      contracts: { a: { energyKWh: 50, powerKW: 10, payment: 20 }, b: { energyKWh: 50, powerKW: 20, payment: 23 } },
      providerRevenue: 43,
    });
  });

  it("posted: the book's params set the prices, --param overrides them; pro-rata rationing (golden)", () => {
    // cE 0.4 (from the book), cP 0.3 (flag over the book's 9): E asked 140 > 100 → × 5/7; P asked 30.
    const book = JSON.stringify({ provider: PROVIDER, params: { cE: 0.4, cP: 9 }, bids: BIDS });
    const r = sesame(["clear", "rental", "--mechanism", "posted", "--param", "cP=0.3"], book);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(rounded(r.stdout)).toEqual({
      mechanism: "posted",
      prices: { cE: 0.4, cP: 0.3 },
      contracts: {
        a: { energyKWh: r9(250 / 7), powerKW: 10, payment: r9(100 / 7 + 3) },
        b: { energyKWh: r9(300 / 7), powerKW: 20, payment: r9(120 / 7 + 6) },
        c: { energyKWh: r9(150 / 7), powerKW: 0, payment: r9(60 / 7) },
      },
      providerRevenue: 49,
    });
  });

  it("stackelberg: revenue-maximising block values, tie to the lower price (golden)", () => {
    // E: 0.45 × min(100, 110) = 45 ties 0.5 × 90 = 45 → 0.45, demand 110 rationed × 10/11; P: 0.5 × 30 = 15.
    const r = sesame(["clear", "rental", "--mechanism", "stackelberg"], BOOK);
    expect(r.code).toBe(0);
    expect(rounded(r.stdout)).toEqual({
      mechanism: "stackelberg",
      prices: { cE: 0.45, cP: 0.5 },
      contracts: {
        a: { energyKWh: r9(500 / 11), powerKW: 10, payment: r9(0.45 * (500 / 11) + 5) },
        b: { energyKWh: r9(600 / 11), powerKW: 20, payment: r9(0.45 * (600 / 11) + 10) },
      },
      providerRevenue: 60,
    });
  });

  // Two tenants, two bundles each (test/market/rental-bundles.test.ts works them by hand): both best
  // bundles need 110 kWh > 100; a (60 kWh, 20 kW) and b (30, 15) win, declared surplus 22.
  const BUNDLES = JSON.stringify({
    provider: { energyKWh: 100, powerKW: 40, reserve: { cE: 0.1, cP: 0.5 } },
    bids: [
      { agent: "b", bundles: [[50, 25, 28], [30, 15, 18.5]] },
      { agent: "a", bundles: [[60, 20, 30], [40, 10, 20]] },
    ],
  });

  it("bundles: uniform, pay-as-bid and vcg clear jointly (golden)", () => {
    // uniform: least-regret prices within IR, least cE first: cE 0.1, cP 0.75 → a 21, b 14.25.
    // pay-as-bid: each its bundle's value. vcg: a 30 − (22 − 10.5) = 18.5, b its reserve cost 10.5.
    const expected: Record<string, unknown> = {
      uniform: { prices: { cE: 0.1, cP: 0.75 }, a: 21, b: 14.25, revenue: 35.25 },
      "pay-as-bid": { prices: null, a: 30, b: 18.5, revenue: 48.5 },
      vcg: { prices: null, a: 18.5, b: 10.5, revenue: 29 },
    };
    for (const [mechanism, e] of Object.entries(expected) as [string, { prices: unknown; a: number; b: number; revenue: number }][]) {
      const r = sesame(["clear", "rental", "--mechanism", mechanism], BUNDLES);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(rounded(r.stdout)).toEqual({
        mechanism,
        prices: e.prices,
        contracts: { a: { energyKWh: 60, powerKW: 20, payment: e.a }, b: { energyKWh: 30, powerKW: 15, payment: e.b } },
        providerRevenue: e.revenue,
      });
    }
  });

  it("bundles: exits 2 naming the field of a bad bundle, a bid with both forms, or a mechanism that cannot clear bundles", () => {
    const bad = sesame(["clear", "rental", "--mechanism", "uniform"], JSON.stringify({ provider: PROVIDER, bids: [{ agent: "a", bundles: [[10, 5, 1], [10, -5, 1]] }] }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bids\[0\]\.bundles\[1\]\[1\]: a number ≥ 0 \(power, kW\)/);
    const both = sesame(["clear", "rental", "--mechanism", "vcg"], JSON.stringify({ provider: PROVIDER, bids: [{ agent: "a", power: [[5, 1]], bundles: [[10, 5, 1]] }] }));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/bids\[0\]\.bundles: bundles or blocks/);
    for (const mechanism of ["posted", "stackelberg"]) {
      const r = sesame(["clear", "rental", "--mechanism", mechanism], BUNDLES);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--mechanism: a mechanism that clears bundle bids \(uniform, pay-as-bid, vcg\)/);
    }
  });

  it("exits 2 on input that is not JSON", () => {
    const r = sesame(["clear", "rental", "--mechanism", "uniform"], "{not json");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\(input\): valid JSON/);
    expect(r.stdout).toBe("");
  });

  it("exits 2 naming bids[1].energy[0][0] for a negative quantity", () => {
    const bad = JSON.stringify({ provider: PROVIDER, bids: [BIDS[0], { agent: "d", energy: [[-5, 0.3]] }] });
    const r = sesame(["clear", "rental", "--mechanism", "uniform"], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bids\[1\]\.energy\[0\]\[0\]: a number ≥ 0/);
  });

  it("exits 2 naming bids[0].power for increasing block values", () => {
    const bad = JSON.stringify({ provider: PROVIDER, bids: [{ agent: "a", power: [[5, 0.2], [5, 0.4]] }] });
    const r = sesame(["clear", "rental", "--mechanism", "vcg"], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bids\[0\]\.power: .*values non-increasing/);
  });

  it("exits 2 naming an unknown field", () => {
    const bad = JSON.stringify({ provider: PROVIDER, bids: BIDS, reserve: 1 });
    const r = sesame(["clear", "rental", "--mechanism", "uniform"], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/reserve: no such field/);
  });

  it("exits 2 naming --mechanism for an unknown mechanism, listing the rental ones", () => {
    const r = sesame(["clear", "rental", "--mechanism", "k-double"], BOOK);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--mechanism: one of posted, uniform, pay-as-bid, vcg, stackelberg/);
  });

  it("exits 2 naming an unknown parameter, from a flag or from the book", () => {
    const flag = sesame(["clear", "rental", "--mechanism", "posted", "--param", "price=1"], BOOK);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--param price: a known parameter \(cE, cP\)/);
    const none = sesame(["clear", "rental", "--mechanism", "uniform", "--param", "cE=1"], BOOK);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--param cE: no parameters/);
    const inBook = sesame(["clear", "rental", "--mechanism", "stackelberg"], JSON.stringify({ provider: PROVIDER, params: { cE: 1 }, bids: BIDS }));
    expect(inBook.code).toBe(2);
    expect(inBook.stderr).toMatch(/params\.cE: a known parameter \(ceilingE/);
  });

  it("exits 2 for a mechanism without a book form (when one is registered)", () => {
    // Mechanisms that need agent models (cooperative) have no clearBook; none may be registered yet.
    const listed = sesame(["mechanisms"]).stdout;
    if (!/^rental\s+cooperative\s/m.test(listed)) return;
    const r = sesame(["clear", "rental", "--mechanism", "cooperative"], BOOK);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--mechanism: a mechanism that clears a stand-alone book/);
  });

  it("has help with an example, and `sesame mechanisms` lists the rental mechanisms", () => {
    const help = sesame(["clear", "rental", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Example:/);
    const list = sesame(["mechanisms"]);
    for (const name of ["posted", "uniform", "pay-as-bid", "vcg", "stackelberg"]) expect(list.stdout).toMatch(new RegExp(`^rental\\s+${name}\\s`, "m"));
    expect(list.stdout).toMatch(/^rental\s+vcg\s.*IR ✓ BB strong truthful ✓ efficient ✓/m);
  });
});

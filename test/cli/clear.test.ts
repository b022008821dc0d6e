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

// Buys a 2@0.28, b 1@0.20; sells c 1@0.10, d 2@0.22; grid 0.30 / 0.05.
// a×c 1, a×d 1 kWh; b* = 0.28, s* = 0.22; k = 0 → p = s* = 0.22.
// a pays 0.44; b imports 1 × 0.30; c gets 0.22; d gets 0.22 + 1 × 0.05 export = 0.27.
const BOOK = JSON.stringify({
  tariff: { buy: 0.3, sell: 0.05 },
  orders: [
    { agent: "a", side: "buy", kWh: 2, limit: 0.28 },
    { agent: "b", side: "buy", kWh: 1, limit: 0.2 },
    { agent: "c", side: "sell", kWh: 1, limit: 0.1 },
    { agent: "d", side: "sell", kWh: 2, limit: 0.22 },
  ],
});

beforeAll(() => {
  // npm test builds dist/ before any test runs; rebuilding here would rewrite modules under
  // CLIs that other test files are starting in parallel (a half-written module fails to load).
  expect(existsSync(`${ROOT}/${MAIN}`)).toBe(true);
});

describe("sesame clear energy", () => {
  it("clears a golden book read from stdin and prints the report as pretty JSON", () => {
    const r = sesame(["clear", "energy", "--mechanism", "uniform", "--param", "k=0", "-"], BOOK);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\{\n {2}"mechanism": "uniform",\n/);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      mechanism: "uniform",
      prices: { clearing: 0.22 },
      trades: [
        { buyer: "a", seller: "c", kWh: 1, buyerPrice: 0.22, sellerPrice: 0.22 },
        { buyer: "a", seller: "d", kWh: 1, buyerPrice: 0.22, sellerPrice: 0.22 },
      ],
      settlement: {
        a: { peerBoughtKWh: 2, peerSoldKWh: 0, gridImportKWh: 0, gridExportKWh: 0, payment: 0.44 },
        b: { peerBoughtKWh: 0, peerSoldKWh: 0, gridImportKWh: 1, gridExportKWh: 0, payment: 0.3 },
        c: { peerBoughtKWh: 0, peerSoldKWh: 1, gridImportKWh: 0, gridExportKWh: 0, payment: -0.22 },
        d: { peerBoughtKWh: 0, peerSoldKWh: 1, gridImportKWh: 0, gridExportKWh: 1, payment: -0.27 },
      },
      operatorSurplus: 0,
    });
  });

  it("reads stdin when FILE is absent; grid-only trades nothing", () => {
    const r = sesame(["clear", "energy", "--mechanism", "grid-only"], BOOK);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.trades).toEqual([]);
    expect(out.settlement.a.gridImportKWh).toBe(2);
  });

  it("exits 2 on input that is not JSON", () => {
    const r = sesame(["clear", "energy", "--mechanism", "uniform"], "{not json");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\(input\): valid JSON/);
    expect(r.stdout).toBe("");
  });

  it("exits 2 naming orders[0].kWh for a negative quantity", () => {
    const bad = JSON.stringify({ tariff: { buy: 0.3, sell: 0.05 }, orders: [{ agent: "a", side: "buy", kWh: -1, limit: 0.2 }] });
    const r = sesame(["clear", "energy", "--mechanism", "uniform"], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/orders\[0\]\.kWh: a number ≥ 0/);
  });

  it("exits 2 naming both orders of an agent on both sides of the book (self-trading is refused)", () => {
    // a buys 2 @ 0.3 and sells 2 @ 0.1: matched as it stands, a would trade with itself.
    const self = JSON.stringify({
      tariff: { buy: 0.32, sell: 0.08 },
      orders: [
        { agent: "a", side: "buy", kWh: 2, limit: 0.3 },
        { agent: "a", side: "sell", kWh: 2, limit: 0.1 },
      ],
    });
    for (const mechanism of ["uniform", "pay-as-bid", "grid-only"]) {
      const r = sesame(["clear", "energy", "--mechanism", mechanism], self);
      expect(r.code, mechanism).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/orders\[1\]: orders of one agent on one side only: agent "a" buys in orders\[0\] and sells in orders\[1\]; self-trading is refused/);
    }
  });

  it("exits 2 naming --mechanism for an unknown mechanism", () => {
    const r = sesame(["clear", "energy", "--mechanism", "vickrey"], BOOK);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--mechanism: one of grid-only, uniform/);
  });

  it("exits 2 naming the parameter for an unknown or invalid --param", () => {
    const unknown = sesame(["clear", "energy", "--mechanism", "uniform", "--param", "kappa=1"], BOOK);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--param kappa: a known parameter \(k\)/);
    const invalid = sesame(["clear", "energy", "--mechanism", "uniform", "--param", "k=2"], BOOK);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/--param k: a number in \[0, 1\]/);
  });

  it("has help with an example", () => {
    const r = sesame(["clear", "energy", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Example:/);
    expect(r.stdout).toMatch(/--param <key=value>/);
  });
});

describe("sesame mechanisms", () => {
  it("lists grid-only, uniform and posted with kind and properties", () => {
    const r = sesame(["mechanisms"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^energy\s+grid-only\s.*IR ✓ BB strong truthful ✓/m);
    expect(r.stdout).toMatch(/^energy\s+uniform\s+k=0\.5\s.*IR ✓ BB strong truthful ✗/m);
    expect(r.stdout).toMatch(/^rental\s+posted\s/m);
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { annualProviderCashFlow, irr, npv, paybackYears, usersMargins, viabilityOf, viableForUsers } from "../../src/lab/viability.js";
import { yearBasisOf } from "../../src/lab/year-basis.js";
import type { RunSummary } from "../../src/lab/run-summary.js";
import { runScenario } from "../../src/lab/run-scenario.js";

const provider = (p: Partial<RunSummary["provider"]>): Pick<RunSummary, "provider"> => ({
  provider: { rentalRevenue: 0, degradationFees: 0, floorTopUpCost: 0, arbitrageProfit: 0, degradationCost: 0, capexShare: 0, omShare: 0, profit: 0, ...p },
});

describe("financial formulas (golden, by hand)", () => {
  it("NPV: capex 1000, CF 200/yr, 10 y, 6 % → −1000 + 200·(1 − 1.06^−10)/0.06 = 472.02", () => {
    expect(npv(0.06, 1000, 200, 10)).toBeCloseTo(472.017, 3);
    // At rate 0 the annuity is just the sum: −1000 + 10·200.
    expect(npv(0, 1000, 200, 10)).toBe(1000);
  });

  it("IRR: capex 1000, CF 200/yr, 10 y → 15.10 % (annuity factor 5 at that rate)", () => {
    const r = irr(1000, 200, 10)!;
    expect(r).toBeCloseTo(0.15098, 4);
    expect((1 - Math.pow(1 + r, -10)) / r).toBeCloseTo(5, 9);
  });

  it("IRR: no sign change → null (negative cash flow; zero capex)", () => {
    expect(irr(1000, -50, 10)).toBeNull();
    expect(irr(0, 200, 10)).toBeNull();
  });

  it("payback: simple 1000/200 = 5 y; discounted at 6 %: −ln(1 − 0.3)/ln 1.06 = 6.1212 y", () => {
    expect(paybackYears(1000, 200, 10)).toBe(5);
    expect(paybackYears(1000, 200, 10, 0.06)).toBeCloseTo(-Math.log(0.7) / Math.log(1.06), 9);
    expect(paybackYears(1000, 200, 10, 0.06)).toBeCloseTo(6.1212, 4);
    // Not within the lifetime, never at all, and nothing to repay.
    expect(paybackYears(1000, 200, 4)).toBeNull();
    expect(paybackYears(1000, 50, 100, 0.06)).toBeNull();
    expect(paybackYears(1000, -1, 10)).toBeNull();
    expect(paybackYears(0, 10, 10)).toBe(0);
  });

  it("annual cash flow: (rent 30 + fees 5 + arbitrage 2 − top-up 3 − wear 4) · 8760/168 − O&M 1000", () => {
    const cf = annualProviderCashFlow(provider({ rentalRevenue: 30, degradationFees: 5, arbitrageProfit: 2, floorTopUpCost: 3, degradationCost: 4 }), { omPerYear: 1000 }, 168);
    expect(cf).toBeCloseTo((30 * 8760) / 168 - 1000, 9);
    expect(() => annualProviderCashFlow(provider({}), { omPerYear: 0 }, 0)).toThrow(RangeError);
  });
});

const rate = fc.double({ min: 0, max: 0.5, noNaN: true });
const money = fc.double({ min: 1, max: 1e6, noNaN: true });
const years = fc.integer({ min: 1, max: 40 });

describe("financial formulas (properties)", () => {
  it("NPV decreases in the rate for a positive cash flow", () => {
    fc.assert(
      fc.property(rate, rate, money, money, years, (r1, r2, capex, cf, n) => {
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        expect(npv(hi, capex, cf, n)).toBeLessThanOrEqual(npv(lo, capex, cf, n) + 1e-9 * Math.max(1, capex, cf * n));
      }),
    );
  });

  it("NPV at the IRR is ≈ 0, and the IRR exists exactly when NPV changes sign on the bracket", () => {
    fc.assert(
      fc.property(money, money, years, (capex, cf, n) => {
        const r = irr(capex, cf, n);
        const changes = Math.sign(npv(-0.99, capex, cf, n)) !== Math.sign(npv(10, capex, cf, n));
        expect(r !== null).toBe(changes);
        if (r !== null) expect(Math.abs(npv(r, capex, cf, n))).toBeLessThan(1e-6 * Math.max(capex, cf));
      }),
    );
  });

  it("payback at rate 0 exists exactly when NPV at rate 0 is ≥ 0 (integers, so no ties by rounding)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: -1e4, max: 1e5 }), years, (capex, cf, n) => {
        expect(paybackYears(capex, cf, n) !== null).toBe(npv(0, capex, cf, n) >= 0);
      }),
    );
  });

  it("discounted payback exists when NPV ≥ 0 at that rate (up to rounding) and is never shorter than the simple one", () => {
    fc.assert(
      fc.property(money, money, years, rate, (capex, cf, n, r) => {
        const discounted = paybackYears(capex, cf, n, r);
        const value = npv(r, capex, cf, n);
        const tolerance = 1e-9 * Math.max(capex, cf * n);
        if (value > tolerance) expect(discounted).not.toBeNull();
        if (value < -tolerance) expect(discounted).toBeNull();
        if (discounted !== null) expect(discounted).toBeGreaterThanOrEqual(paybackYears(capex, cf, n)! - 1e-9 * n);
      }),
    );
  });
});

describe("viableForUsers", () => {
  const summary = (costs: number[], noStorage: number, individual: number) =>
    ({
      agents: Object.fromEntries(costs.map((cost, i) => [`a${i}`, { cost }])),
      comparison: { baselines: { noStorage: { total: noStorage }, ownBattery: { total: individual, sizing: "optimal" } } },
    }) as unknown as RunSummary;

  it("needs the cluster's cost below both baselines; null without them", () => {
    expect(viableForUsers(summary([10, 20], 40, 35))).toBe(true);
    expect(viableForUsers(summary([10, 20], 40, 30))).toBe(false);
    expect(viableForUsers(summary([10, 20], 29, 35))).toBe(false);
    expect(viableForUsers({ agents: {}, comparison: undefined } as unknown as RunSummary)).toBeNull();
  });

  it("carries each margin, so a verdict says by how much", () => {
    const margins = usersMargins(summary([10, 20], 40, 29))!;
    expect(margins).toEqual({ cost: 30, noStorage: 40, ownBattery: 29, ownBatterySizing: "optimal", marginVsNoStorage: 10, marginVsOwnBattery: -1 });
    expect(usersMargins({ agents: {}, comparison: undefined } as unknown as RunSummary)).toBeNull();
  });

  it("does not count a rounding difference as a gain (an agent that rents nothing costs its baseline)", () => {
    // From a dcc-shared run that rented nothing: cost and both baselines agree to 1e-11.
    expect(viableForUsers(summary([89946.72080454086], 89946.72080454088, 89946.72080454088))).toBe(false);
    expect(viableForUsers(summary([89900], 89946.72080454088, 89946.72080454088))).toBe(true);
  });
});

describe("the basis of yearly figures", () => {
  it("says a short run is an extrapolation and from which months", () => {
    const june = { start: "2026-06-01T00:00:00Z", stepHours: 1, utcOffsetHours: 8 };
    expect(yearBasisOf(june, 48)).toEqual({ hours: 48, extrapolated: true, months: ["June"], description: "extrapolated from 2 days (June)" });
    expect(yearBasisOf(june, 36).description).toBe("extrapolated from 36 hours (June)");
    // 30 June 20:00 local + 10 h crosses into July.
    expect(yearBasisOf({ ...june, start: "2026-06-30T12:00:00Z" }, 10).months).toEqual(["June", "July"]);
    expect(yearBasisOf({ ...june, start: "2026-01-01T00:00:00Z" }, 8760)).toMatchObject({ extrapolated: false, description: "a full year simulated" });
    expect(yearBasisOf({ ...june, stepHours: 0.25 }, 96 * 7).description).toBe("extrapolated from 7 days (June)");
  });
});

describe("viability of a real run", () => {
  it("dcc-week, 48 steps: summary.viability exists, is written, and NPV sign ↔ viableForProvider", async () => {
    const out = mkdtempSync(join(tmpdir(), "sesame-viability-"));
    try {
      const dir = join(out, "run");
      const { summary, world } = await runScenario({ scenario: "dcc-week", steps: 48, out: dir });
      const v = summary.viability!;
      expect(v).toBeDefined();
      expect(Number.isFinite(v.npv)).toBe(true);
      expect(v.viableForProvider).toBe(v.npv >= 0);
      expect(v.viableForUsers).not.toBeNull();
      expect(v.viable).toBe(v.viableForUsers! && v.viableForProvider);
      expect(v.basis.description).toBe("extrapolated from 2 days (June)");
      expect(v.users!.marginVsOwnBattery).toBeCloseTo(summary.comparison!.baselines.ownBattery.total - v.users!.cost, 9);
      if (v.irr !== null) expect(v.npv >= 0).toBe(v.irr >= v.discountRate - 1e-9);
      expect(v.discountedPaybackYears !== null).toBe(v.npv >= 0);
      const scenario = world.scenario as { storage: { energyKWh: number; powerKW: number; economics: { capexPerKWh: number; capexPerKW: number } } };
      expect(v.capex).toBeCloseTo(scenario.storage.economics.capexPerKWh * scenario.storage.energyKWh + scenario.storage.economics.capexPerKW * scenario.storage.powerKW, 6);
      expect(viabilityOf(summary, world.scenario as Parameters<typeof viabilityOf>[1])).toEqual(v);
      expect(JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")).viability).toEqual(JSON.parse(JSON.stringify(v)));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

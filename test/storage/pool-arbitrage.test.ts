import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dispatchStorage, storageInvariantViolations } from "../../src/storage/index.js";
import { part, spec, stateOf } from "./fixtures.js";

const pool = (chargeKW: number, dischargeKW: number, powerKW = 50) => ({ owner: "provider", chargeKW, dischargeKW, powerKW });

describe("dispatchStorage — the provider's pool request (arbitrage)", () => {
  it("charges the unrented pool through η_c and reports its flow", () => {
    // Unrented 60 kWh of 100; pool holds 6; charging 20 kW at η_c 0.9 stores 18.
    const r = dispatchStorage(spec({ etaCharge: 0.9 }), stateOf([part("a", 40, 10, 4)], 6), [], 1, pool(20, 0));
    expect(r.poolFlow).toEqual({ chargeKW: 20, dischargeKW: 0 });
    expect(r.state.unrentedStoredKWh).toBeCloseTo(24, 12);
    expect(r.netPhysicalKW).toBe(20);
    expect(r.throughputKWh).toBe(20);
    expect(r.energyResidualKWh).toBeCloseTo(0, 12);
  });

  it("keeps the pool inside s_min..s_max of the unrented capacity", () => {
    // Unrented 60 kWh, s_max 0.9 → at most 54; the pool holds 50, so it takes 4 kW for 1 h.
    const s = spec({ socMin: 0.1, socMax: 0.9 });
    const up = dispatchStorage(s, stateOf([part("a", 40, 10, 4)], 50), [], 1, pool(20, 0));
    expect(up.poolFlow!.chargeKW).toBeCloseTo(4, 12);
    expect(up.curtailments).toEqual([{ tenant: "provider", side: "charge", requestedKW: 20, grantedKW: up.poolFlow!.chargeKW, reason: "partition-soc" }]);
    // Floor 6 kWh: holding 10 it can give 4.
    const down = dispatchStorage(s, stateOf([part("a", 40, 10, 4)], 10), [], 1, pool(0, 20));
    expect(down.poolFlow!.dischargeKW).toBeCloseTo(4, 12);
  });

  it("takes only the headroom the tenants' net flow leaves (pooled) and never cuts a tenant", () => {
    // P^max 50; tenant charges 45 → pool may charge 5, or discharge up to 95 by netting (its own limit 50).
    const tenants = stateOf([part("a", 50, 50, 0)], 25);
    const charge = dispatchStorage(spec(), tenants, [{ tenant: "a", chargeKW: 45, dischargeKW: 0 }], 1, pool(30, 0));
    expect(charge.flows[0]!.chargeKW).toBe(45);
    expect(charge.poolFlow!.chargeKW).toBe(5);
    expect(charge.curtailments.at(-1)!.reason).toBe("physical-power");
    const discharge = dispatchStorage(spec(), tenants, [{ tenant: "a", chargeKW: 45, dischargeKW: 0 }], 1, pool(0, 20));
    expect(discharge.poolFlow!.dischargeKW).toBe(20);
    expect(discharge.netPhysicalKW).toBe(25);
  });

  it("takes only what the tenants' gross flows leave (partitioned)", () => {
    const r = dispatchStorage(spec({ mode: "partitioned" }), stateOf([part("a", 50, 40, 0)], 25), [{ tenant: "a", chargeKW: 40, dischargeKW: 0 }], 1, pool(0, 20));
    expect(r.poolFlow!.dischargeKW).toBe(10);
  });

  it("property: with a pool request, energy balances, the invariant holds and tenants' flows are those without it", () => {
    fc.assert(
      fc.property(
        fc.record({
          mode: fc.constantFrom("pooled" as const, "partitioned" as const),
          rented: fc.double({ min: 0, max: 100, noNaN: true }),
          storedShare: fc.double({ min: 0, max: 1, noNaN: true }),
          poolShare: fc.double({ min: 0, max: 1, noNaN: true }),
          tenantNet: fc.double({ min: -60, max: 60, noNaN: true }),
          poolNet: fc.double({ min: -80, max: 80, noNaN: true }),
          poolPower: fc.double({ min: 0, max: 80, noNaN: true }),
        }),
        (x) => {
          const s = spec({ mode: x.mode, etaCharge: 0.95, etaDischarge: 0.9, selfDischargePerStep: 0.001, socMin: 0.1, socMax: 0.9 });
          const unrented = 100 - x.rented;
          const state = stateOf(x.rented > 0 ? [part("a", x.rented, 30, 0.1 * x.rented + 0.8 * x.rented * x.storedShare)] : [], 0.1 * unrented + 0.8 * unrented * x.poolShare);
          const requests = [{ tenant: "a", chargeKW: Math.max(0, x.tenantNet), dischargeKW: Math.max(0, -x.tenantNet) }];
          const without = dispatchStorage(s, state, requests, 1);
          const withPool = dispatchStorage(s, state, requests, 1, pool(Math.max(0, x.poolNet), Math.max(0, -x.poolNet), x.poolPower));
          expect(withPool.flows).toEqual(without.flows);
          expect(Math.abs(withPool.energyResidualKWh)).toBeLessThan(1e-9);
          expect(storageInvariantViolations(s, withPool.state)).toEqual([]);
          const flow = withPool.poolFlow!;
          expect(flow.chargeKW + flow.dischargeKW).toBeLessThanOrEqual(x.poolPower + 1e-12);
          const physical = x.mode === "pooled" ? Math.abs(withPool.netPhysicalKW) : withPool.throughputKWh;
          expect(physical).toBeLessThanOrEqual(50 + 1e-9);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { dispatchStorage, storageInvariantViolations } from "../../src/storage/index.js";
import { part, spec, stateOf } from "./fixtures.js";

describe("dispatchStorage — physics of one partition", () => {
  it("charges through η_c: 10 kW for 1 h at η_c = 0.9 stores 9 kWh and loses 1", () => {
    // e' = 10 + 0.9·10·1 = 19; loss (1 − 0.9)·10 = 1; throughput 10; degradation 0.01·10 = 0.1
    const s = spec({ etaCharge: 0.9, degradationCostPerKWh: 0.01 });
    const r = dispatchStorage(s, stateOf([part("a", 100, 20, 10)]), [{ tenant: "a", chargeKW: 10, dischargeKW: 0 }], 1);
    expect(r.state.partitions[0]!.storedKWh).toBeCloseTo(19, 12);
    expect(r.flows).toEqual([{ tenant: "a", chargeKW: 10, dischargeKW: 0, storedKWh: r.state.partitions[0]!.storedKWh, lossesKWh: r.lossesKWh }]);
    expect(r.lossesKWh).toBeCloseTo(1, 12);
    expect(r.throughputKWh).toBe(10);
    expect(r.degradationCost).toBeCloseTo(0.1, 12);
    expect(r.netPhysicalKW).toBe(10);
    expect(r.curtailments).toEqual([]);
    expect(r.energyResidualKWh).toBeCloseTo(0, 12);
  });

  it("discharges through η_d: 8 kW for 1 h at η_d = 0.8 drains 10 kWh and loses 2", () => {
    // e' = 50 − 8·1/0.8 = 40; loss (1/0.8 − 1)·8 = 2; net −8
    const r = dispatchStorage(spec({ etaDischarge: 0.8 }), stateOf([part("a", 100, 20, 50)]), [{ tenant: "a", chargeKW: 0, dischargeKW: 8 }], 1);
    expect(r.state.partitions[0]!.storedKWh).toBeCloseTo(40, 12);
    expect(r.lossesKWh).toBeCloseTo(2, 12);
    expect(r.netPhysicalKW).toBe(-8);
    expect(r.energyResidualKWh).toBeCloseTo(0, 12);
  });

  it("scales energy by Δt: 10 kW for 0.25 h stores 2.5 kWh", () => {
    // e' = 0 + 1·10·0.25 = 2.5; throughput 10·0.25 = 2.5
    const r = dispatchStorage(spec(), stateOf([part("a", 100, 20, 0)]), [{ tenant: "a", chargeKW: 10, dischargeKW: 0 }], 0.25);
    expect(r.state.partitions[0]!.storedKWh).toBe(2.5);
    expect(r.throughputKWh).toBe(2.5);
  });

  it("self-discharges partitions (requesting or not) and the unrented pool", () => {
    // σ = 0.01: a 50 → 49.5 (loss 0.5), pool 20 → 19.8 (loss 0.2); total loss 0.7
    const r = dispatchStorage(spec({ selfDischargePerStep: 0.01 }), stateOf([part("a", 100, 20, 50)], 20), [], 1);
    expect(r.flows).toEqual([{ tenant: "a", chargeKW: 0, dischargeKW: 0, storedKWh: 49.5, lossesKWh: 0.5 }]);
    expect(r.state.unrentedStoredKWh).toBeCloseTo(19.8, 12);
    expect(r.lossesKWh).toBeCloseTo(0.7, 12);
    expect(r.throughputKWh).toBe(0);
    expect(r.energyResidualKWh).toBeCloseTo(0, 12);
  });

  it("nets a tenant's own charge and discharge without calling it a curtailment", () => {
    // 10 − 4 = 6 kW charge
    const r = dispatchStorage(spec(), stateOf([part("a", 100, 20, 0)]), [{ tenant: "a", chargeKW: 10, dischargeKW: 4 }], 1);
    expect(r.flows[0]).toMatchObject({ chargeKW: 6, dischargeKW: 0, storedKWh: 6 });
    expect(r.curtailments).toEqual([]);
  });
});

describe("dispatchStorage — partition limits", () => {
  it("clamps to P_i", () => {
    // P_i = 10, request 25 → 10; e' = 10
    const r = dispatchStorage(spec(), stateOf([part("a", 100, 10, 0)]), [{ tenant: "a", chargeKW: 25, dischargeKW: 0 }], 1);
    expect(r.flows[0]!.chargeKW).toBe(10);
    expect(r.curtailments).toEqual([{ tenant: "a", side: "charge", requestedKW: 25, grantedKW: 10, reason: "partition-power" }]);
  });

  it("clamps charge at s_max·E_i, allowing for η_c and Δt", () => {
    // room 0.9·100 − 85 = 5 kWh; c ≤ 5/(0.8·0.5) = 12.5 kW; e' = 85 + 0.8·12.5·0.5 = 90
    const s = spec({ socMax: 0.9, etaCharge: 0.8 });
    const r = dispatchStorage(s, stateOf([part("a", 100, 50, 85)]), [{ tenant: "a", chargeKW: 20, dischargeKW: 0 }], 0.5);
    expect(r.curtailments).toEqual([{ tenant: "a", side: "charge", requestedKW: 20, grantedKW: 12.5, reason: "partition-soc" }]);
    expect(r.state.partitions[0]!.storedKWh).toBe(90);
  });

  it("clamps discharge at s_min·E_i, allowing for η_d", () => {
    // above floor 15 − 0.1·100 = 5 kWh; d ≤ 5·0.5/1 = 2.5 kW; e' = 15 − 2.5/0.5 = 10; loss 2.5
    const s = spec({ socMin: 0.1, etaDischarge: 0.5 });
    const r = dispatchStorage(s, stateOf([part("a", 100, 50, 15)]), [{ tenant: "a", chargeKW: 0, dischargeKW: 20 }], 1);
    expect(r.curtailments).toEqual([{ tenant: "a", side: "discharge", requestedKW: 20, grantedKW: 2.5, reason: "partition-soc" }]);
    expect(r.state.partitions[0]!.storedKWh).toBe(10);
    expect(r.lossesKWh).toBeCloseTo(2.5, 12);
  });

  it("measures SOC room after self-discharge", () => {
    // σ = 0.1: 100 → 90, room 100 − 90 = 10 kWh → charge 10 kW granted in full, e' = 100
    const s = spec({ selfDischargePerStep: 0.1 });
    const r = dispatchStorage(s, stateOf([part("a", 100, 50, 100)]), [{ tenant: "a", chargeKW: 10, dischargeKW: 0 }], 1);
    expect(r.curtailments).toEqual([]);
    expect(r.state.partitions[0]!.storedKWh).toBe(100);
  });

  it("lets self-discharge drift below the floor and then refuses discharge", () => {
    // σ = 0.1, floor 0.1·100 = 10: 10 → 9 < 10, so d = 0 and e' = 9 (no error)
    const s = spec({ socMin: 0.1, selfDischargePerStep: 0.1 });
    const r = dispatchStorage(s, stateOf([part("a", 100, 50, 10)]), [{ tenant: "a", chargeKW: 0, dischargeKW: 5 }], 1);
    expect(r.curtailments).toEqual([{ tenant: "a", side: "discharge", requestedKW: 5, grantedKW: 0, reason: "partition-soc" }]);
    expect(r.state.partitions[0]!.storedKWh).toBe(9);
    expect(storageInvariantViolations(s, r.state)).toEqual([]);
  });

  it("records power then SOC cuts in rule order", () => {
    // 25 → P_i 10 (partition-power), then room 4 kWh → 4 kW (partition-soc)
    const r = dispatchStorage(spec(), stateOf([part("a", 100, 10, 96)]), [{ tenant: "a", chargeKW: 25, dischargeKW: 0 }], 1);
    expect(r.curtailments).toEqual([
      { tenant: "a", side: "charge", requestedKW: 25, grantedKW: 10, reason: "partition-power" },
      { tenant: "a", side: "charge", requestedKW: 10, grantedKW: 4, reason: "partition-soc" },
    ]);
  });

  it("gives nothing to a tenant without a partition, after netting, and still lists it", () => {
    // z: 5 − 2 = 3 kW charge → 0 (no-partition); y asks nothing and has no partition: listed, no cut
    const r = dispatchStorage(spec(), stateOf([part("a", 100, 10, 0)]), [
      { tenant: "z", chargeKW: 5, dischargeKW: 2 },
      { tenant: "y", chargeKW: 0, dischargeKW: 0 },
    ], 1);
    expect(r.curtailments).toEqual([{ tenant: "z", side: "charge", requestedKW: 3, grantedKW: 0, reason: "no-partition" }]);
    expect(r.flows.map((f) => f.tenant)).toEqual(["a", "y", "z"]);
    expect(r.flows[2]).toEqual({ tenant: "z", chargeKW: 0, dischargeKW: 0, storedKWh: 0, lossesKWh: 0 });
    expect(r.state.partitions.map((p) => p.tenant)).toEqual(["a"]);
  });
});

describe("dispatchStorage — physical power", () => {
  // P^max 200 kW; a charges 600, b discharges 500; partitions big enough that only power binds
  const flows = [
    { tenant: "a", chargeKW: 600, dischargeKW: 0 },
    { tenant: "b", chargeKW: 0, dischargeKW: 500 },
  ];
  const state = stateOf([part("a", 2000, 600, 500), part("b", 2000, 500, 500)]);

  it("pooled: opposite flows cancel, net 100 ≤ 200, nobody curtailed", () => {
    const s = spec({ energyKWh: 4000, powerKW: 200, mode: "pooled" });
    const r = dispatchStorage(s, state, flows, 1);
    expect(r.curtailments).toEqual([]);
    expect(r.netPhysicalKW).toBe(100);
    expect(r.throughputKWh).toBe(1100);
    expect(r.state.partitions.map((p) => p.storedKWh)).toEqual([1100, 0]);
  });

  it("partitioned: the gross 1100 > 200 is scaled pro rata by 200/1100", () => {
    // a 600·200/1100 = 109.09…, b 500·200/1100 = 90.90…; gross 200
    const s = spec({ energyKWh: 4000, powerKW: 200, mode: "partitioned" });
    const r = dispatchStorage(s, state, flows, 1);
    expect(r.curtailments.map((c) => [c.tenant, c.side, c.requestedKW, c.reason])).toEqual([
      ["a", "charge", 600, "physical-power"],
      ["b", "discharge", 500, "physical-power"],
    ]);
    expect(r.flows[0]!.chargeKW).toBeCloseTo(1200 / 11, 12);
    expect(r.flows[1]!.dischargeKW).toBeCloseTo(1000 / 11, 12);
    expect(r.throughputKWh).toBeCloseTo(200, 9);
  });

  it("pooled: excess charge is scaled by (P^max + Σd)/Σc", () => {
    // Σc = 150 + 50 = 200, Σd = 20, net 180 > 100 → f = 120/200 = 0.6: a 90, b 30, c 20 untouched; net 100
    const s = spec({ energyKWh: 3000, powerKW: 100 });
    const st = stateOf([part("a", 1000, 150, 500), part("b", 1000, 50, 500), part("c", 1000, 20, 500)]);
    const r = dispatchStorage(s, st, [
      { tenant: "c", chargeKW: 0, dischargeKW: 20 },
      { tenant: "a", chargeKW: 150, dischargeKW: 0 },
      { tenant: "b", chargeKW: 50, dischargeKW: 0 },
    ], 1);
    expect(r.curtailments).toEqual([
      { tenant: "a", side: "charge", requestedKW: 150, grantedKW: 90, reason: "physical-power" },
      { tenant: "b", side: "charge", requestedKW: 50, grantedKW: 30, reason: "physical-power" },
    ]);
    expect(r.flows.map((f) => [f.tenant, f.chargeKW, f.dischargeKW])).toEqual([["a", 90, 0], ["b", 30, 0], ["c", 0, 20]]);
    expect(r.netPhysicalKW).toBe(100);
  });

  it("pooled: excess discharge is scaled by (P^max + Σc)/Σd", () => {
    // Σd = 300 + 100 = 400, Σc = 40, net −360 → f = 140/400 = 0.35: a 105, b 35; net 40 − 140 = −100
    const s = spec({ energyKWh: 3000, powerKW: 100 });
    const st = stateOf([part("a", 1000, 300, 900), part("b", 1000, 100, 900), part("c", 1000, 40, 0)]);
    const r = dispatchStorage(s, st, [
      { tenant: "a", chargeKW: 0, dischargeKW: 300 },
      { tenant: "b", chargeKW: 0, dischargeKW: 100 },
      { tenant: "c", chargeKW: 40, dischargeKW: 0 },
    ], 1);
    expect(r.curtailments.map((c) => [c.tenant, c.grantedKW])).toEqual([["a", 105], ["b", 35]]);
    expect(r.netPhysicalKW).toBe(-100);
    expect(r.energyResidualKWh).toBe(0);
  });

  it("applies the physical cut after the partition cuts, to what they left", () => {
    // a: 300 → P_i 200 (partition-power); Σc = 200 > P^max 100 → 100 (physical-power)
    const s = spec({ energyKWh: 1000, powerKW: 100 });
    const r = dispatchStorage(s, stateOf([part("a", 1000, 200, 0)]), [{ tenant: "a", chargeKW: 300, dischargeKW: 0 }], 1);
    expect(r.curtailments.map((c) => [c.reason, c.requestedKW, c.grantedKW])).toEqual([
      ["partition-power", 300, 200],
      ["physical-power", 200, 100],
    ]);
  });
});

describe("dispatchStorage — refusals and purity", () => {
  const st = stateOf([part("a", 100, 10, 0)]);
  it.each([
    [{ tenant: "a", chargeKW: -1, dischargeKW: 0 }, /tenant "a" chargeKW/],
    [{ tenant: "a", chargeKW: 0, dischargeKW: Number.NaN }, /tenant "a" dischargeKW/],
    [{ tenant: "q", chargeKW: Number.POSITIVE_INFINITY, dischargeKW: 0 }, /tenant "q" chargeKW/],
  ])("throws on a bad power, naming the tenant (%o)", (request, message) => {
    expect(() => dispatchStorage(spec(), st, [request], 1)).toThrow(message);
  });
  it("throws on two requests from one tenant", () => {
    const req = { tenant: "a", chargeKW: 1, dischargeKW: 0 };
    expect(() => dispatchStorage(spec(), st, [req, req], 1)).toThrow(/tenant "a" sent more than one request/);
  });
  it.each([0, -1, Number.NaN])("throws on dtHours = %s", (dt) => {
    expect(() => dispatchStorage(spec(), st, [], dt)).toThrow(/dtHours/);
  });
  it("never mutates its inputs", () => {
    const frozen = Object.freeze(stateOf([Object.freeze(part("a", 100, 10, 5))], 3));
    const reqs = Object.freeze([Object.freeze({ tenant: "a", chargeKW: 4, dischargeKW: 0 })]);
    const r = dispatchStorage(spec({ selfDischargePerStep: 0.1 }), frozen, reqs, 1);
    expect(frozen.partitions[0]!.storedKWh).toBe(5);
    expect(r.state.partitions[0]!.storedKWh).toBeCloseTo(8.5, 12);
  });
});

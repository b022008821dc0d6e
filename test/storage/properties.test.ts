import assert from "node:assert/strict";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  dispatchStorage,
  initialStorageState,
  openPartitions,
  storageInvariantViolations,
  type DispatchRequest,
  type DispatchResult,
  type PartitionContract,
  type StorageSpec,
  type StorageState,
} from "../../src/storage/index.js";

const RUNS = 1000;
// Inside the properties plain node:assert is used: vitest's expect costs ~10× more per call.
const TENANTS = ["a", "b", "c", "d", "e"] as const;
/** "z" never gets a partition, so no-partition requests are exercised too. */
const REQUESTERS = [...TENANTS, "z"] as const;

/**
 * A number in [0, max]. fc.double alone draws mostly tiny values (it is uniform over float bit
 * patterns), so most draws come from an even grid and a few from fc.double for the odd cases.
 */
const unit = (max = 1) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 1000 }).map((n) => (n / 1000) * max) },
    { weight: 1, arbitrary: fc.double({ min: 0, max, noNaN: true }) },
  );
const between = (min: number, max: number) => unit(max - min).map((x) => min + x);

const specArb: fc.Arbitrary<StorageSpec> = fc
  .record({
    energyKWh: unit(1e4),
    // P^max from a C-rate: a long-duration battery (low rate) is where the physical limit binds.
    cRate: between(0.01, 4),
    etaCharge: between(0.5, 1),
    etaDischarge: between(0.5, 1),
    selfDischargePerStep: unit(0.05),
    socMin: unit(0.5),
    socSpan: unit(0.5),
    degradationCostPerKWh: unit(0.1),
    mode: fc.constantFrom("pooled" as const, "partitioned" as const),
  })
  .map(({ socSpan, cRate, ...s }) => ({ ...s, powerKW: s.energyKWh * cRate, socMax: s.socMin + socSpan }));

/** Tenants' shares of the battery: normalised into contracts that respect the ratings. */
const sharesArb = fc.uniqueArray(fc.record({ tenant: fc.constantFrom(...TENANTS), energy: unit(), power: unit() }), {
  selector: (s) => s.tenant,
  maxLength: TENANTS.length,
});

/** Requests as multiples of P^max, often zero on one side, up to 3× so every limit gets hit. */
const requestsArb = fc.uniqueArray(
  fc.record({
    tenant: fc.constantFrom(...REQUESTERS),
    charge: fc.oneof(fc.constant(0), unit(3)),
    discharge: fc.oneof(fc.constant(0), unit(3)),
  }),
  { selector: (r) => r.tenant, maxLength: REQUESTERS.length },
);

const scenarioArb = fc.record({
  spec: specArb,
  rentedFraction: unit(),
  // Short steps mostly, so power (not SOC room) binds often enough to reach the physical limit.
  dtHours: fc.oneof(fc.constantFrom(0.05, 0.25, 1), between(0.05, 24)),
  steps: fc.array(fc.record({ rerent: fc.boolean(), shares: sharesArb, requests: requestsArb }), { minLength: 1, maxLength: 6 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
type Shares = Scenario["steps"][number]["shares"];

function contractsFor(spec: StorageSpec, shares: Shares, rentedFraction: number): PartitionContract[] {
  const energyTotal = shares.reduce((s, x) => s + x.energy, 0);
  const powerTotal = shares.reduce((s, x) => s + x.power, 0);
  return shares.map((x) => ({
    tenant: x.tenant,
    rentedEnergyKWh: energyTotal > 0 ? (x.energy / energyTotal) * rentedFraction * spec.energyKWh : 0,
    // Pooled mode may oversell power (each up to 2·P^max); partitioned must fit ΣP_i ≤ P^max.
    rentedPowerKW:
      spec.mode === "pooled" ? x.power * 2 * spec.powerKW : powerTotal > 0 ? (x.power / powerTotal) * spec.powerKW : 0,
  }));
}

interface Step {
  readonly before: StorageState;
  readonly requests: readonly DispatchRequest[];
  readonly result: DispatchResult;
}

/** Runs the scenario (rental round at step 0 and whenever `rerent`), handing every step to `check`. */
function simulate(sc: Scenario, check: (step: Step) => void): void {
  let state = initialStorageState(sc.spec);
  sc.steps.forEach((step, t) => {
    if (t === 0 || step.rerent) {
      const opened = openPartitions(sc.spec, state, contractsFor(sc.spec, step.shares, sc.rentedFraction));
      assert.deepEqual(storageInvariantViolations(sc.spec, opened.state), []);
      // The rental round moves energy only through the top-up and the release.
      const moved = physicalKWh(opened.state) - physicalKWh(state) - opened.floorTopUpKWh + opened.excessReleaseKWh;
      assert.ok(Math.abs(moved) <= relTol(sc.spec.energyKWh), `rental round moved ${moved} kWh`);
      assert.ok(opened.floorTopUpKWh === 0 || opened.excessReleaseKWh === 0, "top-up and release together");
      state = opened.state;
    }
    const requests = step.requests.map((r) => ({
      tenant: r.tenant,
      chargeKW: r.charge * sc.spec.powerKW,
      dischargeKW: r.discharge * sc.spec.powerKW,
    }));
    const result = dispatchStorage(sc.spec, state, requests, sc.dtHours);
    check({ before: state, requests, result });
    state = result.state;
  });
}

const relTol = (magnitude: number) => 1e-9 * Math.max(1, magnitude);
const physicalKWh = (s: StorageState) => s.partitions.reduce((sum, p) => sum + p.storedKWh, s.unrentedStoredKWh);

describe("dispatchStorage properties", () => {
  it("conserves energy: energyResidualKWh ≈ 0", () => {
    fc.assert(
      fc.property(scenarioArb, (sc) =>
        simulate(sc, ({ result }) => {
          const scale = sc.spec.energyKWh + result.throughputKWh;
          assert.ok(Math.abs(result.energyResidualKWh) <= relTol(scale), `residual ${result.energyResidualKWh}`);
          const flowLosses = result.flows.reduce((s, f) => s + f.lossesKWh, 0);
          assert.ok(result.lossesKWh >= flowLosses - relTol(scale), "total losses below the partitions' losses");
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it("keeps the storage invariant after every dispatch", () => {
    fc.assert(
      fc.property(scenarioArb, (sc) =>
        simulate(sc, ({ result }) => assert.deepEqual(storageInvariantViolations(sc.spec, result.state), [])),
      ),
      { numRuns: RUNS },
    );
  });

  it("respects the physical rating: |net| ≤ P^max pooled, gross ≤ P^max partitioned", () => {
    fc.assert(
      fc.property(scenarioArb, (sc) =>
        simulate(sc, ({ result }) => {
          const gross = result.flows.reduce((s, f) => s + f.chargeKW + f.dischargeKW, 0);
          const limited = sc.spec.mode === "pooled" ? Math.abs(result.netPhysicalKW) : gross;
          assert.ok(limited <= sc.spec.powerKW + relTol(sc.spec.powerKW), `${sc.spec.mode} flow ${limited} kW`);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it("never grants more than requested, nor beyond P_i, cuts SOC tightly, and lists flows sorted", () => {
    fc.assert(
      fc.property(scenarioArb, (sc) =>
        simulate(sc, ({ before, requests, result }) => {
          const tenants = result.flows.map((f) => f.tenant);
          const expected = new Set([...before.partitions.map((p) => p.tenant), ...requests.map((r) => r.tenant)]);
          assert.deepEqual(tenants, [...expected].sort());
          for (const f of result.flows) {
            const r = requests.find((q) => q.tenant === f.tenant);
            const p = before.partitions.find((q) => q.tenant === f.tenant);
            assert.ok(f.chargeKW === 0 || f.dischargeKW === 0, `${f.tenant} both charges and discharges`);
            assert.ok(f.chargeKW <= (r?.chargeKW ?? 0), `${f.tenant} charge above request`);
            assert.ok(f.dischargeKW <= (r?.dischargeKW ?? 0), `${f.tenant} discharge above request`);
            assert.ok(f.chargeKW + f.dischargeKW <= (p?.rentedPowerKW ?? 0), `${f.tenant} above P_i`);
          }
          for (const c of result.curtailments) assert.ok(c.grantedKW < c.requestedKW, `${c.tenant} cut that cuts nothing`);
          // A SOC cut is tight: unless the physical rule cut further, the partition ends on its bound.
          for (const c of result.curtailments) {
            const later = result.curtailments.some((x) => x.tenant === c.tenant && x.reason === "physical-power");
            if (c.reason !== "partition-soc" || c.grantedKW === 0 || later) continue;
            const p = before.partitions.find((q) => q.tenant === c.tenant)!;
            const bound = (c.side === "charge" ? sc.spec.socMax : sc.spec.socMin) * p.rentedEnergyKWh;
            const stored = result.flows.find((f) => f.tenant === c.tenant)!.storedKWh;
            assert.ok(Math.abs(stored - bound) <= relTol(sc.spec.energyKWh), `${c.tenant} SOC cut not tight`);
          }
        }),
      ),
      { numRuns: RUNS },
    );
  });
});

describe("property generators", () => {
  // Partitioned contracts keep ΣP_i ≤ P^max, so its physical cut is only reachable from a
  // hand-built state: dispatch.test.ts covers it.
  it("reach every curtailment reason in both modes (else the properties prove little)", () => {
    const reasons = new Set<string>();
    for (const sc of fc.sample(scenarioArb, { numRuns: 300, seed: 1 })) {
      simulate(sc, ({ result }) => result.curtailments.forEach((c) => reasons.add(`${sc.spec.mode}:${c.reason}`)));
    }
    expect([...reasons].sort()).toEqual(
      ["no-partition", "partition-power", "partition-soc"]
        .flatMap((r) => [`partitioned:${r}`, `pooled:${r}`])
        .concat("pooled:physical-power")
        .sort(),
    );
  });
});

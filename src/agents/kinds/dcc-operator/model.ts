import { localHourMid } from "../../../core/calendar.js";
import { datacenterItLoad } from "../../../core/profiles/datacenter-load.js";
import { outdoorTemperature } from "../../../core/profiles/temperature.js";
import { windGeneration } from "../../../core/profiles/wind.js";
import { InputError } from "../../../core/errors.js";
import type { Profile } from "../../../core/profile.js";
import type { CoolingSpec, DataCenterSpec, DccOperatorSpec } from "./spec.js";
import type { AgentBuildContext } from "../../context.js";
import { csvProfile, isCsvSpec, profileStream } from "../../profile-source.js";
import type { AgentModel } from "../../types.js";
import type { CoolingParams, DccFlexibility } from "./flexibility.js";
import { naiveCooling } from "./cooling.js";

/** The cooling parameters of a scenario's cooling plant, absent limits as Infinity. */
export function coolingParams(spec: CoolingSpec): CoolingParams {
  const abs = spec.absorption;
  return {
    loadFactor: spec.loadFactor,
    chillerCop: spec.chillerCop,
    absorption: abs
      ? {
          cop: abs.cop,
          maxCoolingKW: abs.maxCoolingKW ?? Infinity,
          wasteHeatRecovery: abs.wasteHeatRecovery,
          boiler: abs.boiler ? { efficiency: abs.boiler.efficiency, gasPricePerKWh: abs.boiler.gasPricePerKWh, maxHeatKW: abs.boiler.maxHeatKW ?? Infinity } : null,
        }
      : null,
  };
}


/** One data center's profiles, kW. */
export interface DataCenterProfiles {
  readonly itLoadKW: Profile;
  /** IT load × PUE, plus the electric chiller's power when the DC has a cooling plant. */
  readonly facilityKW: Profile;
  readonly windKW: Profile;
  /** Facility power − wind: positive is a deficit, negative a surplus. */
  readonly netKW: Profile;
}

/** One data center's profiles with the split its flexibility needs. */
export interface DataCenterModel extends DataCenterProfiles {
  /** The batch part of the IT load, kW (the rest is interactive). */
  readonly batchKW: Profile;
  /** PUE per step (without cooling when the DC has a cooling plant). */
  readonly pue: Profile;
  /** The profile's cooling flows per step (naive policy); absent without a cooling plant. */
  readonly cooling?: { readonly chillerKW: Profile; readonly absorptionCoolingKW: Profile; readonly boilerGasKW: Profile };
}

/** A data center's IT load, kW: the CSV as given, or the generator on stream `profile:<dcc>:<dc>:it-load`. */
export function resolveItLoad(dc: DataCenterSpec, operatorId: string, ctx: AgentBuildContext, fieldPath: string): Profile {
  if (isCsvSpec(dc.itLoad)) return csvProfile(dc.itLoad, ctx, `${fieldPath}.itLoad`);
  return datacenterItLoad({ ...dc.itLoad, batchShare: dc.batchShare }, ctx.calendar, profileStream(ctx, operatorId, `${dc.id}:it-load`));
}

/**
 * The batch part of a DC's IT load, kW. A generated load is meanKW·[(1 − b)·diurnal + b]·(1 + noise),
 * so its batch part is the steady meanKW·b·(1 + noise); a CSV load is split b : (1 − b) every step.
 */
export function batchPart(dc: DataCenterSpec, itLoadKW: Profile, ctx: AgentBuildContext): Profile {
  const b = dc.batchShare;
  if (isCsvSpec(dc.itLoad)) return itLoadKW.map((it) => b * it);
  const { swing, peakHour } = dc.itLoad;
  return itLoadKW.map((it, t) => {
    const diurnal = 1 + swing * Math.cos((2 * Math.PI * (localHourMid(ctx.calendar, t) - peakHour)) / 24);
    const shape = (1 - b) * diurnal + b;
    return shape > 0 ? (it * b) / shape : 0;
  });
}

/**
 * A DC's PUE per step: the constant, or base + perDegreeC·max(0, T_t − aboveC) with the outdoor
 * temperature T from CSV or the generator on stream `profile:<dcc>:<dc>:temperature`.
 */
export function resolvePue(dc: DataCenterSpec, operatorId: string, ctx: AgentBuildContext, fieldPath: string): Profile {
  const steps = ctx.calendar.steps;
  if (typeof dc.pue === "number") return new Float64Array(steps).fill(dc.pue);
  const { base, perDegreeC, aboveC, temperature } = dc.pue;
  const tempC = "csv" in temperature
    ? csvProfile(temperature, ctx, `${fieldPath}.pue.temperature`, "temperature")
    : outdoorTemperature(temperature, ctx.calendar, profileStream(ctx, operatorId, `${dc.id}:temperature`));
  return tempC.map((T) => base + perDegreeC * Math.max(0, T - aboveC));
}

/** The profiles of one data center of operator `operatorId`. */
export function dataCenterProfiles(dc: DataCenterSpec, operatorId: string, ctx: AgentBuildContext, fieldPath: string): DataCenterModel {
  const itLoadKW = resolveItLoad(dc, operatorId, ctx, fieldPath);
  const pue = resolvePue(dc, operatorId, ctx, fieldPath);
  const batchKW = batchPart(dc, itLoadKW, ctx);
  const windKW = dc.wind
    ? windGeneration(dc.wind, ctx.calendar, profileStream(ctx, operatorId, `${dc.id}:wind`))
    : new Float64Array(ctx.calendar.steps);
  if (!dc.cooling) {
    const facilityKW = itLoadKW.map((it, t) => it * pue[t]!);
    const netKW = facilityKW.map((f, t) => f - windKW[t]!);
    return { itLoadKW, batchKW, pue, facilityKW, windKW, netKW };
  }
  const cooling = profileCooling(coolingParams(dc.cooling), itLoadKW);
  const facilityKW = itLoadKW.map((it, t) => it * pue[t]! + cooling.chillerKW[t]!);
  const netKW = facilityKW.map((f, t) => f - windKW[t]!);
  return { itLoadKW, batchKW, pue, facilityKW, windKW, netKW, cooling };
}

/** The naive cooling policy ({@link naiveCooling}) over a whole IT-load profile. */
function profileCooling(params: CoolingParams, itLoadKW: Profile): NonNullable<DataCenterModel["cooling"]> {
  const steps = itLoadKW.length;
  const chillerKW = new Float64Array(steps);
  const absorptionCoolingKW = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    const flows = naiveCooling(params, itLoadKW[t]!);
    chillerKW[t] = flows.chillerKW;
    absorptionCoolingKW[t] = flows.absorptionCoolingKW;
  }
  return { chillerKW, absorptionCoolingKW, boilerGasKW: new Float64Array(steps) };
}

/**
 * Nets the data centers of a cluster (MODEL.md §3, internal energy balance): the cluster's
 * net load is Σ_j net_j, and the energy exchanged inside it each step is
 * min(Σ surplus_j, Σ deficit_j): what the surplus DCs can hand to the deficit ones.
 */
export function netCluster(dcs: readonly DataCenterProfiles[], steps: number): { netLoadKW: Profile; internalExchangeKW: Profile } {
  const netLoadKW = new Float64Array(steps);
  const internalExchangeKW = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    let surplus = 0;
    let deficit = 0;
    for (const dc of dcs) {
      const net = dc.netKW[t]!;
      if (net > 0) deficit += net;
      else surplus -= net;
    }
    netLoadKW[t] = deficit - surplus;
    internalExchangeKW[t] = Math.min(surplus, deficit);
  }
  return { netLoadKW, internalExchangeKW };
}

function sumOf(profiles: readonly Profile[], steps: number): Profile {
  const out = new Float64Array(steps);
  for (const p of profiles) for (let t = 0; t < steps; t++) out[t] = out[t]! + p[t]!;
  return out;
}

/**
 * Whether the cluster has anything to move: a batch deadline, migration, a finite internal
 * link, or a boiler that can drive an absorption chiller (burning gas to save chiller
 * electricity is a decision; without a boiler the free waste heat is always used first, so
 * cooling is a fixed term of the profile).
 */
export function isFlexibleCluster(spec: DccOperatorSpec): boolean {
  return (
    spec.migrationBandwidthKW > 0 ||
    spec.interconnectKW !== undefined ||
    spec.dataCenters.some((dc) => dc.batchDeadlineHours !== undefined || dc.cooling?.absorption?.boiler !== undefined)
  );
}

/**
 * Steps K = ⌊D/Δt⌋ within which a DC's batch work is done (arrival step included); 1 when no
 * deadline is given. A deadline shorter than one step is an input error naming its field.
 */
export function deadlineSteps(dc: DataCenterSpec, stepHours: number, fieldPath: string): number {
  if (dc.batchDeadlineHours === undefined) return 1;
  if (dc.batchDeadlineHours < stepHours - 1e-9) {
    throw new InputError({ path: `${fieldPath}.batchDeadlineHours`, expected: `a batch deadline of at least one step (${stepHours} h), got ${dc.batchDeadlineHours} h` });
  }
  return Math.max(1, Math.floor(dc.batchDeadlineHours / stepHours + 1e-9));
}

/** The cluster's cooling series when any DC has a cooling plant; none otherwise (the log stays as before). */
function coolingSeries(dcs: readonly DataCenterModel[], steps: number): Record<string, Profile> {
  const cooled = dcs.flatMap((d) => (d.cooling ? [d.cooling] : []));
  if (cooled.length === 0) return {};
  return {
    chillerKW: sumOf(cooled.map((c) => c.chillerKW), steps),
    absorptionCoolingKW: sumOf(cooled.map((c) => c.absorptionCoolingKW), steps),
    boilerGasKW: sumOf(cooled.map((c) => c.boilerGasKW), steps),
  };
}

function mean(p: Profile): number {
  let s = 0;
  for (const x of p) s += x;
  return p.length > 0 ? s / p.length : 0;
}

/**
 * A data-center-cluster operator: per DC, facility power = IT load × PUE(t) (+ electric chiller
 * power with a cooling plant) minus on-site wind; the DCs net inside the cluster before it
 * trades. The profile serves batch work on arrival at its own DC and cools naively
 * ({@link naiveCooling}); when the cluster has a batch deadline, migration bandwidth, a finite
 * interconnect or a boiler, the model carries a {@link DccFlexibility} that the LP strategy
 * plans with. Series (cluster sums, kW): `itLoadKW`, `batchKW`, `facilityKW`, `windKW`,
 * `internalExchangeKW`, and with any cooling plant `chillerKW` (kW_e), `absorptionCoolingKW`
 * (kW_th), `boilerGasKW` (0 in the profile). Data-center ids must be unique within the cluster.
 */
export function buildDccOperator(spec: DccOperatorSpec, ctx: AgentBuildContext, fieldPath = `agents(${spec.id})`): AgentModel {
  const seen = new Set<string>();
  spec.dataCenters.forEach((dc, j) => {
    if (seen.has(dc.id)) {
      throw new InputError({ path: `${fieldPath}.dataCenters[${j}].id`, expected: `a data-center id unique within the cluster, "${dc.id}" is taken` });
    }
    seen.add(dc.id);
  });
  const steps = ctx.calendar.steps;
  const windows = spec.dataCenters.map((dc, j) => deadlineSteps(dc, ctx.calendar.stepHours, `${fieldPath}.dataCenters[${j}]`));
  const dcs = spec.dataCenters.map((dc, j) => dataCenterProfiles(dc, spec.id, ctx, `${fieldPath}.dataCenters[${j}]`));
  const { netLoadKW, internalExchangeKW } = netCluster(dcs, steps);
  const flexibility: DccFlexibility | null = isFlexibleCluster(spec)
    ? {
        kind: "dcc",
        migrationBandwidthKW: spec.migrationBandwidthKW,
        interconnectKW: spec.interconnectKW ?? Infinity,
        // Present only when given, so a scenario without it builds the very same model.
        ...(spec.migrationLossFraction !== undefined ? { migrationLossFraction: spec.migrationLossFraction } : {}),
        dataCenters: spec.dataCenters.map((dc, j) => {
          const p = dcs[j]!;
          return {
            id: dc.id,
            interactiveKW: p.itLoadKW.map((it, t) => it - p.batchKW[t]!),
            batchKW: p.batchKW,
            pue: p.pue,
            windKW: p.windKW,
            itCapacityKW: dc.itCapacityKW ?? 2 * mean(p.itLoadKW),
            deadlineSteps: windows[j]!,
            ...(dc.cooling ? { cooling: coolingParams(dc.cooling) } : {}),
          };
        }),
      }
    : null;
  return {
    id: spec.id,
    kind: "dcc-operator",
    netLoadKW,
    series: {
      itLoadKW: sumOf(dcs.map((d) => d.itLoadKW), steps),
      batchKW: sumOf(dcs.map((d) => d.batchKW), steps),
      facilityKW: sumOf(dcs.map((d) => d.facilityKW), steps),
      windKW: sumOf(dcs.map((d) => d.windKW), steps),
      internalExchangeKW,
      ...coolingSeries(dcs, steps),
    },
    ...(flexibility ? { flexibility } : {}),
  };
}

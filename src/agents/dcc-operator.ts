import { datacenterItLoad } from "../core/profiles/datacenter-load.js";
import { windGeneration } from "../core/profiles/wind.js";
import { InputError } from "../core/errors.js";
import type { Profile } from "../core/profile.js";
import type { DataCenterSpec, DccOperatorSpec } from "./specs.js";
import type { AgentBuildContext } from "./context.js";
import { csvProfile, isCsvSpec, profileStream } from "./profile-source.js";
import type { AgentModel } from "./types.js";

/** One data center's profiles, kW. */
export interface DataCenterProfiles {
  readonly itLoadKW: Profile;
  /** IT load × PUE. */
  readonly facilityKW: Profile;
  readonly windKW: Profile;
  /** Facility power − wind: positive is a deficit, negative a surplus. */
  readonly netKW: Profile;
}

/** A data center's IT load, kW: the CSV as given, or the generator on stream `profile:<dcc>:<dc>:it-load`. */
export function resolveItLoad(dc: DataCenterSpec, operatorId: string, ctx: AgentBuildContext, fieldPath: string): Profile {
  if (isCsvSpec(dc.itLoad)) return csvProfile(dc.itLoad, ctx, `${fieldPath}.itLoad`);
  return datacenterItLoad(dc.itLoad, ctx.calendar, profileStream(ctx, operatorId, `${dc.id}:it-load`));
}

/** The profiles of one data center of operator `operatorId`. */
export function dataCenterProfiles(dc: DataCenterSpec, operatorId: string, ctx: AgentBuildContext, fieldPath: string): DataCenterProfiles {
  const itLoadKW = resolveItLoad(dc, operatorId, ctx, fieldPath);
  const facilityKW = itLoadKW.map((it) => it * dc.pue);
  const windKW = dc.wind
    ? windGeneration(dc.wind, ctx.calendar, profileStream(ctx, operatorId, `${dc.id}:wind`))
    : new Float64Array(ctx.calendar.steps);
  const netKW = facilityKW.map((f, t) => f - windKW[t]!);
  return { itLoadKW, facilityKW, windKW, netKW };
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
 * A data-center-cluster operator: per DC, facility power = IT load × PUE minus on-site wind;
 * the DCs net inside the cluster before it trades. Series (cluster sums, kW): `itLoadKW`,
 * `facilityKW`, `windKW`, `internalExchangeKW`. Data-center ids must be unique within the cluster.
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
  const dcs = spec.dataCenters.map((dc, j) => dataCenterProfiles(dc, spec.id, ctx, `${fieldPath}.dataCenters[${j}]`));
  const { netLoadKW, internalExchangeKW } = netCluster(dcs, steps);
  return {
    id: spec.id,
    kind: "dcc-operator",
    netLoadKW,
    series: {
      itLoadKW: sumOf(dcs.map((d) => d.itLoadKW), steps),
      facilityKW: sumOf(dcs.map((d) => d.facilityKW), steps),
      windKW: sumOf(dcs.map((d) => d.windKW), steps),
      internalExchangeKW,
    },
  };
}

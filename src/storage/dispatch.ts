/**
 * One step of storage dispatch (MODEL.md §2): tenants' requests are cut by their partition's
 * power and SOC limits, then by the physical power rating, and every partition and the
 * unrented pool evolve as e' = (1−σ)·e + η_c·c·Δt − d·Δt/η_d.
 */
import { compareIds } from "../core/ids.js";
import type {
  Curtailment,
  CurtailmentReason,
  DispatchRequest,
  DispatchResult,
  Partition,
  PoolRequest,
  StorageSpec,
  StorageState,
  TenantFlow,
} from "./types.js";

/** A tenant's flow while the rules cut it; only one of charge/discharge is ever non-zero. */
interface Draft {
  readonly tenant: string;
  readonly partition: Partition | undefined;
  /** e after self-discharge, before any flow, kWh. */
  readonly driftedKWh: number;
  chargeKW: number;
  dischargeKW: number;
}

/**
 * Dispatches one step of `dtHours` hours. Rules, in order, each cut recorded as a Curtailment
 * whose `requestedKW` is the flow that reached that rule:
 *
 * 1. a tenant's charge and discharge are netted (c − d) — not a curtailment; a tenant with no
 *    open partition then gets nothing (`no-partition`);
 * 2. each flow is clamped to P_i (`partition-power`);
 * 3. each flow is clamped so that s_min·E_i ≤ e' ≤ s_max·E_i after self-discharge
 *    (`partition-soc`); if self-discharge alone takes e below the floor, discharge is 0 and the
 *    drift stands (a physical fact, not an error);
 * 4. physical rating (`physical-power`): pooled — if |Σ(c_i − d_i)| > P^max the dominant side
 *    is scaled pro rata (charges by (P^max + Σd)/Σc, or discharges by (P^max + Σc)/Σd);
 *    partitioned — if Σ(c_i + d_i) > P^max every flow is scaled by P^max/Σ(c_i + d_i).
 *
 * Scaling down never breaks rule 3, so the cuts need no second pass. The unrented pool only
 * self-discharges, unless the provider sends a `pool` request (arbitrage): that flow is cut,
 * after the tenants', to its own power, to the pool's SOC band s_min..s_max·(E^max − ΣE_i) and
 * to the physical headroom the tenants left, so it never curtails a tenant. `flows` lists every open partition and every requester (a requester with
 * no partition gets an all-zero flow), sorted by tenant id.
 *
 * Throws a plain Error if `dtHours` is not finite and > 0, a request's power is negative or
 * not finite, or a tenant sends more than one request.
 */
export function dispatchStorage(
  spec: StorageSpec,
  state: StorageState,
  requests: readonly DispatchRequest[],
  dtHours: number,
  pool?: PoolRequest,
): DispatchResult {
  if (!(Number.isFinite(dtHours) && dtHours > 0)) {
    throw new Error(`dispatchStorage: dtHours must be a finite number > 0, got ${String(dtHours)}`);
  }
  const requestByTenant = indexRequests(requests);
  const partitionByTenant = new Map(state.partitions.map((p) => [p.tenant, p]));
  const tenants = [...new Set([...partitionByTenant.keys(), ...requestByTenant.keys()])].sort(compareIds);
  const curtailments: Curtailment[] = [];
  const keep = 1 - spec.selfDischargePerStep;

  const drafts = tenants.map((tenant): Draft => {
    const partition = partitionByTenant.get(tenant);
    const request = requestByTenant.get(tenant);
    const net = request === undefined ? 0 : request.chargeKW - request.dischargeKW;
    const draft: Draft = {
      tenant,
      partition,
      driftedKWh: partition === undefined ? 0 : keep * partition.storedKWh,
      chargeKW: Math.max(0, net),
      dischargeKW: Math.max(0, -net),
    };
    if (partition === undefined) {
      cut(draft, 0, "no-partition", curtailments);
      return draft;
    }
    cut(draft, partition.rentedPowerKW, "partition-power", curtailments);
    const room = spec.socMax * partition.rentedEnergyKWh - draft.driftedKWh;
    const above = draft.driftedKWh - spec.socMin * partition.rentedEnergyKWh;
    const socLimit =
      draft.chargeKW > 0
        ? Math.max(0, room / (spec.etaCharge * dtHours))
        : Math.max(0, (above * spec.etaDischarge) / dtHours);
    cut(draft, socLimit, "partition-soc", curtailments);
    return draft;
  });

  applyPhysicalLimit(spec, drafts, curtailments);
  const poolDraft = pool === undefined ? undefined : poolFlowWithin(spec, state, drafts, pool, dtHours, curtailments);
  return settle(spec, state, drafts, curtailments, dtHours, poolDraft);
}

/** The provider's pool flow cut to its power, its SOC band and the headroom the tenants left. */
function poolFlowWithin(spec: StorageSpec, state: StorageState, tenants: readonly Draft[], pool: PoolRequest, dtHours: number, out: Curtailment[]): Draft {
  for (const [field, value] of [["chargeKW", pool.chargeKW], ["dischargeKW", pool.dischargeKW], ["powerKW", pool.powerKW]] as const) {
    if (!(Number.isFinite(value) && value >= 0)) throw new Error(`dispatchStorage: pool ${field} must be a finite number ≥ 0, got ${String(value)}`);
  }
  const net = pool.chargeKW - pool.dischargeKW;
  const draft: Draft = { tenant: pool.owner, partition: undefined, driftedKWh: (1 - spec.selfDischargePerStep) * state.unrentedStoredKWh, chargeKW: Math.max(0, net), dischargeKW: Math.max(0, -net) };
  cut(draft, pool.powerKW, "partition-power", out);
  const unrentedKWh = Math.max(0, spec.energyKWh - state.partitions.reduce((sum, p) => sum + p.rentedEnergyKWh, 0));
  const socLimit =
    draft.chargeKW > 0
      ? Math.max(0, (spec.socMax * unrentedKWh - draft.driftedKWh) / (spec.etaCharge * dtHours))
      : Math.max(0, ((draft.driftedKWh - spec.socMin * unrentedKWh) * spec.etaDischarge) / dtHours);
  cut(draft, socLimit, "partition-soc", out);
  const charge = tenants.reduce((s, d) => s + d.chargeKW, 0);
  const discharge = tenants.reduce((s, d) => s + d.dischargeKW, 0);
  const headroom =
    spec.mode === "pooled"
      ? draft.chargeKW > 0
        ? spec.powerKW - (charge - discharge)
        : spec.powerKW + (charge - discharge)
      : spec.powerKW - (charge + discharge);
  cut(draft, Math.max(0, headroom), "physical-power", out);
  return draft;
}

function indexRequests(requests: readonly DispatchRequest[]): Map<string, DispatchRequest> {
  const byTenant = new Map<string, DispatchRequest>();
  for (const r of requests) {
    for (const [field, value] of [["chargeKW", r.chargeKW], ["dischargeKW", r.dischargeKW]] as const) {
      if (!(Number.isFinite(value) && value >= 0)) {
        throw new Error(`dispatchStorage: tenant "${r.tenant}" ${field} must be a finite number ≥ 0, got ${String(value)}`);
      }
    }
    if (byTenant.has(r.tenant)) throw new Error(`dispatchStorage: tenant "${r.tenant}" sent more than one request`);
    byTenant.set(r.tenant, r);
  }
  return byTenant;
}

/** Lowers the draft's active side to at most `limitKW`, recording the cut if there is one. */
function cut(draft: Draft, limitKW: number, reason: CurtailmentReason, out: Curtailment[]): void {
  const side = draft.chargeKW > 0 ? "charge" : draft.dischargeKW > 0 ? "discharge" : undefined;
  if (side === undefined) return;
  const requestedKW = side === "charge" ? draft.chargeKW : draft.dischargeKW;
  if (requestedKW <= limitKW) return;
  if (side === "charge") draft.chargeKW = limitKW;
  else draft.dischargeKW = limitKW;
  out.push({ tenant: draft.tenant, side, requestedKW, grantedKW: limitKW, reason });
}

function applyPhysicalLimit(spec: StorageSpec, drafts: Draft[], out: Curtailment[]): void {
  const charge = drafts.reduce((s, d) => s + d.chargeKW, 0);
  const discharge = drafts.reduce((s, d) => s + d.dischargeKW, 0);
  const pMax = spec.powerKW;
  if (spec.mode === "pooled") {
    if (charge - discharge > pMax) scale(drafts, "charge", pMax + discharge, charge, out);
    else if (discharge - charge > pMax) scale(drafts, "discharge", pMax + charge, discharge, out);
  } else if (charge + discharge > pMax) {
    scale(drafts, "charge", pMax, charge + discharge, out);
    scale(drafts, "discharge", pMax, charge + discharge, out);
  }
}

/** Scales one side of every draft by num/den (< 1); multiplying before dividing keeps round numbers exact. */
function scale(drafts: Draft[], side: "charge" | "discharge", num: number, den: number, out: Curtailment[]): void {
  for (const d of drafts) {
    const requestedKW = side === "charge" ? d.chargeKW : d.dischargeKW;
    if (requestedKW <= 0) continue;
    const grantedKW = (requestedKW * num) / den;
    // At extreme magnitudes the product can round back to the request: then nothing was cut.
    if (grantedKW >= requestedKW) continue;
    if (side === "charge") d.chargeKW = grantedKW;
    else d.dischargeKW = grantedKW;
    out.push({ tenant: d.tenant, side, requestedKW, grantedKW, reason: "physical-power" });
  }
}

function settle(
  spec: StorageSpec,
  state: StorageState,
  drafts: readonly Draft[],
  curtailments: readonly Curtailment[],
  dtHours: number,
  pool: Draft | undefined,
): DispatchResult {
  const { etaCharge, etaDischarge, selfDischargePerStep: sigma } = spec;
  const flows: TenantFlow[] = [];
  const partitions: Partition[] = [];
  let chargeKW = 0;
  let dischargeKW = 0;
  let lossesKWh = 0;
  for (const d of drafts) {
    chargeKW += d.chargeKW;
    dischargeKW += d.dischargeKW;
    const p = d.partition;
    if (p === undefined) {
      flows.push({ tenant: d.tenant, chargeKW: 0, dischargeKW: 0, storedKWh: 0, lossesKWh: 0 });
      continue;
    }
    let storedKWh = d.driftedKWh + etaCharge * d.chargeKW * dtHours - (d.dischargeKW * dtHours) / etaDischarge;
    // Rule 3 keeps e' within the active side's bound exactly; only rounding can cross it.
    if (d.chargeKW > 0) storedKWh = Math.min(storedKWh, spec.socMax * p.rentedEnergyKWh);
    if (d.dischargeKW > 0) storedKWh = Math.max(storedKWh, spec.socMin * p.rentedEnergyKWh);
    const losses =
      sigma * p.storedKWh +
      (1 - etaCharge) * d.chargeKW * dtHours +
      (1 / etaDischarge - 1) * d.dischargeKW * dtHours;
    lossesKWh += losses;
    partitions.push({ ...p, storedKWh });
    flows.push({ tenant: d.tenant, chargeKW: d.chargeKW, dischargeKW: d.dischargeKW, storedKWh, lossesKWh: losses });
  }
  let unrentedStoredKWh = (1 - sigma) * state.unrentedStoredKWh;
  lossesKWh += sigma * state.unrentedStoredKWh;
  if (pool !== undefined) {
    chargeKW += pool.chargeKW;
    dischargeKW += pool.dischargeKW;
    unrentedStoredKWh += etaCharge * pool.chargeKW * dtHours - (pool.dischargeKW * dtHours) / etaDischarge;
    lossesKWh += (1 - etaCharge) * pool.chargeKW * dtHours + (1 / etaDischarge - 1) * pool.dischargeKW * dtHours;
  }
  const before = state.partitions.reduce((s, p) => s + p.storedKWh, state.unrentedStoredKWh);
  const after = partitions.reduce((s, p) => s + p.storedKWh, unrentedStoredKWh);
  const throughputKWh = (chargeKW + dischargeKW) * dtHours;
  return {
    state: { partitions, unrentedStoredKWh },
    flows,
    curtailments,
    ...(pool !== undefined ? { poolFlow: { chargeKW: pool.chargeKW, dischargeKW: pool.dischargeKW } } : {}),
    netPhysicalKW: chargeKW - dischargeKW,
    lossesKWh,
    throughputKWh,
    degradationCost: spec.degradationCostPerKWh * throughputKWh,
    energyResidualKWh: (chargeKW - dischargeKW) * dtHours - (after - before) - lossesKWh,
  };
}

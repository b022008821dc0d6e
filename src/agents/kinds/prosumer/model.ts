import { pvGeneration } from "../../../core/profiles/pv.js";
import { residentialLoad } from "../../../core/profiles/residential-load.js";
import type { Profile } from "../../../core/profile.js";
import type { OwnBatterySpec } from "../../spec-fields.js";
import type { ProsumerSpec } from "./spec.js";
import type { OwnBatteryFlexibility } from "../../flexibility.js";
import type { AgentBuildContext } from "../../context.js";
import { csvProfile, isCsvSpec, profileStream } from "../../profile-source.js";
import type { AgentModel } from "../../types.js";

/**
 * The ids a prosumer spec expands to: `id` itself when count is 1, otherwise `id-001`, `id-002`, …
 * (zero-padded to at least three digits and to the width of `count`, so ids sort in order).
 */
export function prosumerIds(spec: Pick<ProsumerSpec, "id" | "count">): string[] {
  if (spec.count === 1) return [spec.id];
  const width = Math.max(3, String(spec.count).length);
  return Array.from({ length: spec.count }, (_, i) => `${spec.id}-${String(i + 1).padStart(width, "0")}`);
}

/** A household's load profile, kW: the CSV as given, or the residential generator on its own stream. */
export function resolveLoad(spec: ProsumerSpec, agentId: string, ctx: AgentBuildContext, fieldPath: string): Profile {
  if (isCsvSpec(spec.load)) return csvProfile(spec.load, ctx, `${fieldPath}.load`);
  return residentialLoad(spec.load, ctx.calendar, profileStream(ctx, agentId, "load"));
}

/** A household's PV output, kW; zero without PV. */
export function resolvePv(spec: ProsumerSpec, agentId: string, ctx: AgentBuildContext): Profile {
  if (!spec.pv) return new Float64Array(ctx.calendar.steps);
  return pvGeneration(spec.pv, ctx.calendar, ctx.latitudeDeg, profileStream(ctx, agentId, "pv"));
}

/** A household's battery behind its meter as flexibility: one own battery, planned like a VPP's. */
export function ownBatteryFlexibility(battery: OwnBatterySpec): OwnBatteryFlexibility {
  const { energyKWh, powerKW, efficiency, initialSoc } = battery;
  return { kind: "own-battery", batteries: [{ energyKWh, powerKW, efficiency, initialSoc }] };
}

/**
 * The prosumers of one spec: one model per id of {@link prosumerIds}, each with its own load
 * and PV streams (so households differ and adding one shifts no other). Net load = load − PV;
 * series `loadKW` and `pvKW`. With `battery`, each household owns one such battery as its
 * flexibility (its energy lives in the strategy state, not in the model); without, the model
 * has no flexibility field at all, so battery-less households log exactly as before.
 * `fieldPath` names the spec in error messages.
 */
export function buildProsumers(spec: ProsumerSpec, ctx: AgentBuildContext, fieldPath = `agents(${spec.id})`): AgentModel[] {
  return prosumerIds(spec).map((id) => {
    const loadKW = resolveLoad(spec, id, ctx, fieldPath);
    const pvKW = resolvePv(spec, id, ctx);
    const netLoadKW = loadKW.map((load, t) => load - pvKW[t]!);
    const model: AgentModel = { id, kind: "prosumer", netLoadKW, series: { loadKW, pvKW } };
    return spec.battery ? { ...model, flexibility: ownBatteryFlexibility(spec.battery) } : model;
  });
}

import { commercialLoad } from "../../../core/profiles/commercial-load.js";
import { industrialLoad } from "../../../core/profiles/industrial-load.js";
import { pvGeneration } from "../../../core/profiles/pv.js";
import { residentialLoad } from "../../../core/profiles/residential-load.js";
import { windGeneration } from "../../../core/profiles/wind.js";
import type { Profile } from "../../../core/profile.js";
import type { MicrogridFlexibility } from "../../flexibility.js";
import type { MicrogridSpec } from "./spec.js";
import type { AgentBuildContext } from "../../context.js";
import { csvProfile, isCsvSpec, profileStream } from "../../profile-source.js";
import type { AgentModel, GridTie } from "../../types.js";

/** Value of lost load when a scenario gives none, currency/kWh (several times any retail tariff). */
export const DEFAULT_VALUE_OF_LOST_LOAD_PER_KWH = 10;

/** The grid tie the engine enforces, or undefined without a limit. */
export function microgridTie(spec: Pick<MicrogridSpec, "gridTieKW" | "valueOfLostLoadPerKWh">): GridTie | undefined {
  if (spec.gridTieKW === undefined) return undefined;
  return { limitKW: spec.gridTieKW, valueOfLostLoadPerKWh: spec.valueOfLostLoadPerKWh ?? DEFAULT_VALUE_OF_LOST_LOAD_PER_KWH };
}

/** The microgrid's flexibility from its spec: the generator (ramp defaults to maxKW, i.e. none) and the grid tie. */
export function microgridFlexibility(spec: Pick<MicrogridSpec, "generator" | "gridTieKW">): MicrogridFlexibility {
  const g = spec.generator;
  return {
    kind: "microgrid",
    generator: g
      ? { maxKW: g.maxKW, costPerHourRunning: g.costPerHourRunning, costPerKWh: g.costPerKWh, rampKWPerStep: Math.min(g.rampKWPerStep ?? g.maxKW, g.maxKW) }
      : null,
    gridTieKW: spec.gridTieKW ?? null,
  };
}

/**
 * A microgrid: load = residential + commercial + industrial classes (each generated on its own
 * stream `profile:<id>:<class>` or read from CSV; an absent class is zero), generation = PV +
 * wind; net load = load − generation. Its generator and grid tie are its flexibility (the
 * generator's output is not in the net load: the strategy dispatches it); the engine enforces
 * the tie (import beyond it is shed at the value of lost load, export spilled). Series:
 * `residentialKW`, `commercialKW`, `industrialKW`, `pvKW`, `windKW`.
 */
export function buildMicrogrid(spec: MicrogridSpec, ctx: AgentBuildContext, fieldPath = `agents(${spec.id})`): AgentModel {
  const steps = ctx.calendar.steps;
  const zeros = () => new Float64Array(steps);
  const stream = (what: string) => profileStream(ctx, spec.id, what);
  const r = spec.residential;
  const c = spec.commercial;
  const i = spec.industrial;
  const residentialKW: Profile = !r ? zeros() : isCsvSpec(r) ? csvProfile(r, ctx, `${fieldPath}.residential`) : residentialLoad(r, ctx.calendar, stream("residential"));
  const commercialKW: Profile = !c ? zeros() : isCsvSpec(c) ? csvProfile(c, ctx, `${fieldPath}.commercial`) : commercialLoad(c, ctx.calendar, stream("commercial"));
  const industrialKW: Profile = !i ? zeros() : isCsvSpec(i) ? csvProfile(i, ctx, `${fieldPath}.industrial`) : industrialLoad(i, ctx.calendar, stream("industrial"));
  const pvKW = spec.pv ? pvGeneration(spec.pv, ctx.calendar, ctx.latitudeDeg, stream("pv")) : zeros();
  const windKW = spec.wind ? windGeneration(spec.wind, ctx.calendar, stream("wind")) : zeros();
  const netLoadKW = new Float64Array(steps);
  for (let t = 0; t < steps; t++) netLoadKW[t] = residentialKW[t]! + commercialKW[t]! + industrialKW[t]! - pvKW[t]! - windKW[t]!;
  return {
    id: spec.id,
    kind: "microgrid",
    netLoadKW,
    series: { residentialKW, commercialKW, industrialKW, pvKW, windKW },
    flexibility: microgridFlexibility(spec),
    ...(spec.gridTieKW !== undefined ? { gridTie: microgridTie(spec)! } : {}),
  };
}

import type { Calendar } from "../../../core/calendar.js";
import { pvGeneration } from "../../../core/profiles/pv.js";
import { residentialLoad } from "../../../core/profiles/residential-load.js";
import { windGeneration } from "../../../core/profiles/wind.js";
import type { DeferrableLoad, VppFlexibility } from "../../flexibility.js";
import { windowHours, type VppSpec } from "./spec.js";
import type { AgentBuildContext } from "../../context.js";
import { csvProfile, isCsvSpec, profileStream } from "../../profile-source.js";
import type { AgentModel } from "../../types.js";

const MINUTE_MS = 60_000;

/** Local time of the start of step t, minutes since the local epoch (whole minutes). */
function localMinutes(calendar: Calendar, t: number): number {
  return Math.round((Date.parse(calendar.start) + (t * calendar.stepHours + calendar.utcOffsetHours) * 3_600_000) / MINUTE_MS);
}

/**
 * A daily window [startHour, endHour) (end ≤ start wraps past midnight) delivering `energyKWh`
 * at up to `maxKW` each day, over the calendar: for every step whose start lies in a window,
 * the window instance (the local day number it opened on) and the naive schedule — full power
 * from the window's opening until the day's energy is in: the energy delivered by offset o
 * hours into the window is min(E, maxKW·o). Windows that opened before step 0 continue as if
 * the naive schedule had run before the horizon.
 */
export function deferrableLoad(
  label: string,
  window: { readonly startHour: number; readonly endHour: number; readonly energyKWh: number; readonly maxKW: number },
  calendar: Calendar,
): DeferrableLoad {
  const steps = calendar.steps;
  const dt = calendar.stepHours;
  const windowOfStep = new Int32Array(steps).fill(-1);
  const naiveKW = new Float64Array(steps);
  const length = windowHours(window.startHour, window.endHour);
  for (let t = 0; t < steps; t++) {
    const minutes = localMinutes(calendar, t);
    const day = Math.floor(minutes / 1440);
    const hour = (minutes - day * 1440) / 60;
    let offset = hour - window.startHour;
    let instance = day;
    if (offset < 0) {
      offset += 24;
      instance = day - 1;
    }
    if (offset >= length) continue;
    windowOfStep[t] = instance;
    const delivered = (o: number) => Math.min(window.energyKWh, window.maxKW * Math.min(o, length));
    naiveKW[t] = (delivered(offset + dt) - delivered(offset)) / dt;
  }
  return { label, maxKW: window.maxKW, windowOfStep, naiveKW };
}

/** The VPP's flexibility: its batteries, and its shiftable loads then its EVs as deferrable loads. */
export function vppFlexibility(spec: Pick<VppSpec, "batteries" | "shiftableLoads" | "evs">, calendar: Calendar): VppFlexibility {
  return {
    kind: "vpp",
    batteries: spec.batteries.map((b) => ({ energyKWh: b.energyKWh, powerKW: b.powerKW, efficiency: b.efficiency, initialSoc: b.initialSoc })),
    deferrable: [
      ...spec.shiftableLoads.map((s, i) =>
        deferrableLoad(`shiftable:${i}`, { startHour: s.windowStartHour, endHour: s.windowEndHour, energyKWh: s.energyKWh, maxKW: s.maxKW }, calendar),
      ),
      ...spec.evs.map((ev, i) =>
        deferrableLoad(`ev:${i}`, { startHour: ev.arrivalHour, endHour: ev.departureHour, energyKWh: ev.energyKWh, maxKW: ev.maxKW }, calendar),
      ),
    ],
  };
}

/**
 * A virtual power plant: base load (residential generator on stream `profile:<id>:load`, or
 * CSV) − PV − wind + the naive schedule of its shiftable loads and EVs = its profile net load.
 * Its batteries and the deferrable loads are its flexibility; the strategy's load shift moves
 * the deferrable energy inside its windows and runs the batteries. Series: `baseLoadKW`,
 * `pvKW`, `windKW`, `shiftableNaiveKW`, `evNaiveKW`.
 */
export function buildVpp(spec: VppSpec, ctx: AgentBuildContext, fieldPath = `agents(${spec.id})`): AgentModel {
  const steps = ctx.calendar.steps;
  const zeros = () => new Float64Array(steps);
  const stream = (what: string) => profileStream(ctx, spec.id, what);
  const baseLoadKW = isCsvSpec(spec.baseLoad) ? csvProfile(spec.baseLoad, ctx, `${fieldPath}.baseLoad`) : residentialLoad(spec.baseLoad, ctx.calendar, stream("load"));
  const pvKW = spec.pv ? pvGeneration(spec.pv, ctx.calendar, ctx.latitudeDeg, stream("pv")) : zeros();
  const windKW = spec.wind ? windGeneration(spec.wind, ctx.calendar, stream("wind")) : zeros();
  const flexibility = vppFlexibility(spec, ctx.calendar);
  const shiftableNaiveKW = zeros();
  const evNaiveKW = zeros();
  for (const load of flexibility.deferrable) {
    const target = load.label.startsWith("ev:") ? evNaiveKW : shiftableNaiveKW;
    for (let t = 0; t < steps; t++) target[t] = target[t]! + load.naiveKW[t]!;
  }
  const netLoadKW = new Float64Array(steps);
  for (let t = 0; t < steps; t++) netLoadKW[t] = baseLoadKW[t]! - pvKW[t]! - windKW[t]! + shiftableNaiveKW[t]! + evNaiveKW[t]!;
  return {
    id: spec.id,
    kind: "vpp",
    netLoadKW,
    series: { baseLoadKW, pvKW, windKW, shiftableNaiveKW, evNaiveKW },
    flexibility,
  };
}

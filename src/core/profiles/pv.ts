import type { Calendar } from "../calendar.js";
import { localClock, localHourMid } from "../calendar.js";
import type { RandomStream } from "../rng.js";

/** Parameters of the rooftop PV generator. */
export interface PvParams {
  /** Peak power, kW. */
  readonly kWp: number;
  /** Mean share of clear-sky output lost to clouds (0–1). */
  readonly cloudiness: number;
}

const DEG = Math.PI / 180;

/** Solar declination, radians, on day `dayOfYear` (Cooper's formula). */
export function solarDeclination(dayOfYear: number): number {
  return 23.45 * DEG * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365);
}

/**
 * Sine of the solar elevation at a local hour. Local clock time is taken as solar time: the
 * equation of time and the longitude offset within the time zone (both under an hour) are
 * ignored, which is well below the resolution a tariff study needs.
 */
export function sinSolarElevation(latitudeDeg: number, dayOfYear: number, localHour: number): number {
  const phi = latitudeDeg * DEG;
  const delta = solarDeclination(dayOfYear);
  const hourAngle = 15 * DEG * (localHour - 12);
  return Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.cos(hourAngle);
}

/**
 * Clear-sky output of a horizontal module per kWp at a given sine of elevation: direct-beam
 * irradiance by Meinel's air-mass model, 1.353·0.7^(AM^0.678) kW/m², on a horizontal plane
 * (× sin α), relative to 1 kW/m² at standard test conditions. Exactly 0 when the sun is down.
 */
export function clearSkyFraction(sinElevation: number): number {
  if (sinElevation <= 0) return 0;
  const airMass = 1 / sinElevation;
  return sinElevation * 1.353 * Math.pow(0.7, Math.pow(airMass, 0.678));
}

/**
 * A cloud factor in [0, 1] with mean `cloudiness`: U^a with a = (1 − m)/m has mean 1/(1 + a) = m.
 * Always one draw, so the stream's use does not depend on the parameter.
 */
function cloudFactor(cloudiness: number, rng: RandomStream): number {
  const u = rng.next();
  if (cloudiness <= 0) return 0;
  if (cloudiness >= 1) return 1;
  return Math.pow(u, (1 - cloudiness) / cloudiness);
}

/**
 * A PV output profile, kW, one value per step: kWp × clear-sky fraction (solar elevation at
 * the middle of the step, by latitude and day of year) × (1 − cloud factor of that local
 * day). One cloud factor is drawn per local day, night or not. Exactly 0 at night.
 */
export function pvGeneration(params: PvParams, calendar: Calendar, latitudeDeg: number, rng: RandomStream): Float64Array {
  const out = new Float64Array(calendar.steps);
  let day = Number.NaN;
  let cloud = 0;
  for (let t = 0; t < calendar.steps; t++) {
    const { dayOfYear } = localClock(calendar, t);
    if (dayOfYear !== day) {
      day = dayOfYear;
      cloud = cloudFactor(params.cloudiness, rng);
    }
    const sinAlpha = sinSolarElevation(latitudeDeg, dayOfYear, localHourMid(calendar, t));
    out[t] = params.kWp * clearSkyFraction(sinAlpha) * (1 - cloud);
  }
  return out;
}

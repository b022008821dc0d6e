/** Seeded profile generators: pure functions of their parameters, the calendar and a stream. */
export { residentialLoad, residentialShape, type ResidentialLoadParams } from "./residential-load.js";
export { datacenterItLoad, DEFAULT_BATCH_SHARE, type DatacenterItLoadParams } from "./datacenter-load.js";
export { pvGeneration, clearSkyFraction, sinSolarElevation, solarDeclination, type PvParams } from "./pv.js";
export {
  windGeneration,
  windSpeeds,
  seasonalMeanSpeed,
  DEFAULT_WINDIEST_DAY_OF_YEAR,
  turbinePowerFraction,
  weibullScale,
  gammaFunction,
  normalCdf,
  CUT_IN_MS,
  RATED_MS,
  CUT_OUT_MS,
  type WindParams,
} from "./wind.js";
export { ar1Noise, correlationPerStep } from "./noise.js";

import type { CoolingParams } from "./flexibility.js";

/** A data center's cooling plant at a step, as the profile runs it (model.ts) and the LP starts from (lp.ts). */

/** One step of a cooling plant's operation. */
export interface CoolingFlows {
  /** Electric chiller power, kW_e. */
  readonly chillerKW: number;
  /** Cooling the absorption chiller delivers, kW_th. */
  readonly absorptionCoolingKW: number;
  /** Gas the boiler burns, kW (of gas). */
  readonly boilerGasKW: number;
}

/**
 * The profile's fixed cooling policy at IT power `itKW`: the absorption chiller takes what the
 * free waste heat drives (up to its limit), the electric chiller the rest, the boiler never
 * runs (burning gas is a decision only the LP makes).
 */
export function naiveCooling(cooling: CoolingParams, itKW: number): CoolingFlows {
  const load = cooling.loadFactor * itKW;
  const abs = cooling.absorption;
  const absorptionCoolingKW = abs ? Math.min(load, abs.maxCoolingKW, abs.cop * abs.wasteHeatRecovery * itKW) : 0;
  return { chillerKW: (load - absorptionCoolingKW) / cooling.chillerCop, absorptionCoolingKW, boilerGasKW: 0 };
}

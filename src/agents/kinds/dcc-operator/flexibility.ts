/**
 * The flexibility of a data-center cluster (MODEL.md §3), as the model carries it and its LP
 * (lp.ts) plans it: types only, so that the shared flexibility vocabulary (agents/flexibility.ts)
 * can name them without importing the model.
 */

/** A gas boiler topping up an absorption chiller's driving heat. */
export interface BoilerParams {
  /** Heat out per kWh of gas, fraction. */
  readonly efficiency: number;
  /** Gas price, currency per kWh of gas. */
  readonly gasPricePerKWh: number;
  /** Most boiler heat, kW_th; Infinity: no limit. */
  readonly maxHeatKW: number;
}

/** An absorption chiller driven by recovered IT waste heat and, optionally, a boiler. */
export interface AbsorptionParams {
  /** kW_th of cooling per kW_th of driving heat. */
  readonly cop: number;
  /** Most cooling it delivers, kW_th; Infinity: all of the load. */
  readonly maxCoolingKW: number;
  /** Recoverable waste heat per kW of IT power, kW_th/kW (free). */
  readonly wasteHeatRecovery: number;
  /** Null: no boiler, only waste heat drives it. */
  readonly boiler: BoilerParams | null;
}

/** A data center's cooling plant (docs/agents/dcc-operator.md): cooling load loadFactor·IT kW_th. */
export interface CoolingParams {
  /** Cooling load per kW of IT power, kW_th/kW. */
  readonly loadFactor: number;
  /** Electric chiller COP, kW_th per kW_e. */
  readonly chillerCop: number;
  /** Null: all cooling is electric. */
  readonly absorption: AbsorptionParams | null;
}

/** What one data center of a flexible cluster can move, per step of the whole horizon. */
export interface DataCenterFlexibility {
  readonly id: string;
  /** Interactive IT load, kW: runs when and where it arrives. */
  readonly interactiveKW: Float64Array;
  /** Batch IT work arriving per step, kW (the profile serves it on arrival). */
  readonly batchKW: Float64Array;
  /** PUE per step (facility kW per IT kW). */
  readonly pue: Float64Array;
  /** On-site wind, kW. */
  readonly windKW: Float64Array;
  /** Most IT power the DC runs, kW. */
  readonly itCapacityKW: number;
  /** Steps K within which batch work is done, the arrival step included: ⌊D/Δt⌋; 1 = on arrival. */
  readonly deadlineSteps: number;
  /** The DC's cooling plant; absent: cooling is inside the PUE. */
  readonly cooling?: CoolingParams;
}

/** A DCC's flexibility (MODEL.md §3): deferrable and migratable batch work, and its internal links. */
export interface DccFlexibility {
  readonly kind: "dcc";
  readonly dataCenters: readonly DataCenterFlexibility[];
  /** Batch IT power that can move between DCs per step, in total, kW. */
  readonly migrationBandwidthKW: number;
  /** Most power a DC exchanges with the cluster's internal bus, kW; Infinity: the DCs net freely. */
  readonly interconnectKW: number;
  /** Extra IT power a migrated kW costs at the receiving DC, share; absent: 0. */
  readonly migrationLossFraction?: number;
}

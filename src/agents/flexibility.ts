import type { DccFlexibility } from "./kinds/dcc-operator/flexibility.js";

/**
 * What an agent can change about its own load besides storage, by agent kind. A model carries
 * it for the whole horizon; strategies read the part of the period they plan. Each kind with
 * flexibility adds its type to the union below and a period LP in strategies/flexible/.
 */
export type AgentFlexibility = { readonly kind: "none" } | MicrogridFlexibility | VppFlexibility | OwnBatteryFlexibility | DccFlexibility;

/** A microgrid's dispatchable generator (diesel, gas): cost a per running hour + b per kWh. */
export interface DispatchableGenerator {
  /** Most output, kW. */
  readonly maxKW: number;
  /** a: fixed cost per hour while running (output > 0), currency/h. */
  readonly costPerHourRunning: number;
  /** b: fuel cost per kWh generated, currency/kWh. */
  readonly costPerKWh: number;
  /** Most change of output from one step to the next, kW (maxKW: no ramp limit). The generator starts off. */
  readonly rampKWPerStep: number;
}

/** A microgrid: its generator output g_t ≥ 0 is load it removes (loadShift = −g_t); the tie limits its position. */
export interface MicrogridFlexibility {
  readonly kind: "microgrid";
  /** Null: no generator. */
  readonly generator: DispatchableGenerator | null;
  /** Most import or export at the point of common coupling, kW; null: no limit. Not enforced by the engine. */
  readonly gridTieKW: number | null;
}

/**
 * A battery an agent owns behind its meter (a VPP's, a household's), not rented and not shared:
 * its charge and discharge are part of the owner's load shift, its energy is the strategy's state.
 */
export interface OwnBattery {
  /** Capacity, kWh (SOC range 0–1). */
  readonly energyKWh: number;
  /** Most charge or discharge power, kW. */
  readonly powerKW: number;
  /** Round-trip efficiency; √efficiency applies on charge and on discharge. */
  readonly efficiency: number;
  /** State of charge at the start of the run, fraction of energyKWh. */
  readonly initialSoc: number;
}

/**
 * A load whose energy must be delivered inside a daily window (a shiftable appliance, an EV
 * between arrival and departure). Over the horizon it is a series of window instances.
 */
export interface DeferrableLoad {
  /** `shiftable:<i>` or `ev:<i>`. */
  readonly label: string;
  readonly maxKW: number;
  /** Per step of the horizon: the window instance the step belongs to (its local start day number), or −1 outside every window. */
  readonly windowOfStep: Int32Array;
  /** The naive schedule, kW per step: full power from the window's start until the day's energy is delivered. Part of the profile's net load. */
  readonly naiveKW: Float64Array;
}

/** A virtual power plant's flexibility: its own batteries and its deferrable loads. */
export interface VppFlexibility {
  readonly kind: "vpp";
  readonly batteries: readonly OwnBattery[];
  readonly deferrable: readonly DeferrableLoad[];
}

/**
 * Own batteries and nothing else to move (a household with a battery behind its meter). The
 * VPP's LP and strategies plan it as a VPP without deferrable loads.
 */
export interface OwnBatteryFlexibility {
  readonly kind: "own-battery";
  readonly batteries: readonly OwnBattery[];
}

/** The own batteries a flexibility holds (a VPP's or a household's); none for other kinds. */
export function ownBatteriesOf(flexibility: AgentFlexibility | undefined): readonly OwnBattery[] {
  return flexibility && (flexibility.kind === "vpp" || flexibility.kind === "own-battery") ? flexibility.batteries : [];
}

/** No flexibility: the profile's net load is what the agent draws. */
export const NO_FLEXIBILITY: AgentFlexibility = { kind: "none" };

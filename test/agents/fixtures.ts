import type { HeldCapacity, PeriodView, StepView, StoragePhysics } from "../../src/agents/types.js";
import type { CoolingParams, DataCenterFlexibility } from "../../src/agents/index.js";

/** Lossless storage with the full SOC range: hand solutions stay simple. */
export const ideal: StoragePhysics = {
  etaCharge: 1,
  etaDischarge: 1,
  selfDischargePerStep: 0,
  socMin: 0,
  socMax: 1,
  degradationCostPerKWh: 0,
};

/** A period view over `netLoad` with hourly steps and generous maxima unless overridden. */
export function periodView(
  netLoad: number[],
  buy: number[],
  sell: number[],
  overrides: Partial<PeriodView> = {},
): PeriodView {
  return {
    firstStep: 0,
    steps: netLoad.length,
    dtHours: 1,
    netLoadKW: netLoad,
    buyPrice: buy,
    sellPrice: sell,
    demandChargePerKW: 0,
    storage: ideal,
    maxEnergyKWh: 100,
    maxPowerKW: 100,
    ...overrides,
  };
}

/** A step view with a 10 kWh / 2 kW partition at 20 % unless overridden. */
export function stepView(overrides: Partial<StepView> & { capacity?: HeldCapacity } = {}): StepView {
  return {
    t: 0,
    stepInPeriod: 0,
    stepsInPeriod: 24,
    dtHours: 1,
    tariff: { buy: 1, sell: 0.2 },
    band: "flat",
    peakAhead: false,
    lastNetPayment: 0,
    netLoadKW: 1,
    capacity: { energyKWh: 10, powerKW: 2 },
    storedKWh: 2,
    storage: { ...ideal, socMin: 0.1, socMax: 0.9 },
    ...overrides,
  };
}

/** One data center's flexibility over `n` steps for the DCC LP tests: PUE 1, 100 kW of IT capacity, nothing else unless given. */
export function dataCenter(
  n: number,
  over: {
    id?: string;
    interactive?: number[];
    batch?: number[];
    pue?: number[];
    wind?: number[];
    itCapacityKW?: number;
    deadlineSteps?: number;
    cooling?: CoolingParams;
  } = {},
): DataCenterFlexibility {
  const zero = new Array<number>(n).fill(0);
  const f = (xs: number[]) => Float64Array.from(xs);
  return {
    id: over.id ?? "dc",
    interactiveKW: f(over.interactive ?? zero),
    batchKW: f(over.batch ?? zero),
    pue: f(over.pue ?? new Array<number>(n).fill(1)),
    windKW: f(over.wind ?? zero),
    itCapacityKW: over.itCapacityKW ?? 100,
    deadlineSteps: over.deadlineSteps ?? 1,
    ...(over.cooling ? { cooling: over.cooling } : {}),
  };
}

/**
 * A plan made on a forecast, settled on the realised profile (MODEL.md §8): the planner's
 * storage and flexibility schedule stands, so only the meter's grid position moves — by the
 * forecast's error — and with it the energy bought and sold at the tariff and the period's
 * demand-charge peak. Under a perfect forecast the error is zero and the realised cost is the
 * planned one, to the last digit.
 */

/** One meter's planned position and what the forecast got wrong, over one rental period. */
export interface MeterPlan {
  /** Planned position per step, kW (> 0 imports). */
  readonly positionKW: ArrayLike<number>;
  /** Forecast − realised net load per step, kW; absent: a perfect forecast. */
  readonly forecastErrorKW?: ArrayLike<number>;
}

/** The tariff a meter pays over one rental period. */
export interface MeterTariff {
  readonly buyPrice: readonly number[];
  readonly sellPrice: readonly number[];
  readonly demandChargePerKW: number;
  readonly dtHours: number;
}

/** Energy at the tariff plus the demand charge on the peak import of `positionKW`, currency. */
export function meterCost(tariff: MeterTariff, positionKW: ArrayLike<number>): number {
  let cost = 0;
  let peak = 0;
  for (let t = 0; t < positionKW.length; t++) {
    const x = positionKW[t]!;
    cost += (x > 0 ? tariff.buyPrice[t]! : tariff.sellPrice[t]!) * x * tariff.dtHours;
    peak = Math.max(peak, x);
  }
  return cost + tariff.demandChargePerKW * peak;
}

/**
 * What settling on the realised profile adds to the planned cost of `plan`, currency: the
 * meter cost of the realised position (planned − error) minus that of the planned one. Zero,
 * exactly, without a forecast error.
 */
export function realisedCostAdjustment(tariff: MeterTariff, plan: MeterPlan): number {
  const error = plan.forecastErrorKW;
  if (!error) return 0;
  const realised = Array.from({ length: plan.positionKW.length }, (_, t) => plan.positionKW[t]! - error[t]!);
  return meterCost(tariff, realised) - meterCost(tariff, plan.positionKW);
}

/** The summed forecast error of several meters' members, kW per step; undefined when none has one. */
export function summedForecastError(errors: readonly (ArrayLike<number> | undefined)[], steps: number): Float64Array | undefined {
  if (errors.every((e) => e === undefined)) return undefined;
  const sum = new Float64Array(steps);
  for (const e of errors) if (e) for (let t = 0; t < steps; t++) sum[t]! += e[t]!;
  return sum;
}

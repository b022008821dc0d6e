/**
 * Numerical tolerances shared by the market code. Quantities and money are doubles; a
 * remainder this small is float noise from subtracting, not energy anyone owns.
 */

/** Quantities (kWh, kW) at or below this, relative to max(1, the original quantity), count as zero. */
export const QUANTITY_EPSILON = 1e-12;

/** True when `remainder` is float noise relative to `scale` (the quantity it was cut from). */
export function isNegligible(remainder: number, scale = 1): boolean {
  return Math.abs(remainder) <= QUANTITY_EPSILON * Math.max(1, Math.abs(scale));
}


import type { RentalOffer, RentalPrices } from "../types.js";
import type { Prober, SearchBox } from "./stackelberg-probe.js";

/**
 * The box of prices the Stackelberg leader searches: from the reserve up to a ceiling per
 * resource. A ceiling given as a parameter is used as it is; otherwise it is the first price of
 * the ladder 2·reserve, 4·reserve, … (0.01, 0.02, … currency per unit when the reserve is 0) at
 * which the tenants rent none of that resource while the other is at its reserve — at most
 * MAX_DOUBLINGS steps, every one a logged query. Above it, with the other price at its lowest, no
 * tenant wants the resource; whether that holds for every other price is checked where the
 * followers' menus are known (stackelberg.ts), and otherwise assumed.
 */

/** Steps of the ceiling ladder before it gives up and takes the last price. */
export const MAX_DOUBLINGS = 16;

/** The first rung of the ladder for a reserve (currency per unit per period). */
function firstRung(reserve: number): number {
  return reserve > 0 ? 2 * reserve : 0.01;
}

/** The ceiling of one resource by the ladder (module comment). */
function ladderCeiling(prober: Prober, reserve: RentalPrices, resource: "energy" | "power"): number {
  let price = firstRung(resource === "energy" ? reserve.cE : reserve.cP);
  for (let k = 0; k < MAX_DOUBLINGS; k++) {
    const prices = resource === "energy" ? { cE: price, cP: reserve.cP } : { cE: reserve.cE, cP: price };
    const probe = prober.probe(prices);
    const demand = probe.requests.reduce((s, r) => s + (resource === "energy" ? r.energyKWh : r.powerKW), 0);
    if (demand <= 1e-9) return price;
    if (k < MAX_DOUBLINGS - 1) price *= 2;
  }
  return price;
}

/** The search box of a round: the reserve to each resource's ceiling (module comment). */
export function searchBox(prober: Prober, offer: RentalOffer, ceiling: { readonly ceilingE?: number | undefined; readonly ceilingP?: number | undefined }): SearchBox {
  const { reserve } = offer;
  const high = {
    cE: Math.max(reserve.cE, ceiling.ceilingE ?? ladderCeiling(prober, reserve, "energy")),
    cP: Math.max(reserve.cP, ceiling.ceilingP ?? ladderCeiling(prober, reserve, "power")),
  };
  return { low: reserve, high };
}

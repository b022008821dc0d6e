/**
 * What the joint (bundle) rental mechanisms share once winners are chosen: one outcome per
 * winner for `assembleClearing`, and the `meta.joint` record every joint clearing logs.
 */
import type { TenantBundles } from "./bundles.js";
import type { TenantOutcome } from "./block-allocation.js";
import type { WinnerDetermination, WinningBundle } from "./winner-determination.js";

/** Each winner's contract: its bundle's E and P and what `pay` charges it (currency per period). */
export function winnerOutcomes(allocation: WinnerDetermination, pay: (winner: WinningBundle) => number): TenantOutcome[] {
  return allocation.winners.map((w) => ({ tenant: w.agent, energyKWh: w.bundle[0], powerKW: w.bundle[1], payment: pay(w) }));
}

/** The `meta` of a joint clearing: sales, the bundles it chose among, and what it solved. */
export function jointMeta(
  tenants: readonly TenantBundles[],
  allocation: WinnerDetermination,
  extra: { readonly lpSolves: number; readonly milpSolves?: number; readonly regret?: number; readonly [key: string]: unknown },
): Record<string, unknown> {
  const { lpSolves, milpSolves, ...rest } = extra;
  return {
    soldEnergyKWh: allocation.winners.reduce((s, w) => s + w.bundle[0], 0),
    soldPowerKW: allocation.winners.reduce((s, w) => s + w.bundle[1], 0),
    joint: {
      // Bundles left after pruning (bundles.ts), over the tenants that kept any.
      bundles: tenants.reduce((s, t) => s + t.bundles.length, 0),
      bidders: tenants.length,
      declaredSurplus: allocation.surplus,
      capacityBinds: !allocation.unconstrained,
      milpSolves: milpSolves ?? allocation.solves,
      // The relaxation winner determination solved, plus the pricing LPs.
      lpSolves: allocation.lpSolves + lpSolves,
      ...rest,
    },
  };
}

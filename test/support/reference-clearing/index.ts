/**
 * The pre-optimisation reference implementation of energy clearing: a frozen copy of
 * src/market/matching.ts, src/market/energy/*.ts and ledger.ts's aggregatePayments as they
 * were before clearing moved to typed arrays (issue 13, item 4). It exists only so that
 * test/market/clearing-equivalence.test.ts can prove the fast code gives bit-identical results
 * (run logs are hash-chained, so any change of a trade, price or payment would change the
 * built-in scenarios' fingerprints). Never import it from src/, and never "fix" it: it is the
 * behaviour being preserved, bugs included.
 */
import type { EnergyBook, EnergyClearing } from "../../../src/market/types.js";
import { clearGridOnly } from "./grid-only.js";
import { clearUniformDoubleAuction } from "./uniform.js";
import { clearPayAsBid } from "./pay-as-bid.js";
import { clearMcAfee } from "./mcafee.js";
import { clearSdr } from "./sdr.js";
import { clearMidMarket } from "./mid-market.js";

/** Reference clearing of `book` by the energy mechanism `name` (`k` only for uniform). */
export function referenceClear(name: string, book: EnergyBook, k = 0.5): EnergyClearing {
  switch (name) {
    case "grid-only":
      return clearGridOnly(book);
    case "uniform":
      return clearUniformDoubleAuction(book, k);
    case "pay-as-bid":
      return clearPayAsBid(book);
    case "mcafee":
      return clearMcAfee(book);
    case "sdr":
      return clearSdr(book);
    case "mid-market":
      return clearMidMarket(book);
    default:
      throw new Error(`referenceClear: no reference for ${name}`);
  }
}

/** Names of the energy mechanisms the reference covers. */
export const REFERENCE_MECHANISMS = ["grid-only", "uniform", "pay-as-bid", "mcafee", "sdr", "mid-market"] as const;

import { HOURS_PER_YEAR } from "../core/calendar.js";
import type { EconomicsSpec } from "../agents/index.js";
import type { RunSummary, UsersMargins, Viability } from "./run-summary.js";
import type { Scenario } from "./scenario-schema.js";
import { yearBasisOf } from "./year-basis.js";

/**
 * Viability of shared storage (MODEL.md §7): the users pay less with shared storage than with
 * no storage (using their own flexibility) and than with batteries of their own (sized once
 * for the horizon at the same unit capex and O&M), and the provider's investment pays back,
 * NPV ≥ 0 at the run's (equilibrium) prices. Each side carries its margin, so a verdict reads
 * "no, by 1,410 CNY over 7 days".
 *
 * The provider's year is the simulated span scaled to 8760 h: a span shorter than a year
 * stands for a whole year, every simulated day weighted equally (as representative days are);
 * `basis` says so. Cash flows are end-of-year and constant over the lifetime; the investment
 * is paid at t = 0.
 */

/** IRR search bracket: a loss of 99 % a year up to a return of 1000 % a year. */
const IRR_LOW = -0.99;
const IRR_HIGH = 10;

/**
 * The provider's operating cash flow scaled to a year:
 *
 *     CF = (rentalRevenue + degradationFees + arbitrageProfit − floorTopUpCost − degradationCost) · 8760 / hoursSimulated − omPerYear
 *
 * Wear (degradationCost) is not paid to anyone during the run but is set aside as a cash
 * reserve for replacing the cells, so it counts as an outflow. O&M is already a yearly figure
 * and is subtracted after scaling. Capex is not in CF: it is the investment CF pays back.
 */
export function annualProviderCashFlow(summary: Pick<RunSummary, "provider">, economics: Pick<EconomicsSpec, "omPerYear">, hoursSimulated: number): number {
  if (!(hoursSimulated > 0)) throw new RangeError(`annualProviderCashFlow: hoursSimulated must be > 0, got ${hoursSimulated}`);
  const p = summary.provider;
  const operating = p.rentalRevenue + p.degradationFees + p.arbitrageProfit - p.floorTopUpCost - p.degradationCost;
  return (operating * HOURS_PER_YEAR) / hoursSimulated - economics.omPerYear;
}

/** Present value of 1 a year at the end of each of `years` years: (1 − (1+r)^−n)/r, or n at r = 0. */
export function annuityFactor(rate: number, years: number): number {
  if (rate === 0) return years;
  // expm1/log1p keep the factor accurate for rates near 0, where 1 − (1+r)^−n cancels.
  return -Math.expm1(-years * Math.log1p(rate)) / rate;
}

/** NPV = −capex + CF·(1 − (1+r)^−n)/r: the investment at t = 0, then CF at the end of each of n years. */
export function npv(rate: number, capex: number, annualCashFlow: number, years: number): number {
  // 0·∞ would be NaN at rates near −1 over long lifetimes; no cash flow has no present value.
  if (annualCashFlow === 0) return -capex;
  return -capex + annualCashFlow * annuityFactor(rate, years);
}

/**
 * The internal rate of return: the rate r in [−0.99, 10] with NPV(r) = 0, by bisection. NPV is
 * monotone in r for a constant cash flow, so a root is unique when the ends differ in sign;
 * null when they do not (e.g. a negative cash flow never pays back at any rate).
 */
export function irr(capex: number, annualCashFlow: number, years: number): number | null {
  const f = (r: number) => npv(r, capex, annualCashFlow, years);
  let lo = IRR_LOW;
  let hi = IRR_HIGH;
  let fLo = f(lo);
  const fHi = f(hi);
  if (fLo === 0) return lo;
  if (fHi === 0) return hi;
  if (!(Math.sign(fLo) * Math.sign(fHi) < 0)) return null;
  // 200 halvings take the bracket far below double precision; stop as soon as it is that narrow.
  for (let i = 0; i < 200 && hi - lo > 1e-14; i++) {
    const mid = (lo + hi) / 2;
    const fMid = f(mid);
    if (fMid === 0) return mid;
    if (Math.sign(fMid) === Math.sign(fLo)) {
      lo = mid;
      fLo = fMid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

/**
 * Years until the (discounted) cash flows have repaid the capex: the t with CF·annuity(r, t) =
 * capex, i.e. t = −ln(1 − capex·r/CF)/ln(1+r), and t = capex/CF at r = 0 (simple payback).
 * Fractional years read the annuity as continuous within a year. Null when it never pays back
 * within `lifetimeYears` (so non-null ⇔ NPV(r) ≥ 0 over the lifetime); 0 without capex.
 */
export function paybackYears(capex: number, annualCashFlow: number, lifetimeYears: number, rate = 0): number | null {
  if (capex <= 0) return 0;
  if (!(annualCashFlow > 0)) return null;
  const simple = capex / annualCashFlow;
  const interestShare = (capex * rate) / annualCashFlow;
  // When the interest on capex takes all of CF, the capex is never repaid.
  if (!(interestShare < 1)) return null;
  // −ln(1 − x)/ln(1 + r) written as simple · [−ln(1 − x)/x] · [r/ln(1 + r)]: both brackets → 1 as
  // the rate → 0, so tiny rates neither divide 0 by 0 nor lose the simple payback to underflow.
  const years = simple * growthRatio(-interestShare) * (rate === 0 ? 1 : rate / Math.log1p(rate));
  return years <= lifetimeYears ? years : null;
}

/** ln(1 + x)/x, with its limit 1 at x = 0. */
function growthRatio(x: number): number {
  return x === 0 ? 1 : Math.log1p(x) / x;
}

/** κ_E·E^max + κ_P·P^max: the storage's investment. */
export function storageCapex(storage: Pick<Scenario["storage"], "energyKWh" | "powerKW" | "economics">): number {
  return storage.economics.capexPerKWh * storage.energyKWh + storage.economics.capexPerKW * storage.powerKW;
}

/** Relative margin a cost must undercut a baseline by to count as a gain: rounding is no gain. */
const GAIN_TOLERANCE = 1e-6;

/**
 * Whether the consumer agents together gain from shared storage: their total cost is below both
 * their no-storage and their own-battery totals, by more than rounding (relative 1e-6: an
 * agent that rents nothing costs its no-storage baseline up to the last digits). Null without
 * the comparison.
 */
export function viableForUsers(summary: Pick<RunSummary, "agents" | "comparison">): boolean | null {
  const margins = usersMargins(summary);
  if (!margins) return null;
  const gains = (margin: number, baseline: number) => margin > GAIN_TOLERANCE * Math.max(1, Math.abs(baseline));
  return gains(margins.marginVsNoStorage, margins.noStorage) && gains(margins.marginVsOwnBattery, margins.ownBattery);
}

/** The users' margins against no storage and own batteries; null without the comparison. */
export function usersMargins(summary: Pick<RunSummary, "agents" | "comparison">): UsersMargins | null {
  const baselines = summary.comparison?.baselines;
  if (!baselines) return null;
  const cost = Object.values(summary.agents).reduce((sum, agent) => sum + agent.cost, 0);
  return {
    cost,
    noStorage: baselines.noStorage.total,
    ownBattery: baselines.ownBattery.total,
    ownBatterySizing: baselines.ownBattery.sizing,
    marginVsNoStorage: baselines.noStorage.total - cost,
    marginVsOwnBattery: baselines.ownBattery.total - cost,
  };
}

/** The viability of a (complete) run's shared storage under the scenario's economics. */
export function viabilityOf(summary: RunSummary, scenario: Pick<Scenario, "storage" | "calendar">): Viability {
  const { economics } = scenario.storage;
  const { lifetimeYears, discountRate } = economics;
  const capex = storageCapex(scenario.storage);
  const annualCashFlow = annualProviderCashFlow(summary, economics, summary.stepsCompleted * scenario.calendar.stepHours);
  const value = npv(discountRate, capex, annualCashFlow, lifetimeYears);
  const users = viableForUsers(summary);
  const provider = value >= 0;
  return {
    basis: yearBasisOf(scenario.calendar, summary.stepsCompleted),
    capex,
    annualCashFlow,
    lifetimeYears,
    discountRate,
    npv: value,
    irr: irr(capex, annualCashFlow, lifetimeYears),
    paybackYears: paybackYears(capex, annualCashFlow, lifetimeYears),
    discountedPaybackYears: paybackYears(capex, annualCashFlow, lifetimeYears, discountRate),
    viableForProvider: provider,
    viableForUsers: users,
    viable: users === null ? null : users && provider,
    users: usersMargins(summary),
  };
}

import type { Calendar } from "../core/calendar.js";
import { rentalPeriodsPerYear } from "../core/calendar.js";
import type { StorageScenario } from "./provider-spec.js";
import type { RentalOffer, RentalPrices } from "../market/types.js";

/** A battery's ratings: energy capacity E (kWh) and power P (kW). */
export interface BatterySize {
  readonly energyKWh: number;
  readonly powerKW: number;
}

/**
 * The yearly fixed cost of a battery per unit of size (MODEL.md §2 and §8): the capex annuity
 * plus O&M, φ_E = CRF·κ_E + o_E per kWh and φ_P = CRF·κ_P + o_P per kW, currency per year.
 */
export interface UnitFixedCost {
  readonly perKWhYear: number;
  readonly perKWYear: number;
}

/** The provider's annualised costs and the floor rental prices they imply (MODEL.md §2). */
export interface ProviderTerms {
  /** Capital recovery factor CRF. */
  readonly crf: number;
  /** CRF·(κ_E·E^max + κ_P·P^max), currency per year. */
  readonly annualisedCapex: number;
  /** Fixed O&M of the whole storage, currency per year (the scenario's omPerYear). */
  readonly omPerYear: number;
  /** The share of fixed O&M charged to energy capacity, currency per year. */
  readonly omEnergyPerYear: number;
  /** The share of fixed O&M charged to power, currency per year. */
  readonly omPowerPerYear: number;
  /**
   * φ_E, φ_P: capex annuity + O&M per kWh and per kW a year. The one price every battery in a
   * comparison pays — the shared storage, own batteries, neighbour groups, the central
   * optimum — so that φ_E·E^max + φ_P·P^max = annualisedCapex + omPerYear.
   */
  readonly unitFixedCost: UnitFixedCost;
  /** D, rental periods per year. */
  readonly periodsPerYear: number;
  /** Floor prices: c_E per kWh and c_P per kW per rental period that recover capex and O&M, φ/D. */
  readonly floor: RentalPrices;
}

/** CRF = r(1+r)^n / ((1+r)^n − 1) for n years at rate r; 1/n when r = 0 (its limit). */
export function capitalRecoveryFactor(rate: number, years: number): number {
  if (rate === 0) return 1 / years;
  const growth = Math.pow(1 + rate, years);
  return (rate * growth) / (growth - 1);
}

/**
 * The provider's terms. O&M is split between energy and power in proportion to their capex
 * (κ_E·E^max vs κ_P·P^max), so each resource carries the upkeep of the hardware it stands for;
 * with no capex at all it is split evenly. Per unit, o_E = OM_E/E^max per kWh and
 * o_P = OM_P/P^max per kW a year (0 for a rating of 0): O&M grows with the battery, so a
 * battery of another size pays the same O&M per kWh and per kW as the shared storage does.
 * Then φ_E = CRF·κ_E + o_E, φ_P = CRF·κ_P + o_P, and per rental period
 * c_E^floor = φ_E/D per kWh and c_P^floor = φ_P/D per kW, with D = rentalPeriodsPerYear(calendar).
 */
export function providerTerms(storage: StorageScenario, calendar: Calendar): ProviderTerms {
  const { capexPerKWh, capexPerKW, lifetimeYears, discountRate, omPerYear } = storage.economics;
  const crf = capitalRecoveryFactor(discountRate, lifetimeYears);
  const capexEnergy = capexPerKWh * storage.energyKWh;
  const capexPower = capexPerKW * storage.powerKW;
  const capexTotal = capexEnergy + capexPower;
  const energyShare = capexTotal > 0 ? capexEnergy / capexTotal : 0.5;
  const omEnergyPerYear = omPerYear * energyShare;
  const omPowerPerYear = omPerYear - omEnergyPerYear;
  const periodsPerYear = rentalPeriodsPerYear(calendar);
  const unitFixedCost: UnitFixedCost = {
    perKWhYear: crf * capexPerKWh + (storage.energyKWh > 0 ? omEnergyPerYear / storage.energyKWh : 0),
    perKWYear: crf * capexPerKW + (storage.powerKW > 0 ? omPowerPerYear / storage.powerKW : 0),
  };
  return {
    crf,
    annualisedCapex: crf * capexTotal,
    omPerYear,
    omEnergyPerYear,
    omPowerPerYear,
    unitFixedCost,
    periodsPerYear,
    floor: {
      cE: (crf * capexEnergy + omEnergyPerYear) / (periodsPerYear * storage.energyKWh),
      cP: (crf * capexPower + omPowerPerYear) / (periodsPerYear * storage.powerKW),
    },
  };
}

/**
 * What a battery of `size` costs over `yearShare` of a year (hours / 8760): its capex annuity
 * plus O&M, (φ_E·E + φ_P·P)·yearShare — the one investment rule of MODEL.md §8. For the
 * shared storage at its own ratings this is (annualisedCapex + omPerYear)·yearShare.
 */
export function batteryFixedCost(unit: UnitFixedCost, size: BatterySize, yearShare: number): number {
  return (unit.perKWhYear * size.energyKWh + unit.perKWYear * size.powerKW) * yearShare;
}

/**
 * What the provider puts up for rent each period: all of E^max, and P^max (× powerOversell
 * in pooled mode, where opposite tenant flows cancel), at the floor prices as reserve.
 */
export function providerOffer(storage: StorageScenario, calendar: Calendar): RentalOffer {
  return {
    provider: storage.providerId,
    energyKWh: storage.energyKWh,
    powerKW: storage.mode === "pooled" ? storage.powerKW * storage.powerOversell : storage.powerKW,
    reserve: providerTerms(storage, calendar).floor,
  };
}

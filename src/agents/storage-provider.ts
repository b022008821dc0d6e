import type { Calendar } from "../core/calendar.js";
import { rentalPeriodsPerYear } from "../core/calendar.js";
import type { StorageScenario } from "./specs.js";
import type { RentalOffer, RentalPrices } from "../market/types.js";

/** The provider's annualised costs and the floor rental prices they imply (MODEL.md §2). */
export interface ProviderTerms {
  /** Capital recovery factor CRF. */
  readonly crf: number;
  /** CRF·(κ_E·E^max + κ_P·P^max), currency per year. */
  readonly annualisedCapex: number;
  /** The share of fixed O&M charged to energy capacity, currency per year. */
  readonly omEnergyPerYear: number;
  /** The share of fixed O&M charged to power, currency per year. */
  readonly omPowerPerYear: number;
  /** D, rental periods per year. */
  readonly periodsPerYear: number;
  /** Floor prices: c_E per kWh and c_P per kW per rental period that recover capex and O&M. */
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
 * with no capex at all it is split evenly. Then, per rental period,
 * c_E^floor = (CRF·κ_E·E^max + OM_E)/(D·E^max) per kWh and c_P^floor = (CRF·κ_P·P^max + OM_P)/(D·P^max) per kW,
 * with D = rentalPeriodsPerYear(calendar).
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
  return {
    crf,
    annualisedCapex: crf * capexTotal,
    omEnergyPerYear,
    omPowerPerYear,
    periodsPerYear,
    floor: {
      cE: (crf * capexEnergy + omEnergyPerYear) / (periodsPerYear * storage.energyKWh),
      cP: (crf * capexPower + omPowerPerYear) / (periodsPerYear * storage.powerKW),
    },
  };
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

import type { DayPrices, Tariff } from "../core/tariff.js";
import { InputError } from "../core/errors.js";
import type { Scenario } from "./scenario-schema.js";

type TariffSpec = Scenario["tariff"];
type PriceSpec = TariffSpec["buy"];

/** The scenario's tariff as hourly tables. Sell must not exceed buy in any hour (MODEL.md §3). */
export function resolveTariff(spec: TariffSpec): Tariff {
  const weekday = dayPrices(spec.buy, spec.sell, spec.periods, "tariff");
  const weekend = spec.weekend ? dayPrices(spec.weekend.buy, spec.weekend.sell, spec.periods, "tariff.weekend") : weekday;
  return { weekday, weekend, demandChargePerKW: spec.demandChargePerKW };
}

function dayPrices(buy: PriceSpec, sell: PriceSpec, periods: TariffSpec["periods"], path: string): DayPrices {
  const b = hourly(buy, periods, `${path}.buy`);
  const s = hourly(sell, periods, `${path}.sell`);
  const bad = s.findIndex((price, h) => price > b[h]!);
  if (bad >= 0) throw new InputError({ path: `${path}.sell`, expected: `a sell price ≤ the buy price in every hour, got ${s[bad]} > ${b[bad]} at hour ${bad}` });
  return { buy: b, sell: s };
}

function hourly(price: PriceSpec, periods: TariffSpec["periods"], path: string): number[] {
  if (typeof price === "number") return Array(24).fill(price) as number[];
  if (Array.isArray(price)) return [...price];
  const overlap = periods.peak.find((h) => periods.valley.includes(h));
  if (overlap !== undefined) throw new InputError({ path: "tariff.periods", expected: `peak and valley hours that do not overlap, got hour ${overlap} in both` });
  return Array.from({ length: 24 }, (_, h) =>
    periods.peak.includes(h) ? price.peak : periods.valley.includes(h) ? price.valley : price.flat,
  );
}

import { describe, expect, it } from "vitest";
import { localClock, rentalPeriodSpan, rentalPeriodsPerYear, startsRentalPeriod, timeAt, type Calendar } from "../../src/core/calendar.js";
import { bandAt, pricesAt } from "../../src/core/tariff.js";
import { resolveTariff } from "../../src/lab/resolve-tariff.js";
import { InputError } from "../../src/core/errors.js";

// 2026-01-02 is a Friday: UTC midnight + 8 h offset = 08:00 local Friday.
const calendar: Calendar = { start: "2026-01-02T00:00:00Z", steps: 72, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 8 };

describe("calendar", () => {
  it("steps forward by Δt and reads local hours through the offset", () => {
    expect(timeAt(calendar, 0)).toBe("2026-01-02T00:00:00.000Z");
    expect(timeAt(calendar, 25)).toBe("2026-01-03T01:00:00.000Z");
    expect(localClock(calendar, 0)).toMatchObject({ hour: 8, weekend: false });
    // Step 16: 16:00 UTC Friday = 00:00 local Saturday.
    expect(localClock(calendar, 16)).toMatchObject({ hour: 0, weekend: true });
  });
  it("groups steps into rental periods, the last one cut at the horizon", () => {
    const short = { ...calendar, steps: 30 };
    expect(startsRentalPeriod(short, 0) && startsRentalPeriod(short, 24) && !startsRentalPeriod(short, 23)).toBe(true);
    expect(rentalPeriodSpan(short, 5)).toEqual({ first: 0, length: 24 });
    expect(rentalPeriodSpan(short, 27)).toEqual({ first: 24, length: 6 });
    expect(rentalPeriodsPerYear(calendar)).toBe(365);
    expect(rentalPeriodsPerYear({ ...calendar, stepHours: 0.25, rentalPeriodSteps: 96 * 30 })).toBeCloseTo(365 / 30, 12);
  });
});

describe("tariff", () => {
  const tariff = resolveTariff({
    buy: { peak: 1.2, flat: 0.7, valley: 0.3 },
    sell: 0.2,
    periods: { peak: [10, 11, 18], valley: [0, 1, 2] },
    weekend: { buy: 0.5, sell: 0.1 },
    demandChargePerKW: 30,
  });
  it("prices weekday hours by band and weekends by their own table", () => {
    // Local 10:00 Friday = step 2.
    expect(pricesAt(tariff, calendar, 2)).toEqual({ buy: 1.2, sell: 0.2 });
    expect(bandAt(tariff, calendar, 2)).toBe("peak");
    // Local 01:00 Friday does not exist in this calendar before step 17 (Saturday); step 0 is 08:00 flat.
    expect(pricesAt(tariff, calendar, 0)).toEqual({ buy: 0.7, sell: 0.2 });
    expect(bandAt(tariff, calendar, 0)).toBe("flat");
    // Saturday 01:00 local = step 17: the weekend table is flat all day.
    expect(pricesAt(tariff, calendar, 17)).toEqual({ buy: 0.5, sell: 0.1 });
    expect(bandAt(tariff, calendar, 17)).toBe("flat");
    expect(tariff.demandChargePerKW).toBe(30);
  });
  it("accepts 24 hourly prices and refuses a sell price above the buy price", () => {
    const hourly = Array.from({ length: 24 }, (_, h) => 0.1 + h / 100);
    expect(resolveTariff({ buy: hourly, sell: 0.05, periods: { peak: [], valley: [] }, demandChargePerKW: 0 }).weekday.buy[23]).toBeCloseTo(0.33, 12);
    expect(() => resolveTariff({ buy: 0.3, sell: 0.4, periods: { peak: [], valley: [] }, demandChargePerKW: 0 })).toThrow(InputError);
    expect(() => resolveTariff({ buy: { peak: 1, flat: 0.5, valley: 0.2 }, sell: 0.1, periods: { peak: [3], valley: [3] }, demandChargePerKW: 0 })).toThrow(/tariff\.periods/);
  });
});

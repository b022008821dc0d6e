/**
 * Scenario parts the engine-level agent tests share: two June days hourly with daily rental at
 * UTC+8 under the dcc-week TOU tariff. Spread into a scenario object and add storage and agents.
 */
export const TWO_JUNE_DAYS = {
  seed: "11",
  site: { latitudeDeg: 31 },
  calendar: { start: "2026-06-01T00:00:00Z", steps: 48, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 8 },
  tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25, periods: { peak: [10, 11, 18, 19, 20], valley: [0, 1, 2, 3, 4, 5, 6, 23] } },
} as const;

/** A data-center cluster's two June days: the calendar above, the TOU tariff with a demand charge of 0.5 per kW, a 1 MWh / 250 kW battery. */
export const DCC_TWO_DAYS = {
  seed: "11",
  calendar: TWO_JUNE_DAYS.calendar,
  tariff: { buy: { peak: 1.2, flat: 0.7, valley: 0.3 }, sell: 0.25, demandChargePerKW: 0.5 },
  storage: { energyKWh: 1000, powerKW: 250 },
} as const;

/** A small data-center cluster with batch deadlines, migration and wind: the flexible agent of the baseline tests. */
export const SMALL_FLEXIBLE_DCC = {
  id: "dcc",
  kind: "dcc-operator",
  strategy: "lp-optimal",
  migrationBandwidthKW: 20,
  dataCenters: [
    { id: "a", itLoad: { generator: "datacenter-it", meanKW: 40, peakHour: 11 }, batchDeadlineHours: 6, wind: { ratedKW: 30 } },
    { id: "b", itLoad: { generator: "datacenter-it", meanKW: 30, peakHour: 20 }, batchDeadlineHours: 6 },
  ],
};

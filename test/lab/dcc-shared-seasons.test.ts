import { describe, expect, it } from "vitest";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario, validateScenario } from "../../src/lab/load-scenario.js";
import type { Scenario } from "../../src/lab/scenario-schema.js";

/**
 * dcc-shared has seasons (temperature-driven PUEs, seasonal wind), so "one representative week
 * per season" studies see different weeks. A week's profiles are generated from the week's own
 * start, so without seasons every week draws the same numbers and the weeks were identical.
 */

const { scenario, dir } = loadScenario("dcc-shared");
const JANUARY_WEEK = "2026-01-12T00:00:00Z";
const JULY_WEEK = "2026-07-13T00:00:00Z";

function mean(xs: Float64Array): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** The DCC's weekly means, kW: net load, facility power and wind, of the week from `start`. */
function week(base: Scenario, start: string) {
  const world = buildWorld(validateScenario({ ...base, calendar: { ...base.calendar, start, steps: 168 } }), dir);
  const dcc = world.agents.find((a) => a.model.kind === "dcc-operator")!.model;
  return { netKW: mean(dcc.netLoadKW), facilityKW: mean(dcc.series.facilityKW!), windKW: mean(dcc.series.windKW!) };
}

/** dcc-shared as it was before seasons: its former constant PUEs and wind without a seasonal cycle. */
function withoutSeasons(s: Scenario): Scenario {
  const constantPue: Record<string, number> = { "dc-east": 1.35, "dc-west": 1.25, "dc-north": 1.2, "dc-south": 1.5 };
  return {
    ...s,
    agents: s.agents.map((agent) =>
      agent.kind !== "dcc-operator"
        ? agent
        : {
            ...agent,
            dataCenters: agent.dataCenters.map((dc) => {
              const { wind, ...rest } = dc;
              return {
                ...rest,
                pue: constantPue[dc.id]!,
                ...(wind ? { wind: { ratedKW: wind.ratedKW, meanSpeedMS: wind.meanSpeedMS, weibullK: wind.weibullK } } : {}),
              };
            }),
          },
    ),
  };
}

describe("dcc-shared: seasons", () => {
  it("uses temperature-driven PUEs and seasonal wind at every site", () => {
    const dcc = scenario.agents[0]!;
    expect(dcc.kind).toBe("dcc-operator");
    if (dcc.kind !== "dcc-operator") return;
    for (const dc of dcc.dataCenters) {
      expect(typeof dc.pue).toBe("object");
      if (dc.wind) expect(dc.wind.seasonalAmplitude).toBeGreaterThan(0);
    }
  });

  it(
    "a January week and a July week differ clearly: more wind in winter, more cooling in summer, so a higher net load in July",
    () => {
      const january = week(scenario, JANUARY_WEEK);
      const july = week(scenario, JULY_WEEK);
      // Seed 42: net load about 837 kW in January and 1,561 kW in July; wind about 825 and 366 kW;
      // facility power about 1,662 and 1,927 kW. The margins leave room for any seed's weather.
      expect(january.windKW).toBeGreaterThan(1.5 * july.windKW);
      expect(july.facilityKW - january.facilityKW).toBeGreaterThan(150);
      expect(july.netKW - january.netKW).toBeGreaterThan(400);
    },
    600_000,
  );

  it(
    "without the seasonal settings the two weeks are the same numbers (why the season sweep saw identical weeks)",
    () => {
      const flat = withoutSeasons(scenario);
      expect(week(flat, JULY_WEEK)).toEqual(week(flat, JANUARY_WEEK));
    },
    600_000,
  );
});

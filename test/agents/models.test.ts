import { scenarioFolderInputs } from "../../src/core/input-source.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Calendar } from "../../src/core/calendar.js";
import { InputError } from "../../src/core/errors.js";
import { AgentSchema, DccOperatorSchema, ProsumerSchema } from "../../src/agents/index.js";
import {
  requireUniqueAgentIds,
  buildAgentModels,
  buildDccOperator,
  buildProsumers,
  netCluster,
  prosumerIds,
  type AgentBuildContext,
  type DataCenterProfiles,
} from "../../src/agents/index.js";

const calendar: Calendar = { start: "2026-06-01T00:00:00Z", steps: 48, stepHours: 1, rentalPeriodSteps: 24, utcOffsetHours: 0 };
let dir = "";
let ctx: AgentBuildContext;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sesame-agents-"));
  const rows = (f: (t: number) => string) => Array.from({ length: 48 }, (_, t) => f(t)).join("\n");
  writeFileSync(join(dir, "it-a.csv"), `time,kw\n${rows((t) => `${t},${100 + t}`)}\n`);
  writeFileSync(join(dir, "it-b.csv"), `mw\n${rows((t) => String(0.05 + 0.001 * t))}\n`);
  writeFileSync(join(dir, "house.csv"), `time,load_w\n${rows((t) => `${t},${500 + 10 * t}`)}\n`);
  ctx = { calendar, latitudeDeg: 30, rootSeed: "7", inputs: scenarioFolderInputs(dir) };
});

const dc = (net: number[]): DataCenterProfiles => {
  const netKW = Float64Array.from(net);
  return { itLoadKW: netKW, facilityKW: netKW, windKW: new Float64Array(net.length), netKW };
};

describe("DCC operator: internal energy balance", () => {
  it("nets a DC's wind surplus against another's deficit before trading (hand case)", () => {
    // Step 0: A short 100, B surplus 30 → cluster needs 70, 30 exchanged inside.
    // Step 1: A short 10, B surplus 50, C short 5 → cluster surplus 35, 15 exchanged.
    // Step 2: all short → nothing exchanged.
    const { netLoadKW, internalExchangeKW } = netCluster([dc([100, 10, 1]), dc([-30, -50, 2]), dc([0, 5, 3])], 3);
    expect(Array.from(netLoadKW)).toEqual([70, -35, 6]);
    expect(Array.from(internalExchangeKW)).toEqual([30, 15, 0]);
  });

  it("builds facility power = IT × PUE minus wind per DC, sums, and nets inside the cluster", () => {
    const spec = DccOperatorSchema.parse({
      id: "dcc",
      kind: "dcc-operator",
      dataCenters: [
        { id: "a", itLoad: { csv: "it-a.csv" }, pue: 1.5 },
        { id: "b", itLoad: { csv: "it-b.csv", scale: 1000 }, pue: 1.2, wind: { ratedKW: 400, meanSpeedMS: 9 } },
      ],
    });
    const model = buildDccOperator(spec, ctx);
    expect(model.id).toBe("dcc");
    expect(model.kind).toBe("dcc-operator");
    const wind = model.series.windKW!;
    expect(wind.some((w) => w > 0)).toBe(true);
    let sawSurplus = false;
    for (let t = 0; t < calendar.steps; t++) {
      const itA = 100 + t;
      const itB = (0.05 + 0.001 * t) * 1000;
      const netA = itA * 1.5;
      const netB = itB * 1.2 - wind[t]!;
      sawSurplus ||= netB < 0;
      expect(model.series.itLoadKW![t]).toBeCloseTo(itA + itB, 9);
      expect(model.series.facilityKW![t]).toBeCloseTo(netA + itB * 1.2, 9);
      expect(model.netLoadKW[t]).toBeCloseTo(netA + netB, 9);
      expect(model.series.internalExchangeKW![t]).toBeCloseTo(Math.min(Math.max(0, -netB), netA), 9);
    }
    expect(sawSurplus).toBe(true);
  });

  it("refuses two data centers with one id, naming the field", () => {
    const spec = DccOperatorSchema.parse({
      id: "dcc",
      kind: "dcc-operator",
      dataCenters: [
        { id: "a", itLoad: { csv: "it-a.csv" } },
        { id: "a", itLoad: { csv: "it-a.csv" } },
      ],
    });
    expect(() => buildDccOperator(spec, ctx, "agents[3]")).toThrow(/agents\[3\]\.dataCenters\[1\]\.id/);
  });
});

describe("prosumers", () => {
  it("expand count > 1 to id-001, id-002, … each with its own profile streams", () => {
    const spec = ProsumerSchema.parse({ id: "pros", kind: "prosumer", count: 3, pv: { kWp: 4 } });
    const models = buildProsumers(spec, ctx);
    expect(models.map((m) => m.id)).toEqual(["pros-001", "pros-002", "pros-003"]);
    expect(Array.from(models[0]!.series.loadKW!)).not.toEqual(Array.from(models[1]!.series.loadKW!));
    expect(Array.from(models[0]!.series.pvKW!)).not.toEqual(Array.from(models[1]!.series.pvKW!));
    for (const m of models) {
      for (let t = 0; t < calendar.steps; t++) expect(m.netLoadKW[t]).toBeCloseTo(m.series.loadKW![t]! - m.series.pvKW![t]!, 12);
    }
    // Adding a household shifts no other household's profiles.
    const more = buildProsumers({ ...spec, count: 4 }, ctx);
    expect(Array.from(more[1]!.netLoadKW)).toEqual(Array.from(models[1]!.netLoadKW));
  });

  it("keep the bare id when count is 1, and pad wide counts", () => {
    expect(prosumerIds({ id: "h", count: 1 })).toEqual(["h"]);
    expect(prosumerIds({ id: "h", count: 1200 }).slice(-1)).toEqual(["h-1200"]);
    expect(prosumerIds({ id: "h", count: 1200 })[0]).toBe("h-0001");
  });

  it("read a CSV load with scale, and have zero PV without PV", () => {
    const spec = ProsumerSchema.parse({ id: "h", kind: "prosumer", load: { csv: "house.csv", column: "load_w", scale: 0.001 } });
    const [m] = buildProsumers(spec, ctx);
    expect(m!.netLoadKW[3]).toBeCloseTo(0.53, 12);
    expect(m!.series.pvKW!.every((x) => x === 0)).toBe(true);
  });

  it("name the field of a missing CSV", () => {
    const spec = ProsumerSchema.parse({ id: "h", kind: "prosumer", load: { csv: "nope.csv" } });
    expect(() => buildProsumers(spec, ctx, "agents[2]")).toThrow(InputError);
    expect(() => buildProsumers(spec, ctx, "agents[2]")).toThrow(/agents\[2\]\.load\.csv/);
  });
});

describe("buildAgentModels", () => {
  it("returns models sorted by id", () => {
    const specs = [
      AgentSchema.parse({ id: "zeta", kind: "prosumer" }),
      AgentSchema.parse({ id: "dcc", kind: "dcc-operator", dataCenters: [{ id: "a", itLoad: { generator: "datacenter-it", meanKW: 500 } }] }),
      AgentSchema.parse({ id: "alpha", kind: "prosumer", count: 2 }),
    ];
    expect(buildAgentModels(specs, ctx).map((m) => m.id)).toEqual(["alpha-001", "alpha-002", "dcc", "zeta"]);
  });

  it("refuses duplicate ids, also after count expansion, naming agents[i].id", () => {
    const dup = [AgentSchema.parse({ id: "a", kind: "prosumer" }), AgentSchema.parse({ id: "a", kind: "prosumer" })];
    expect(() => buildAgentModels(dup, ctx)).toThrow(/agents\[1\]\.id/);
    const expanded = [AgentSchema.parse({ id: "p", kind: "prosumer", count: 2 }), AgentSchema.parse({ id: "p-002", kind: "prosumer" })];
    try {
      buildAgentModels(expanded, ctx);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).issues[0]!.path).toBe("agents[1].id");
    }
  });
});

describe("requireUniqueAgentIds", () => {
  it("refuses a ledger account's name as an agent id, naming the spec", () => {
    const specs = [{ id: "home", kind: "prosumer" }, { id: "grid", kind: "prosumer" }].map((s) => ProsumerSchema.parse(s));
    expect(() => requireUniqueAgentIds(specs, ["provider", "grid", "market", "external"])).toThrow(/agents\[1\]\.id/);
    expect(() => requireUniqueAgentIds(specs)).not.toThrow();
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { loadLpSolver } from "../../src/core/lp.js";
import { counterfactualReplay } from "../../src/lab/counterfactual/counterfactual.js";
import type { CounterfactualDocument, OpenLoopDocument } from "../../src/lab/counterfactual/counterfactual-document.js";
import { energyStreamOf, reclearEnergy, reclearEnergyStep } from "../../src/lab/counterfactual/energy-open-loop.js";
import { readLoggedRun, type LoggedRun } from "../../src/lab/counterfactual/logged-run.js";
import { compareSteps } from "../../src/lab/counterfactual/step-changes.js";
import { resolveTarget } from "../../src/lab/counterfactual/target.js";
import type { RunSummary } from "../../src/lab/run-summary.js";
import { runScenario } from "../../src/lab/run-scenario.js";
import { createEnergyMechanism, listMechanisms } from "../../src/market/registry.js";
import { DCC_TWO_DAYS, SMALL_FLEXIBLE_DCC } from "../support/scenarios.js";

/**
 * Counterfactual re-clearing (src/lab/counterfactual/): open loop under the logged mechanism
 * reproduces the log exactly, for every registered energy mechanism; grid-only takes away
 * exactly what each agent gained from peers; a posted run re-priced changes only the rent, by
 * Δprice × rented quantity; what the log cannot answer is refused.
 */

const tmp = mkdtempSync(join(tmpdir(), "sesame-counterfactual-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ENERGY = listMechanisms().filter((m) => m.kind === "energy").map((m) => m.name);

/** A small run into tmp; returns its folder. */
async function run(name: string, request: Parameters<typeof runScenario>[0]): Promise<string> {
  const out = join(tmp, name);
  await runScenario({ baselines: false, ...request, out });
  return out;
}

function openLoop(doc: CounterfactualDocument): OpenLoopDocument {
  if (!doc.openLoop.available) throw new Error(`open loop not available: ${doc.openLoop.reason}`);
  return doc.openLoop;
}

async function counterfactual(dir: string, request: Parameters<typeof counterfactualReplay>[1], options: Parameters<typeof counterfactualReplay>[2] = {}): Promise<CounterfactualDocument> {
  const outcome = await counterfactualReplay(dir, request, options);
  if (!outcome.ok) throw new Error(`verification failed: ${JSON.stringify(outcome.verification)}`);
  return outcome.document;
}

/** Every figure of every agent is exactly 0. */
function expectAllZero(doc: CounterfactualDocument): void {
  const open = openLoop(doc);
  for (const [agent, a] of Object.entries(open.agents)) expect(a.difference, agent).toEqual({ cost: 0, rent: 0, peerKWh: 0, gridKWh: 0, rentedEnergyKWh: 0, rentedPowerKW: 0 });
  expect(open.market.difference).toEqual({ providerRentalRevenue: 0, operatorSurplus: 0, peerTradedKWh: 0 });
  expect(open.steps).toEqual([]);
}

beforeAll(async () => {
  await loadLpSolver();
});

describe("open-loop energy re-clearing under the logged mechanism reproduces the log", () => {
  // One short dcc-week run per registered energy mechanism (looped over the registry).
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    for (const name of ENERGY) dirs.set(name, await run(`same-${name}`, { scenario: "dcc-week", steps: 24, energy: name }));
  });

  it("every step's re-clearing equals the logged clearing field by field, and every difference is exactly 0", async () => {
    for (const name of ENERGY) {
      const logged = readLoggedRun(dirs.get(name)!);
      const { target } = resolveTarget(logged.scenario, { market: "energy", mechanism: name });
      const mechanism = createEnergyMechanism(target.mechanism, target.params);
      const rng = energyStreamOf(logged.world, mechanism);
      for (const step of logged.steps) {
        const c = reclearEnergyStep(logged.world, step, mechanism, rng);
        // The same content as the engine logged: canonical JSON drops nothing these hold.
        expect(JSON.parse(JSON.stringify({ mechanism: c.mechanism, prices: c.prices, trades: c.trades, operatorSurplus: c.operatorSurplus, meta: c.meta })), `${name} step ${step.t}`).toEqual(step.clearing);
        expect(c.payments, `${name} step ${step.t}`).toEqual(step.payments.filter((p) => p.reason.startsWith("energy-")));
      }
      const doc = await counterfactual(dirs.get(name)!, { market: "energy", mechanism: name });
      expect(doc.sameAsLogged, name).toBe(true);
      expectAllZero(doc);
    }
  });

  it("the bookkeeping gives exact zeros for any set of steps re-cleared with what they logged (property)", () => {
    const logged = readLoggedRun(dirs.get("uniform")!);
    fc.assert(
      fc.property(fc.subarray(logged.steps.map((s) => s.t)), (steps) => {
        const changes = steps.map((t) => {
          const step = logged.steps[t]!;
          const removed = step.payments.filter((p) => p.reason.startsWith("energy-"));
          return { t, removed, added: removed.map((p) => ({ ...p })), energy: { trades: step.clearing.trades.map((x) => ({ ...x })), operatorSurplus: step.clearing.operatorSurplus } };
        });
        const figures = compareSteps(logged, changes);
        for (const row of figures.rows) expect(row.difference).toEqual({ cost: 0, rent: 0, peerKWh: 0, gridKWh: 0, rentedEnergyKWh: 0, rentedPowerKW: 0 });
        for (const a of Object.values(figures.agents)) expect(a.counterfactual).toEqual(a.logged);
      }),
      { numRuns: 50 },
    );
  });

  it("reproduces demand charges too (a tariff with a demand charge, LP and rule-based agents)", async () => {
    const file = join(tmp, "demand.json");
    writeFileSync(
      file,
      JSON.stringify({
        name: "cf-demand",
        ...DCC_TWO_DAYS,
        site: { latitudeDeg: 31 },
        agents: [SMALL_FLEXIBLE_DCC, { id: "pros", kind: "prosumer", count: 3, strategy: "rule-based", load: { generator: "residential", meanKW: 0.6 }, pv: { kWp: 5 } }],
      }),
    );
    const dir = await run("demand", { scenario: file, energy: "pay-as-bid" });
    const logged = readLoggedRun(dir);
    expect(logged.steps.some((s) => s.payments.some((p) => p.reason === "demand-charge"))).toBe(true);
    expectAllZero(await counterfactual(dir, { market: "energy", mechanism: "pay-as-bid" }));
    expect(logged.steps.some((s) => s.clearing.trades.length > 0)).toBe(true);
    // Under grid-only every unmatched kWh is imported, so the peaks only rise: demand charges never fall.
    const doc = await counterfactual(dir, { market: "energy", mechanism: "grid-only" });
    expect(openLoop(doc).market.counterfactual.peerTradedKWh).toBe(0);
    const charges = (payments: readonly { reason: string; amount: number }[]) => payments.filter((p) => p.reason === "demand-charge").reduce((x, p) => x + p.amount, 0);
    const changes = reclearEnergy(logged, createEnergyMechanism("grid-only")).map((r) => r.change);
    const before = changes.reduce((x, c) => x + charges(c.removed), 0);
    const after = changes.reduce((x, c) => x + charges(c.added), 0);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before);
  });
});

describe("golden: dcc-week, 24 steps, re-cleared under grid-only", () => {
  let dir: string;
  let logged: LoggedRun;
  let doc: CounterfactualDocument;
  beforeAll(async () => {
    dir = await run("golden", { scenario: "dcc-week", steps: 24 });
    logged = readLoggedRun(dir);
    doc = await counterfactual(dir, { market: "energy", mechanism: "grid-only" });
  });

  it("every agent's peer kWh becomes 0 and its cost rises by exactly what it gained from peers", () => {
    // Gain from peers, from the logged trades and the tariff alone: a buyer saved λ^b − price per kWh, a seller earned price − λ^s.
    const gain = new Map<string, number>();
    for (const step of logged.steps) {
      const buy = logged.world.buyPrice[step.t]!;
      const sell = logged.world.sellPrice[step.t]!;
      for (const t of step.clearing.trades) {
        gain.set(t.buyer, (gain.get(t.buyer) ?? 0) + t.kWh * (buy - t.buyerPrice));
        gain.set(t.seller, (gain.get(t.seller) ?? 0) + t.kWh * (t.sellerPrice - sell));
      }
    }
    const open = openLoop(doc);
    expect(Object.keys(open.agents)).toEqual(logged.world.agents.map((a) => a.model.id));
    expect(gain.size).toBeGreaterThan(5);
    for (const [agent, a] of Object.entries(open.agents)) {
      expect(a.counterfactual.peerKWh, agent).toBe(0);
      expect(a.difference.peerKWh, agent).toBeCloseTo(-a.logged.peerKWh, 9);
      // What it no longer trades with peers it trades with the grid: the peer kWh of both sides of a trade.
      expect(a.difference.gridKWh, agent).toBeCloseTo(a.logged.peerKWh, 9);
      expect(a.difference.cost, agent).toBeCloseTo(gain.get(agent) ?? 0, 9);
      expect(a.difference.rent, agent).toBe(0);
    }
    expect(open.market.counterfactual).toEqual({ providerRentalRevenue: open.market.logged.providerRentalRevenue, operatorSurplus: 0, peerTradedKWh: 0 });
  });

  it("the logged figures are the run's summary.json", () => {
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as RunSummary;
    for (const [agent, a] of Object.entries(openLoop(doc).agents)) {
      const m = summary.agents[agent]!;
      expect(a.logged.cost, agent).toBeCloseTo(m.cost, 6);
      expect(a.logged.rent, agent).toBeCloseTo(m.rentalCost, 6);
      expect(a.logged.peerKWh, agent).toBeCloseTo(m.peerBoughtKWh + m.peerSoldKWh, 6);
      expect(a.logged.gridKWh, agent).toBeCloseTo(m.gridImportKWh + m.gridExportKWh, 6);
      expect(a.logged.rentedEnergyKWh, agent).toBeCloseTo(m.meanRentedEnergyKWh, 6);
      expect(a.logged.rentedPowerKW, agent).toBeCloseTo(m.meanRentedPowerKW, 6);
    }
    expect(openLoop(doc).market.logged.providerRentalRevenue).toBeCloseTo(summary.provider.rentalRevenue, 6);
    expect(openLoop(doc).market.logged.peerTradedKWh).toBeCloseTo(summary.market.peerTradedKWh, 6);
  });

  it("has the documented JSON shape", () => {
    expect(Object.keys(doc)).toEqual(["format", "kind", "run", "currency", "market", "logged", "target", "sameAsLogged", "openLoop", "closedLoop", "footing"]);
    expect(doc).toMatchObject({
      format: 1,
      kind: "counterfactual",
      run: { dir, scenario: "dcc-week", seed: "42", status: "complete", steps: 24, hours: 24, mechanisms: { rental: "posted", energy: "uniform" } },
      currency: "CNY",
      market: "energy",
      logged: { mechanism: "uniform", params: { k: 0.5 } },
      target: { mechanism: "grid-only", params: {} },
      sameAsLogged: false,
      closedLoop: null,
    });
    expect(doc.run.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const open = openLoop(doc);
    expect(Object.keys(open)).toEqual(["available", "agents", "market", "steps"]);
    expect(Object.keys(open.agents["dcc"]!)).toEqual(["logged", "counterfactual", "difference"]);
    expect(Object.keys(open.agents["dcc"]!.logged).sort()).toEqual(["cost", "gridKWh", "peerKWh", "rent", "rentedEnergyKWh", "rentedPowerKW"]);
    // Only steps where something differs, each with only the agents that differ there.
    expect(open.steps.length).toBeGreaterThan(0);
    for (const s of open.steps) {
      expect(logged.steps[s.t]!.clearing.trades.length).toBeGreaterThan(0);
      for (const agent of Object.keys(s.agents)) expect(logged.steps[s.t]!.clearing.trades.some((t) => t.buyer === agent || t.seller === agent)).toBe(true);
    }
    expect(doc.footing.openLoop).toMatch(/^open loop: the logged orders of all 24 steps re-cleared under energy grid-only/);
    expect(doc.footing.held).toContain("storage flows and imbalances");
  });

  it("every step's book has each agent on one side at most: self-trading cannot arise inside a simulation", () => {
    for (const step of logged.steps) {
      const agents = step.orders.map((o) => o.agent);
      expect(new Set(agents).size, `step ${step.t}`).toBe(agents.length);
    }
  });
});

describe("rental open loop", () => {
  let posted: string;
  let uniform: string;
  let stackelberg: string;
  beforeAll(async () => {
    posted = await run("posted", { scenario: "dcc-week", steps: 48 });
    uniform = await run("uniform", { scenario: "dcc-week", steps: 48, rental: "uniform" });
    stackelberg = await run("stackelberg", { scenario: "dcc-week", steps: 48, rental: "stackelberg" });
  });

  it("a posted run re-cleared at other posted prices changes only the rent, by Δprice × rented quantity", async () => {
    const logged = readLoggedRun(posted);
    const rounds = logged.steps.flatMap((s) => (s.rental ? [s.rental] : []));
    expect(rounds).toHaveLength(2);
    const cE = 0.5;
    const cP = 0.3;
    const doc = await counterfactual(posted, { market: "rental", mechanism: "posted", params: { cE, cP } });
    const open = openLoop(doc);
    expect(doc.target).toEqual({ mechanism: "posted", params: { cE, cP } });
    expect(open.rounds!.map((r) => r.basis)).toEqual(["held", "held"]);
    let revenue = 0;
    for (const [agent, a] of Object.entries(open.agents)) {
      let expected = 0;
      for (const r of rounds) {
        const c = r.contracts.find((x) => x.tenant === agent);
        if (c) expected += (cE - r.prices!.cE) * c.energyKWh + (cP - r.prices!.cP) * c.powerKW;
      }
      revenue += expected;
      expect(a.difference.rent, agent).toBeCloseTo(expected, 9);
      expect(a.difference.cost, agent).toBeCloseTo(expected, 9);
      expect(a.difference.peerKWh, agent).toBe(0);
      expect(a.difference.gridKWh, agent).toBe(0);
      expect(a.difference.rentedEnergyKWh, agent).toBe(0);
      expect(a.difference.rentedPowerKW, agent).toBe(0);
    }
    expect(open.market.difference.providerRentalRevenue).toBeCloseTo(revenue, 9);
    expect(open.market.difference.peerTradedKWh).toBe(0);
    for (const r of open.rounds!) expect(r.counterfactual.prices).toEqual({ cE, cP });
    expect(doc.footing.openLoop).toMatch(/accounting counterfactual/);
  });

  it("a run re-cleared under its own rental mechanism reproduces the log (posted, uniform)", async () => {
    expectAllZero(await counterfactual(posted, { market: "rental", mechanism: "posted" }));
    const doc = await counterfactual(uniform, { market: "rental", mechanism: "uniform" });
    expect(doc.sameAsLogged).toBe(true);
    expectAllZero(doc);
    for (const r of openLoop(doc).rounds!) {
      expect(r.basis).toBe("answers");
      expect(r.counterfactual).toEqual(r.logged);
    }
  });

  it("a stackelberg run whose leader searched re-clears under stackelberg from its own log, reproducing it", async () => {
    const meta = readLoggedRun(stackelberg).steps[0]!.rental!.meta;
    // The cluster's day LP is past exactMaxRows, so the leader searched (its queries are all logged).
    expect(meta["method"]).toBe("search");
    const doc = await counterfactual(stackelberg, { market: "rental", mechanism: "stackelberg" });
    expect(doc.sameAsLogged).toBe(true);
    expectAllZero(doc);
  });

  it("revealed bids re-clear under vcg (never more revenue than uniform) and posted at the reserve (from the logged answers)", async () => {
    const vcg = openLoop(await counterfactual(uniform, { market: "rental", mechanism: "vcg" }));
    expect(vcg.market.difference.providerRentalRevenue).toBeLessThanOrEqual(1e-9);
    for (const r of vcg.rounds!) expect(r.basis).toBe("answers");
    const atReserve = openLoop(await counterfactual(uniform, { market: "rental", mechanism: "posted" }));
    for (const r of atReserve.rounds!) expect(r.basis).toBe("answers");
  });

  it("refuses what the log cannot answer, naming it: joint auctions on a posted or stackelberg log, cooperative anywhere", async () => {
    for (const [dir, mechanism, pattern] of [
      [posted, "uniform", /rental uniform cannot be re-cleared open loop from this log: it asks for the tenants' no-storage answers at cE = [\d.]+, cP = [\d.]+, and the log of period 0 \(rental posted\) holds 1 best-response query/],
      [posted, "vcg", /rental vcg cannot be re-cleared open loop/],
      [uniform, "cooperative", /rental cooperative cannot be re-cleared open loop from this log: it asks for coalition optima/],
      [uniform, "stackelberg", /rental stackelberg cannot be re-cleared open loop/],
      [stackelberg, "uniform", /rental uniform cannot be re-cleared open loop from this log: it asks for the tenants' no-storage answers/],
    ] as const) {
      const error = await counterfactualReplay(dir, { market: "rental", mechanism }).catch((e: unknown) => e);
      expect(error, mechanism).toBeInstanceOf(InputError);
      expect((error as InputError).issues[0]!.path).toBe("rental.mechanism");
      expect((error as InputError).message, mechanism).toMatch(pattern);
      expect((error as InputError).message).toMatch(/--closed-loop/);
    }
  });

  it("with --closed-loop a refused open loop still runs the closed loop, and says why open loop is missing", async () => {
    const doc = await counterfactual(posted, { market: "rental", mechanism: "uniform" }, { closedLoop: true });
    expect(doc.openLoop.available).toBe(false);
    expect(doc.closedLoop).not.toBeNull();
    expect(doc.closedLoop!.dir).toBeNull();
    expect(Object.keys(doc.closedLoop!.agents)).toContain("dcc");
    expect(doc.footing.openLoop).toMatch(/^open loop not available: rental uniform cannot/);
  });
});

describe("closed loop beside open loop", () => {
  it("runs the scenario and seed under the target, writes its run folder into --out, and its differences are against the log", async () => {
    const dir = await run("closed", { scenario: "dcc-week", steps: 24 });
    const out = join(tmp, "closed-cf");
    const doc = await counterfactual(dir, { market: "rental", mechanism: "posted", params: { cE: 0.5 } }, { closedLoop: true, out });
    const closed = doc.closedLoop!;
    expect(closed.dir).toBe(join(out, "closed-loop"));
    expect(closed).toMatchObject({ status: "complete", steps: 24 });
    const summary = JSON.parse(readFileSync(join(out, "closed-loop", "summary.json"), "utf8")) as RunSummary;
    const manifest = JSON.parse(readFileSync(join(out, "closed-loop", "manifest.json"), "utf8"));
    expect(manifest.scenario.market.rental).toEqual({ mechanism: "posted", params: { cE: 0.5 } });
    expect(manifest.seed).toBe("42");
    const open = openLoop(doc);
    for (const [agent, c] of Object.entries(closed.agents)) {
      expect(c.figures.cost, agent).toBe(summary.agents[agent]!.cost);
      expect(c.difference.cost, agent).toBeCloseTo(c.figures.cost - open.agents[agent]!.logged.cost, 9);
    }
    // At a higher energy price the cluster rents less once it is asked again: the reaction open loop cannot show.
    expect(closed.agents["dcc"]!.figures.rentedEnergyKWh).toBeLessThan(open.agents["dcc"]!.counterfactual.rentedEnergyKWh);
    expect(JSON.parse(readFileSync(join(out, "counterfactual.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(doc)));
    const csv = readFileSync(join(out, "counterfactual-steps.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "t,agent,cost_logged,cost_open_loop,cost_difference,rent_logged,rent_open_loop,rent_difference,peer_kWh_logged,peer_kWh_open_loop,peer_kWh_difference,grid_kWh_logged,grid_kWh_open_loop,grid_kWh_difference,rented_kWh_logged,rented_kWh_open_loop,rented_kWh_difference,rented_kW_logged,rented_kW_open_loop,rented_kW_difference",
    );
    expect(csv).toHaveLength(1 + 24 * 11);
  });
});

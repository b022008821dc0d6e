import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLpSolver } from "../../src/core/lp.js";
import { buildWorld } from "../../src/lab/build-world.js";
import { loadScenario } from "../../src/lab/load-scenario.js";
import { runWorld, withOverrides } from "../../src/lab/run-scenario.js";
import { runSimulation } from "../../src/sim/engine.js";
import { genesisHash } from "../../src/sim/log/hash-chain.js";
import { readStepLog } from "../../src/sim/log/read-log.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";
import type { World } from "../../src/sim/world.js";
import type { Strategy } from "../../src/agents/types.js";
import { netFlows } from "../../src/market/index.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-engine-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => loadLpSolver());

function world(seed = "42", steps = 72): World {
  const loaded = loadScenario();
  return buildWorld(withOverrides(loaded, { seed, steps }), loaded.dir);
}

async function records(w: World): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  await runSimulation(w, { onRecord: (r) => out.push(r), freeze: true });
  return out;
}

describe("determinism", () => {
  it("the same scenario and seed give the same fingerprint; another seed gives another", async () => {
    const a = await runSimulation(world("42"));
    const b = await runSimulation(world("42"));
    const c = await runSimulation(world("43"));
    expect(a.status).toBe("complete");
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });
});

describe("conservation on every step of the default scenario (7 days)", () => {
  let log: StepBody[] = [];
  let w: World;
  beforeAll(async () => {
    w = world("42", 168);
    log = (await records(w)).filter((r): r is LogRecord & StepBody => r.kind === "step");
  });

  it("runs all 168 steps and rents storage", () => {
    expect(log).toHaveLength(168);
    expect(log.filter((r) => r.rental).length).toBe(7);
    expect(log[0]!.rental!.contracts.length).toBeGreaterThan(0);
  });

  it("energy: every agent's need is met by peers, grid and imbalance; the storage balances", () => {
    const dt = w.calendar.stepHours;
    for (const r of log) {
      expect(Math.abs(r.checks.energyResidualKWh)).toBeLessThan(1e-6);
      expect(Math.abs(r.checks.storageResidualKWh)).toBeLessThan(1e-6);
      // System balance recomputed independently from the record: Σ net load + storage flows = grid net.
      const netLoad = w.agents.reduce((s, a) => s + a.model.netLoadKW[r.t]! * dt, 0);
      const storage = r.dispatch.flows.reduce((s, f) => s + (f.chargeKW - f.dischargeKW) * dt, 0);
      const bought = r.orders.filter((o) => o.side === "buy").reduce((s, o) => s + o.kWh, 0);
      const sold = r.orders.filter((o) => o.side === "sell").reduce((s, o) => s + o.kWh, 0);
      const imbalance = r.imbalances.reduce((s, i) => s + i.kWh, 0);
      expect(netLoad + storage).toBeCloseTo(bought - sold + imbalance, 6);
      const peerIn = r.clearing.trades.reduce((s, x) => s + x.kWh, 0);
      expect(peerIn).toBeLessThanOrEqual(Math.min(bought, sold) + 1e-9);
    }
  });

  it("money: every step's payments sum to zero and nobody pays a negative amount", () => {
    for (const r of log) {
      const total = [...netFlows(r.payments).values()].reduce((s, v) => s + v, 0);
      expect(Math.abs(total)).toBeLessThan(1e-6);
      for (const p of r.payments) expect(p.amount).toBeGreaterThanOrEqual(0);
      expect(Math.abs(r.checks.moneyResidual)).toBeLessThan(1e-6);
    }
  });

  it("rental payments equal posted price × quantity and partitions stay within the storage", () => {
    for (const r of log.filter((x) => x.rental)) {
      const { prices, contracts } = r.rental!;
      const rented = contracts.reduce((s, c) => s + c.energyKWh, 0);
      expect(rented).toBeLessThanOrEqual(w.storage.energyKWh + 1e-9);
      for (const c of contracts) expect(c.payment).toBeCloseTo(prices!.cE * c.energyKWh + prices!.cP * c.powerKW, 9);
    }
  });
});

describe("faults", () => {
  function withFaultyAgent(w: World, failAt: number, failure: () => never): World {
    const victim = w.agents[1]!;
    const faulty: Strategy = {
      ...victim.strategy,
      decide: (id, view, state, rng) => (view.t === failAt ? failure() : victim.strategy.decide(id, view, state, rng)),
    };
    return { ...w, agents: w.agents.map((a, i) => (i === 1 ? { ...a, strategy: faulty } : a)) };
  }

  it("an agent that throws stops the run with an error record naming step and agent; the log before stays valid", async () => {
    const w = withFaultyAgent(world("42", 48), 30, () => {
      throw new Error("sensor offline");
    });
    const dir = join(tmp, "fault");
    const result = await runWorld(w, dir);
    expect(result.outcome.status).toBe("failed");
    expect(result.outcome.fault?.step).toBe(30);
    expect(result.outcome.fault?.agent).toBe(w.agents[1]!.model.id);
    const { records, problem } = readStepLog(dir, genesisHash(w.scenario));
    expect(problem).toBeNull();
    expect(records).toHaveLength(31);
    const last = records[30]!;
    expect(last.kind).toBe("error");
    expect(last.kind === "error" && last.error).toEqual({ agent: w.agents[1]!.model.id, message: "sensor offline" });
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.status).toBe("failed");
    expect(manifest.error).toMatchObject({ step: 30, agent: w.agents[1]!.model.id });
    expect(JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")).status).toBe("failed");
  });

  it("a solver failure inside a strategy is a fault naming the agent", async () => {
    const { solveLp } = await import("../../src/core/lp.js");
    const w = withFaultyAgent(world("42", 24), 5, () => {
      solveLp({ sense: "minimize", objective: [{ variable: "x", coefficient: 1 }], constraints: [{ name: "c", terms: [{ variable: "x", coefficient: 1 }], sense: ">=", rhs: 3 }], variables: [{ name: "x", lower: 0, upper: 2 }] });
      throw new Error("unreachable");
    });
    const outcome = await runSimulation(w);
    expect(outcome.status).toBe("failed");
    expect(outcome.fault?.agent).toBe(w.agents[1]!.model.id);
    expect(outcome.fault?.detail).toMatch(/Infeasible/);
  });
});

describe("demand charge", () => {
  it("bills each agent's peak grid import once per rental period", async () => {
    const loaded = loadScenario();
    const scenario = withOverrides({ ...loaded, scenario: { ...loaded.scenario, tariff: { ...loaded.scenario.tariff, demandChargePerKW: 10 } } }, { steps: 48 });
    const w = buildWorld(scenario, loaded.dir);
    const log = (await records(w)).filter((r): r is LogRecord & StepBody => r.kind === "step");
    const charged = log.filter((r) => r.payments.some((p) => p.reason === "demand-charge")).map((r) => r.t);
    expect(charged).toEqual([23, 47]);
    // Recompute the DCC's first-period peak from the log: grid import = unmatched buy + positive imbalance.
    let peak = 0;
    for (const r of log.slice(0, 24)) {
      const order = r.orders.find((o) => o.agent === "dcc" && o.side === "buy");
      const peer = r.clearing.trades.filter((x) => x.buyer === "dcc").reduce((s, x) => s + x.kWh, 0);
      const imbalance = Math.max(0, r.imbalances.find((i) => i.agent === "dcc")?.kWh ?? 0);
      peak = Math.max(peak, (order ? order.kWh - peer : 0) + imbalance);
    }
    const bill = log[23]!.payments.find((p) => p.reason === "demand-charge" && p.from === "dcc")!;
    expect(bill.to).toBe("grid");
    expect(bill.amount).toBeCloseTo(10 * peak, 6);
  });
});

describe("flexible load", () => {
  it("an agent that moves load orders for the moved position, and energy still balances", async () => {
    const { decisionFor } = await import("../../src/agents/order.js");
    const w = world("42", 24);
    const mover = w.agents[0]!;
    // Defers 2 kW from every even step to the next odd step: energy-neutral over each pair.
    const shifting: Strategy = {
      ...mover.strategy,
      decide: (id, view, state, rng) => {
        const shift = view.t % 2 === 0 ? -2 : 2;
        return { decision: decisionFor(id, view, { chargeKW: 0, dischargeKW: 0 }, 0, rng, shift), state };
      },
    };
    const shifted: World = { ...w, agents: w.agents.map((a, i) => (i === 0 ? { ...a, strategy: shifting } : a)) };
    const log = (await records(shifted)).filter((r): r is LogRecord & StepBody => r.kind === "step");
    expect(log).toHaveLength(24);
    expect(log[0]!.loadShifts).toEqual({ [mover.model.id]: -2 });
    const dt = w.calendar.stepHours;
    for (const r of log) {
      const order = r.orders.find((o) => o.agent === mover.model.id);
      const ordered = order ? (order.side === "buy" ? order.kWh : -order.kWh) : 0;
      expect(ordered).toBeCloseTo((mover.model.netLoadKW[r.t]! + r.loadShifts[mover.model.id]!) * dt, 9);
    }
  });

  it("an order that ignores the agent's own load shift is a fault", async () => {
    const w = world("42", 24);
    const mover = w.agents[0]!;
    const cheating: Strategy = {
      ...mover.strategy,
      decide: (id, view, state, rng) => {
        const { decision } = mover.strategy.decide(id, view, state, rng);
        return { decision: { ...decision, loadShiftKW: 5 }, state };
      },
    };
    const outcome = await runSimulation({ ...w, agents: w.agents.map((a, i) => (i === 0 ? { ...a, strategy: cheating } : a)) });
    expect(outcome.status).toBe("failed");
    expect(outcome.fault?.agent).toBe(mover.model.id);
    expect(outcome.fault?.detail).toMatch(/position after storage and load shift/);
  });
});

describe("external costs", () => {
  it("money an agent spends outside the market is paid to the external account and counted in its cost", async () => {
    const w = world("42", 24);
    const spender = w.agents[0]!;
    const fuel: Strategy = {
      ...spender.strategy,
      decide: (id, view, state, rng) => {
        const { decision } = spender.strategy.decide(id, view, state, rng);
        return { decision: { ...decision, externalCosts: [{ reason: "generator-fuel", amount: 1.5 }] }, state };
      },
    };
    const log = (await records({ ...w, agents: w.agents.map((a, i) => (i === 0 ? { ...a, strategy: fuel } : a)) })).filter(
      (r): r is LogRecord & StepBody => r.kind === "step",
    );
    for (const r of log) {
      expect(r.payments).toContainEqual({ from: spender.model.id, to: "external", amount: 1.5, reason: "generator-fuel" });
      expect(Math.abs([...netFlows(r.payments).values()].reduce((s, v) => s + v, 0))).toBeLessThan(1e-9);
    }
  });
});

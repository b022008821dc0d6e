import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import type { AgentFigures } from "./agent-figures.js";
import { runClosedLoop, type ClosedLoopRun } from "./closed-loop.js";
import {
  COUNTERFACTUAL_FORMAT,
  type ClosedLoopDocument,
  type CounterfactualDocument,
  type OpenLoopDocument,
  type RoundDocument,
  type StepDifferences,
} from "./counterfactual-document.js";
import { CLOSED_LOOP_DIR, requireFreeCounterfactualFolder, writeCounterfactualFolder } from "./counterfactual-folder.js";
import { reclearEnergy } from "./energy-open-loop.js";
import { readLoggedRun, readLoggedScenario, type LoggedRun } from "./logged-run.js";
import { OpenLoopRefused, reclearRental, type RoundReclearing } from "./rental-open-loop.js";
import { compareSteps, type MarketFigures, type OpenLoopFigures, type StepChange } from "./step-changes.js";
import { resolveTarget, type CounterfactualRequest, type ResolvedTarget } from "./target.js";
import type { Verification } from "../verification.js";
import { verifyRun } from "../verify-run.js";

/**
 * `sesame replay RUN --mechanism energy=NAME|rental=NAME`: the counterfactual of a logged run
 * under another mechanism (DESIGN.md §5) — open loop (the logged orders, or the logged rental
 * answers, re-cleared; agents not re-asked) and, on request, closed loop (the scenario run again
 * under it) beside it. In order: the request is checked against the manifest (bad input fails
 * before anything runs), the run is verified (a run that fails verification is refused), the
 * open loop is computed from the log, the closed loop is run, and with `out` the counterfactual
 * folder is written (counterfactual-folder.ts).
 */

/** Options of a counterfactual. */
export interface CounterfactualOptions {
  /** Also run the scenario under the target (closed loop). */
  readonly closedLoop?: boolean;
  /** Counterfactual folder to write (must be new or empty); nothing is written without it. */
  readonly out?: string;
  /** Progress of the closed-loop run, steps done of total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The verdict: refused by verification, or the counterfactual. */
export type CounterfactualOutcome =
  | { readonly ok: false; readonly verification: Extract<Verification, { ok: false }> }
  | { readonly ok: true; readonly document: CounterfactualDocument };

/** Computes the counterfactual of the run folder `dir` (see the file header). */
export async function counterfactualReplay(dir: string, request: CounterfactualRequest, options: CounterfactualOptions = {}): Promise<CounterfactualOutcome> {
  // Phase 1: the request against the manifest, and the folder to write: bad input before any work.
  const { scenario } = readLoggedScenario(dir);
  const target = resolveTarget(scenario, request);
  if (options.out !== undefined) requireFreeCounterfactualFolder(options.out);

  // Phase 2: only a run that verifies is re-cleared.
  const verification = await verifyRun(dir);
  if (!verification.ok) return { ok: false, verification };
  if (verification.status === "interrupted") {
    throw new InputError({ path: "RUN_DIR", expected: `a finished run; ${dir} was interrupted after ${verification.steps} steps (they verify): finish it with \`sesame run --resume ${dir}\` first` });
  }
  const run = readLoggedRun(dir);

  // Phase 3: open loop from the log; a rental question the log cannot answer is refused unless a closed loop was asked for.
  let open: { figures: OpenLoopFigures; rounds: readonly RoundReclearing[] | null } | { refused: string };
  try {
    open = openLoopOf(run, target);
  } catch (error) {
    if (!(error instanceof OpenLoopRefused)) throw error;
    if (!options.closedLoop) throw new InputError({ path: `${target.market}.mechanism`, expected: error.message });
    open = { refused: error.message };
  }

  // Phase 4: closed loop, then the document (and the folder).
  const closed = options.closedLoop ? await runClosedLoop(run, target, options.out !== undefined ? join(options.out, CLOSED_LOOP_DIR) : null, options.onProgress) : null;
  const document = documentOf(run, verification.fingerprint, target, open, closed);
  if (options.out !== undefined) writeCounterfactualFolder(options.out, document, "figures" in open ? open.figures.rows : null);
  return { ok: true, document };
}

/** The open-loop figures of the target's market. */
function openLoopOf(run: LoggedRun, target: ResolvedTarget): { figures: OpenLoopFigures; rounds: readonly RoundReclearing[] | null } {
  if (target.market === "energy") {
    const changes: StepChange[] = reclearEnergy(run, target.energy).map((r) => r.change);
    return { figures: compareSteps(run, changes), rounds: null };
  }
  const rounds = reclearRental(run, target.rental);
  return { figures: compareSteps(run, rounds.map((r) => r.change)), rounds };
}

function documentOf(
  run: LoggedRun,
  fingerprint: string,
  target: ResolvedTarget,
  open: { figures: OpenLoopFigures; rounds: readonly RoundReclearing[] | null } | { refused: string },
  closed: ClosedLoopRun | null,
): CounterfactualDocument {
  const scenario = run.scenario;
  const openLoop: CounterfactualDocument["openLoop"] = "refused" in open ? { available: false, reason: open.refused } : openLoopDocument(open.figures, open.rounds);
  return {
    format: COUNTERFACTUAL_FORMAT,
    kind: "counterfactual",
    run: {
      dir: run.dir,
      scenario: scenario.name,
      seed: scenario.seed,
      status: run.manifest.status,
      steps: run.steps.length,
      hours: run.steps.length * scenario.calendar.stepHours,
      fingerprint,
      mechanisms: run.manifest.mechanisms,
    },
    currency: scenario.currency,
    market: target.market,
    logged: target.logged,
    target: target.target,
    sameAsLogged: target.same,
    openLoop,
    closedLoop: closed ? closedLoopDocument(closed, "figures" in open ? open.figures : null, run) : null,
    footing: footingOf(run, target, open, closed),
  };
}

function openLoopDocument(figures: OpenLoopFigures, rounds: readonly RoundReclearing[] | null): OpenLoopDocument {
  const steps: StepDifferences[] = [];
  for (const row of figures.rows) {
    if (!differs(row.difference)) continue;
    let last = steps[steps.length - 1];
    if (last?.t !== row.t) steps.push((last = { t: row.t, agents: {} }));
    (last.agents as Record<string, AgentFigures>)[row.agent] = row.difference;
  }
  return {
    available: true,
    agents: figures.agents,
    market: figures.market,
    steps,
    ...(rounds
      ? {
          rounds: rounds.map(
            (r): RoundDocument => ({
              period: r.period,
              t: r.t,
              basis: r.basis,
              logged: r.logged,
              counterfactual: { prices: r.clearing.prices, contracts: r.clearing.contracts },
            }),
          ),
        }
      : {}),
  };
}

/** The closed-loop figures and their differences against the logged run (read from the same log as the open loop). */
function closedLoopDocument(closed: ClosedLoopRun, figures: OpenLoopFigures | null, run: LoggedRun): ClosedLoopDocument {
  const logged = figures ?? compareSteps(run, []);
  const agents: Record<string, { figures: AgentFigures; difference: AgentFigures }> = {};
  for (const [id, f] of Object.entries(closed.agents)) {
    const l = logged.agents[id]?.logged;
    if (l) agents[id] = { figures: f, difference: minus(f, l) };
  }
  const m = logged.market.logged;
  const difference: MarketFigures = {
    providerRentalRevenue: closed.market.providerRentalRevenue - m.providerRentalRevenue,
    operatorSurplus: closed.market.operatorSurplus - m.operatorSurplus,
    peerTradedKWh: closed.market.peerTradedKWh - m.peerTradedKWh,
  };
  return { dir: closed.dir, status: closed.status, steps: closed.steps, fingerprint: closed.fingerprint, agents, market: { figures: closed.market, difference } };
}

/** What each loop holds fixed and recomputes: the words of the table's footing. */
function footingOf(run: LoggedRun, target: ResolvedTarget, open: { rounds: readonly RoundReclearing[] | null } | { refused: string }, closed: ClosedLoopRun | null): CounterfactualDocument["footing"] {
  const steps = `${run.steps.length} steps`;
  const name = `${target.market} ${target.target.mechanism}${Object.keys(target.target.params).length > 0 ? ` ${JSON.stringify(target.target.params)}` : ""}`;
  let openLoop: string;
  let held: string[];
  if ("refused" in open) {
    openLoop = `open loop not available: ${open.refused}`;
    held = [];
  } else if (target.market === "energy") {
    const charged = run.world.tariff.demandChargePerKW > 0 ? "; demand charges recomputed from the new peak grid imports" : "";
    openLoop = `open loop: the logged orders of all ${steps} re-cleared under ${name} at each step's tariff, settled as the engine settles (peer trades, the grid for the rest)${charged}; agents not re-asked`;
    held = ["the orders", "storage flows and imbalances", "rental contracts and payments", "degradation fees", "the provider's pool", "the agents' own flexibility and external costs"];
  } else {
    const rounds = open.rounds ?? [];
    const heldRounds = rounds.filter((r) => r.basis === "held").length;
    const basis =
      heldRounds === 0
        ? "every query answered by the tenants' logged best responses"
        : heldRounds === rounds.length
          ? "no logged answers at these prices, so each tenant's logged rented quantities held (only the price changes)"
          : `${rounds.length - heldRounds} rounds from the logged answers, ${heldRounds} with the logged quantities held`;
    openLoop = `open loop: the ${rounds.length} rental round${rounds.length === 1 ? "" : "s"} of ${steps} re-cleared under ${name}, ${basis} — an accounting counterfactual: the tenants' later decisions are not re-made`;
    held = ["partitions, plans and dispatch (the logged capacities)", "energy orders and their clearing", "the provider's floor top-up and pool release", "degradation fees"];
  }
  const closedLoop = closed
    ? `closed loop: the same scenario and seed run under ${name} for ${closed.steps} steps (${closed.status}), every agent re-asked${closed.dir ? `; run folder ${closed.dir}` : ""}`
    : null;
  return { openLoop, held, closedLoop };
}

function differs(f: AgentFigures): boolean {
  return f.cost !== 0 || f.rent !== 0 || f.peerKWh !== 0 || f.gridKWh !== 0 || f.rentedEnergyKWh !== 0 || f.rentedPowerKW !== 0;
}

function minus(a: AgentFigures, b: AgentFigures): AgentFigures {
  return {
    cost: a.cost - b.cost,
    rent: a.rent - b.rent,
    peerKWh: a.peerKWh - b.peerKWh,
    gridKWh: a.gridKWh - b.gridKWh,
    rentedEnergyKWh: a.rentedEnergyKWh - b.rentedEnergyKWh,
    rentedPowerKW: a.rentedPowerKW - b.rentedPowerKW,
  };
}

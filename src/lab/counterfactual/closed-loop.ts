import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWorld } from "../build-world.js";
import { loggedInputs } from "../logged-scenario.js";
import type { RunSummary } from "../run-summary.js";
import { runWorld } from "../run-world.js";
import { withOverrides } from "../run-scenario.js";
import type { AgentFigures } from "./agent-figures.js";
import type { LoggedRun } from "./logged-run.js";
import type { MarketFigures } from "./step-changes.js";
import type { ResolvedTarget } from "./target.js";

/**
 * Closed loop: the logged run's scenario and seed, over the same steps, run again as an ordinary
 * run under the other mechanism — the agents re-asked at every step, so their bids, plans and
 * dispatch react to it. Beside the open-loop figures (the same orders or rental answers,
 * re-cleared), the difference between the two is the agents' reaction; open loop − logged is the
 * mechanism's pricing of the same behaviour. Baselines are not computed (the no-storage
 * reference of every saving still is, as in every run); the run folder is an ordinary one.
 */

/** The closed-loop run and its figures. */
export interface ClosedLoopRun {
  /** The run folder, or null when it was written to a temporary folder and removed. */
  readonly dir: string | null;
  readonly status: string;
  readonly steps: number;
  readonly fingerprint: string;
  /** By agent id; the summary's figures under this file's names. */
  readonly agents: Readonly<Record<string, AgentFigures>>;
  readonly market: MarketFigures;
}

/**
 * Runs the closed loop into `dir` (it must be new or empty), or into a temporary folder removed
 * afterwards when `dir` is null.
 */
export async function runClosedLoop(run: LoggedRun, target: ResolvedTarget, dir: string | null, onProgress?: (done: number, total: number) => void): Promise<ClosedLoopRun> {
  const override =
    target.market === "energy"
      ? { energy: target.target.mechanism, energyParams: target.target.params }
      : { rental: target.target.mechanism, rentalParams: target.target.params };
  // The target's parameters are already merged over the logged ones (target.ts); the same steps as the log.
  const scenario = withOverrides({ scenario: run.scenario, dir: run.dir, source: run.dir }, { ...override, steps: run.steps.length });
  const folder = dir ?? mkdtempSync(join(tmpdir(), "sesame-closed-loop-"));
  try {
    const result = await runWorld(buildWorld(scenario, loggedInputs(run.dir, run.manifest)), folder, onProgress, false);
    return {
      dir,
      status: result.outcome.status,
      steps: result.outcome.steps,
      fingerprint: result.outcome.fingerprint,
      agents: figuresOf(result.summary),
      market: { providerRentalRevenue: result.summary.provider.rentalRevenue, operatorSurplus: result.summary.market.operatorSurplus, peerTradedKWh: result.summary.market.peerTradedKWh },
    };
  } finally {
    if (dir === null) rmSync(folder, { recursive: true, force: true });
  }
}

/** A run summary's per-agent figures, as AgentFigures. */
export function figuresOf(summary: RunSummary): Record<string, AgentFigures> {
  return Object.fromEntries(
    Object.entries(summary.agents).map(([id, m]) => [
      id,
      {
        cost: m.cost,
        rent: m.rentalCost,
        peerKWh: m.peerBoughtKWh + m.peerSoldKWh,
        gridKWh: m.gridImportKWh + m.gridExportKWh,
        rentedEnergyKWh: m.meanRentedEnergyKWh,
        rentedPowerKW: m.meanRentedPowerKW,
      },
    ]),
  );
}

import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { DEFAULT_SCENARIO } from "../../lab/load-scenario.js";
import type { PlanProgress } from "../../lab/plan/plan-storage.js";
import type { PlanRequest } from "../../lab/plan/plan-request.js";
import { collect, commandAction, EXIT_FAULT, splitParams } from "../action.js";
import { progressBar } from "../progress.js";
import { renderPlan } from "../plan-table.js";

const EXAMPLES = `
Objectives:
  provider-npv  the size with the provider's best NPV under the mechanism (a search over simulated runs)
  users         the size with the users' best total saving under the mechanism (the same search)
  welfare       the welfare-optimal size from the central optimum's sizing LP, then one run at it;
                with --allocate, the joint investment shared among the agents (at most 12)

--grid E=from:to:points,P=from:to:points (kWh, kW), or lists E=1000,2000,4000,P=500; an axis left
out spans 0 to twice the scenario's rating in 5 points. Each --refine round halves the step around
the best size (default 2 rounds).

Examples:
  sesame plan microgrids --steps 48 --grid E=0:4000:5,P=0:1000:5 --refine 1
  sesame plan individual-vs-shared --steps 24 --objective users --rental uniform
  sesame plan dcc-week --rental posted --param rental.cE=0.3 --grid E=2000,4000,6000,P=1000
  sesame plan microgrids --objective welfare --allocate shapley
`;

interface PlanFlags {
  objective?: string;
  rental?: string;
  energy?: string;
  param: string[];
  grid: string[];
  refine?: string;
  seed?: string;
  steps?: string;
  out?: string;
  allocate?: string;
  keepLogs?: boolean;
  workers?: string;
  json?: boolean;
}

/** Registers `sesame plan`. */
export function registerPlanCommand(program: Command): void {
  program
    .command("plan")
    .description("size the shared storage (E^max, P^max) for the provider's NPV, the users' saving or welfare, and share a joint investment")
    .argument("[scenario]", "scenario file (JSON/YAML) or built-in name", DEFAULT_SCENARIO)
    .option("--objective <name>", "provider-npv (default), users or welfare")
    .option("--rental <name>", "rental mechanism the sizes are evaluated under (default the scenario's)")
    .option("--energy <name>", "energy mechanism (default the scenario's)")
    .option("--param <kind.key=value>", "mechanism parameter, repeatable: rental.cE=0.3, energy.k=0.4", collect, [])
    .option("--grid <axes>", "coarse grid, e.g. E=0:8000:9,P=0:2000:9 (kWh, kW); repeatable", collect, [])
    .option("--refine <n>", "refinement rounds around the best size, each halving the step (default 2)")
    .option("--seed <seed>", "root seed, the same for every size (default the scenario's)")
    .option("--steps <n>", "number of steps, overrides the scenario's calendar")
    .option("--out <dir>", "plan folder to create (default plans/<scenario>-<objective>-<time>)")
    .option("--allocate <rule>", "with --objective welfare: share the joint investment by shapley, nucleolus or nash")
    .option("--keep-logs", "keep every evaluation's steps.jsonl and time series (default: manifest.json and summary.json)")
    .option("--workers <n>", `worker threads for the evaluations (default: all cores, here ${availableParallelism()})`)
    .option("--json", "print plan.json instead of the table")
    .addHelpText("after", EXAMPLES)
    .action(
      commandAction(async (scenario: string, flags: PlanFlags) => {
        const request = requestOf(scenario, flags);
        // Loaded on use, as `experiment` does: the worker pool and Parquet cost time at every CLI start.
        const { planStorage } = await import("../../lab/plan/plan-storage.js");
        // One bar per phase: the evaluations, then (with --allocate) the coalitions' sizing LPs.
        let phase: PlanProgress["phase"] = "evaluating";
        let bar = progressBar("planning", process.stderr, "evaluations");
        const result = await planStorage(request, (p: PlanProgress) => {
          if (p.phase !== phase) {
            bar.finish();
            phase = p.phase;
            bar = progressBar("allocating", process.stderr, "coalitions");
          }
          bar.update(p.done, Math.max(p.total, 1));
        });
        bar.finish();
        process.stdout.write((flags.json ? JSON.stringify(result.plan, null, 2) : renderPlan(result.plan, result.dir)) + "\n");
        if (result.plan.failed.length > 0 || result.plan.chosen === null) {
          process.stderr.write(`sesame: ${result.plan.failed.length} evaluation(s) failed; see evaluations.jsonl in ${result.dir}\n`);
          return EXIT_FAULT;
        }
        return 0;
      }),
    );
}

/** The flags as a plan request; numbers are checked here so the message names the flag and what it got. */
function requestOf(scenario: string, flags: PlanFlags): PlanRequest {
  const { rental, energy } = splitParams(flags.param);
  return {
    scenario,
    ...(flags.objective !== undefined ? { objective: flags.objective as PlanRequest["objective"] } : {}),
    ...(flags.rental !== undefined ? { rental: flags.rental } : {}),
    ...(flags.energy !== undefined ? { energy: flags.energy } : {}),
    ...(Object.keys(rental).length > 0 ? { rentalParams: rental } : {}),
    ...(Object.keys(energy).length > 0 ? { energyParams: energy } : {}),
    ...(flags.grid.length > 0 ? { grid: flags.grid } : {}),
    ...(flags.refine !== undefined ? { refine: wholeNumber("--refine", flags.refine, 0) } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.steps !== undefined ? { steps: wholeNumber("--steps", flags.steps, 1) } : {}),
    ...(flags.out !== undefined ? { out: flags.out } : {}),
    ...(flags.allocate !== undefined ? { allocate: flags.allocate as NonNullable<PlanRequest["allocate"]> } : {}),
    ...(flags.keepLogs ? { keepLogs: true } : {}),
    ...(flags.workers !== undefined ? { workers: wholeNumber("--workers", flags.workers, 1) } : {}),
  };
}

function wholeNumber(flag: string, text: string, min: number): number {
  const x = Number(text);
  if (!(text.trim() !== "" && Number.isInteger(x) && x >= min)) throw new InputError({ path: flag, expected: `a whole number ≥ ${min}, got "${text}"` });
  return x;
}


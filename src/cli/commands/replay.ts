import type { Command } from "commander";
import { verifyRun } from "../../lab/verify-run.js";
import { describeFailure } from "../../lab/verification.js";
import { counterfactualReplay } from "../../lab/counterfactual/counterfactual.js";
import type { CounterfactualMarket, CounterfactualRequest } from "../../lab/counterfactual/target.js";
import { collect, commandAction, EXIT_FAULT, EXIT_INTERRUPTED, parseParamFlags } from "../action.js";
import { InputError } from "../../core/errors.js";
import { renderCounterfactual } from "../counterfactual-table.js";
import { progressBar } from "../progress.js";

const HELP = `
Forms:
  sesame replay RUN_DIR --verify
      check every file of the run folder: the manifest's seal and file hashes, the kept
      inputs, every step of the log against a re-run from the manifest, the manifest's
      status and fingerprint, and summary.json against the summary recomputed from the
      re-run. Exit 0: all verify; 1: a difference, named by file (or step and field);
      3: the run was interrupted (its manifest still says running) and the steps it logged
      verify — finish it with \`sesame run --resume RUN_DIR\`. Files the run did not
      write (export tables, report/) are listed, not verified.
  sesame replay RUN_DIR --mechanism energy=NAME|rental=NAME [--param energy.K=V|rental.K=V]...
                [--closed-loop] [--out DIR] [--json]
      the counterfactual under another mechanism: the run is verified first (exit 1 if it
      fails), then open loop — the logged energy orders (or the tenants' logged rental answers)
      re-cleared under NAME, everything else as logged, agents not re-asked — and with
      --closed-loop the same scenario and seed run again under NAME beside it. Parameters of a
      mechanism other than the logged one start from its defaults; the logged one keeps the
      scenario's, --param merged over them.

Rental open loop re-clears posted at any prices (from the logged answers where the log has
them at those prices, else the logged quantities held), uniform, pay-as-bid and vcg from a
log of revealed bids (a run under uniform, pay-as-bid, vcg or stackelberg), stackelberg
only from its own log, and cooperative never; the others are refused (exit 2) unless
--closed-loop is given. It is an accounting counterfactual: only the rental payments change.

With --out DIR: DIR/counterfactual.json (what --json prints), DIR/counterfactual-steps.csv
(every step and agent: logged, open loop, difference) and, with --closed-loop, the run folder
DIR/closed-loop; \`sesame report DIR\` draws the counterfactual chart. Without --out nothing is
written (a closed loop runs in a temporary folder).

A representative run (calendar.representative) is verified span by span; a counterfactual
takes one span folder.

Examples:
  sesame replay runs/dcc-week-seed42-20261123T220000 --verify
  sesame replay runs/try --mechanism energy=grid-only
  sesame replay runs/try --mechanism energy=uniform --param energy.k=0.2 --json
  sesame replay runs/try --mechanism rental=posted --param rental.cE=0.5 --closed-loop --out runs/try-cf
`;

interface ReplayFlags {
  verify?: boolean;
  mechanism?: string[];
  param: string[];
  closedLoop?: boolean;
  out?: string;
  json?: boolean;
}

/** Registers `sesame replay`. */
export function registerReplayCommand(program: Command): void {
  program
    .command("replay")
    .description("re-run a logged run from its manifest and check it against the log, or re-clear it under another mechanism (counterfactual)")
    .argument("<run-dir>", "a run folder (manifest.json, steps.jsonl), or a representative run folder (manifest.json, spans/) for --verify")
    .option("--verify", "check every step's hash and content against a fresh re-run (exit 1 at the first difference)")
    .option("--mechanism <market=name>", "counterfactual: re-clear the energy or the rental market under another mechanism, e.g. energy=grid-only", collect)
    .option("--param <market.key=value>", "counterfactual mechanism parameter, repeatable: energy.k=0.3, rental.cE=0.5", collect, [])
    .option("--closed-loop", "counterfactual: also run the scenario and seed under the mechanism and print it beside the open loop")
    .option("--out <dir>", "counterfactual: folder to write counterfactual.json, counterfactual-steps.csv (and closed-loop/) into; must be new or empty")
    .option("--json", "counterfactual: print counterfactual.json instead of the table")
    .addHelpText("after", HELP)
    .action(
      commandAction(async (dir: string, flags: ReplayFlags) => {
        if (flags.mechanism === undefined) return verifyOnly(dir, flags);
        const request = requestOf(flags);
        const bar = progressBar("closed loop");
        const outcome = await withFlagPaths(request.market, () =>
          counterfactualReplay(dir, request, {
            closedLoop: flags.closedLoop === true,
            ...(flags.out !== undefined ? { out: flags.out } : {}),
            onProgress: (done, total) => bar.update(done, total),
          }),
        );
        bar.finish();
        if (!outcome.ok) {
          const v = outcome.verification;
          process.stderr.write(`sesame: no counterfactual: verification FAILED${describeFailure(v)}\n`);
          return EXIT_FAULT;
        }
        process.stdout.write((flags.json ? JSON.stringify(outcome.document, null, 2) : renderCounterfactual(outcome.document, flags.out ?? null)) + "\n");
        return 0;
      }),
    );
}

/** `replay --verify`: the verdict in one line (a representative run: one line per span). */
async function verifyOnly(dir: string, flags: ReplayFlags): Promise<number> {
  const counterfactualOnly = (["closedLoop", "out", "json"] as const).find((k) => flags[k] !== undefined);
  if (counterfactualOnly !== undefined || flags.param.length > 0) {
    const name = counterfactualOnly === "closedLoop" ? "--closed-loop" : counterfactualOnly ? `--${counterfactualOnly}` : "--param";
    throw new InputError({ path: name, expected: "a counterfactual to go with it: --mechanism energy=NAME or rental=NAME" });
  }
  if (!flags.verify) {
    throw new InputError({ path: "--verify", expected: "the replay to perform: --verify checks the log against a fresh re-run; --mechanism energy=NAME|rental=NAME re-clears it under another mechanism" });
  }
  const verdict = await verifyRun(dir);
  if (verdict.ok) {
    const spans = (verdict.spans ?? []).map((s) => `  ${s.folder}: ${s.steps} steps (${s.status}) match its log; fingerprint ${s.fingerprint}\n`).join("");
    const extra = verdict.unrecorded ? `not written by the run, not verified: ${verdict.unrecorded.join(", ")}\n` : "";
    if (verdict.status === "interrupted") {
      process.stdout.write(`interrupted at step ${verdict.steps}: the first ${verdict.steps} steps verify (fingerprint so far ${verdict.fingerprint}); finish it with \`sesame run --resume ${dir}\`\n${spans}${extra}`);
      return EXIT_INTERRUPTED;
    }
    const what = verdict.spans ? `${verdict.spans.length} representative spans, ${verdict.steps} steps (${verdict.status}), their logs, summaries and the manifest` : `${verdict.steps} steps (${verdict.status}), the summary, the manifest and every file it records`;
    process.stdout.write(`verified: ${what} match a re-run; fingerprint ${verdict.fingerprint}\n${spans}${extra}`);
    return 0;
  }
  process.stdout.write(`verification FAILED${describeFailure(verdict)}\n`);
  return EXIT_FAULT;
}

/** `--mechanism energy=NAME` and `--param energy.K=V`… → the lab's request; one market at a time. */
function requestOf(flags: ReplayFlags): CounterfactualRequest {
  const given = flags.mechanism ?? [];
  if (given.length > 1) throw new InputError({ path: "--mechanism", expected: `one counterfactual at a time (energy=NAME or rental=NAME), got ${given.map((g) => JSON.stringify(g)).join(", ")}` });
  const text = given[0]!;
  const eq = text.indexOf("=");
  const market = text.slice(0, eq);
  const name = text.slice(eq + 1);
  if (eq <= 0 || (market !== "energy" && market !== "rental") || name === "") {
    throw new InputError({ path: "--mechanism", expected: `energy=NAME or rental=NAME (see \`sesame mechanisms\`), got "${text}"` });
  }
  const mine: string[] = [];
  for (const flag of flags.param) {
    const prefix = flag.slice(0, flag.indexOf("."));
    if (prefix !== "energy" && prefix !== "rental") throw new InputError({ path: "--param", expected: `energy.KEY=VALUE or rental.KEY=VALUE, got "${flag}"` });
    if (prefix !== market) throw new InputError({ path: "--param", expected: `parameters of the ${market} mechanism being re-cleared (${market}.KEY=VALUE), got "${flag}"` });
    mine.push(flag.slice(prefix.length + 1));
  }
  return { market: market as CounterfactualMarket, mechanism: name, params: parseParamFlags(mine) };
}

/** The lab names the target as `energy.mechanism` / `energy.params.k`; a CLI user typed flags. */
async function withFlagPaths<T>(market: CounterfactualMarket, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.issues.map((i) => ({
        path: i.path === `${market}.mechanism` ? `--mechanism ${market}=…` : i.path.startsWith(`${market}.params.`) ? `--param ${market}.${i.path.slice(`${market}.params.`.length)}` : i.path,
        expected: i.expected,
      })),
    );
  }
}

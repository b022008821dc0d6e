import { z } from "zod";
import { InputError, type InputIssue } from "../../core/errors.js";
import { formatPath } from "../../core/zod-issues.js";
import { SizeGridSpecSchema } from "./size-grid.js";

/**
 * What `sesame plan` (and {@link planStorage}) is asked (docs/planning.md): which scenario,
 * which objective, under which mechanisms, over which sizes. Validated strictly: a field that
 * is not here, a value of the wrong kind or a combination that means nothing is an InputError
 * naming the command-line flag, before anything is written.
 */

/** What the plan maximises. */
export const PLAN_OBJECTIVES = ["provider-npv", "welfare", "users"] as const;
/** provider-npv: the provider's NPV; users: the users' total saving; welfare: the welfare gain (by the sizing LP). */
export type PlanObjective = (typeof PLAN_OBJECTIVES)[number];

/** How the optimally sized joint investment is shared among its members (src/market/cooperative). */
export const ALLOCATION_RULES = ["shapley", "nucleolus", "nash"] as const;
/** shapley (exact), nucleolus (LP sequence) or nash (equal weights, stand-alone costs as the disagreement point). */
export type AllocationRule = (typeof ALLOCATION_RULES)[number];

/** Refinement rounds unless asked otherwise: the coarse step halved twice. */
export const DEFAULT_REFINEMENTS = 2;

/** Most refinement rounds: 2^−10 of the coarse step is far below any battery's rating resolution. */
export const MAX_REFINEMENTS = 10;

const params = z.record(z.string(), z.unknown());

/** The request's JSON shape (the public API and plan.json's `request`). */
export const PlanRequestSchema = z
  .strictObject({
    /** A scenario file or built-in name; the default scenario when omitted. */
    scenario: z.string().min(1).optional(),
    objective: z.enum(PLAN_OBJECTIVES).default("provider-npv"),
    /** Rental mechanism the provider's NPV and the users' saving are evaluated under; default the scenario's. */
    rental: z.string().min(1).optional(),
    rentalParams: params.optional(),
    /** Energy mechanism; default the scenario's. */
    energy: z.string().min(1).optional(),
    energyParams: params.optional(),
    /** The coarse grid: `--grid` text (size-grid.ts) or its JSON shape; default 0 to twice the scenario's ratings, 5 points each. */
    grid: z.union([z.string().min(1), z.array(z.string().min(1)).min(1), SizeGridSpecSchema]).optional(),
    /** Refinement rounds after the coarse grid (default {@link DEFAULT_REFINEMENTS}). */
    refine: z.number().int().min(0).max(MAX_REFINEMENTS).optional(),
    seed: z.string().min(1).optional(),
    steps: z.number().int().positive().optional(),
    /** The plan folder; `plans/<scenario>-<objective>-<time>` when omitted. */
    out: z.string().min(1).optional(),
    /** With the welfare objective: share the joint investment among the agents by this rule. */
    allocate: z.enum(ALLOCATION_RULES).optional(),
    /** Keep each evaluation's steps.jsonl and time series (default: manifest.json and summary.json only). */
    keepLogs: z.boolean().default(false),
    /** Worker threads for the evaluations; default all cores. */
    workers: z.number().int().min(1).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.objective === "welfare" && r.grid !== undefined) {
      ctx.addIssue({ code: "custom", path: ["grid"], message: "the welfare objective is sized by the sizing LP, not searched: leave out --grid (or choose --objective provider-npv or users)" });
    }
    if (r.objective === "welfare" && r.refine !== undefined) {
      ctx.addIssue({ code: "custom", path: ["refine"], message: "the welfare objective is sized by the sizing LP, not searched: leave out --refine" });
    }
    if (r.allocate !== undefined && r.objective !== "welfare") {
      ctx.addIssue({ code: "custom", path: ["allocate"], message: `the joint investment is allocated at the welfare-optimal size: add --objective welfare (got --objective ${r.objective})` });
    }
  });

/** A request as given (defaults may be left out). */
export type PlanRequest = z.input<typeof PlanRequestSchema>;
/** A validated request, defaults filled in. */
export type ResolvedPlanRequest = z.output<typeof PlanRequestSchema>;

/** The command-line flag of each request field, so that an issue names what the user typed. */
const FLAGS: Readonly<Record<string, string>> = {
  scenario: "SCENARIO",
  objective: "--objective",
  rental: "--rental",
  rentalParams: "--param",
  energy: "--energy",
  energyParams: "--param",
  grid: "--grid",
  refine: "--refine",
  seed: "--seed",
  steps: "--steps",
  out: "--out",
  allocate: "--allocate",
  keepLogs: "--keep-logs",
  workers: "--workers",
};

/** Validates a plan request; every problem is an issue on its flag (InputError, exit 2). */
export function resolvePlanRequest(request: unknown): ResolvedPlanRequest {
  const parsed = PlanRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  const issues: InputIssue[] = parsed.error.issues.map((issue) => {
    const [field, ...rest] = issue.path;
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as { keys: string[] }).keys;
      return { path: "(plan request)", expected: `no such field (unknown: ${keys.join(", ")})` };
    }
    const flag = typeof field === "string" ? (FLAGS[field] ?? field) : "(plan request)";
    const detail = rest.length > 0 ? ` (${formatPath(rest)})` : "";
    return { path: flag, expected: `${issue.message}${detail}` };
  });
  throw new InputError(issues);
}

import { z } from "zod";
import { InputError } from "../core/errors.js";
import type { AgentKindEntry } from "./agent-kind.js";
import { INFLEXIBLE_PLANNER, type FlexibilityPlanner } from "./flexibility-planner.js";
import { dccOperatorKind } from "./kinds/dcc-operator/kind.js";
import { microgridKind } from "./kinds/microgrid/kind.js";
import { prosumerKind } from "./kinds/prosumer/kind.js";
import { vppKind } from "./kinds/vpp/kind.js";

/**
 * Every agent kind SESAME knows, by name. To add one, write its folder kinds/<kind>/ (ending in
 * a kind.ts that exports an entry made with `defineAgentKind`) and add the entry to the list
 * below. The scenario schema of agents, the names of kinds and strategies and the baselines'
 * flexibility planners are all derived from this list.
 */
const KINDS = [prosumerKind, dccOperatorKind, microgridKind, vppKind] as const;

/** The tuple of the kinds' schemas, element by element (what `z.discriminatedUnion` needs to infer the union). */
type SchemasOf<T extends readonly unknown[]> = { -readonly [K in keyof T]: T[K] extends { readonly schema: infer S } ? S : never };

/** Any consumer agent: the union of every registered kind's schema, told apart by `kind`. */
export const AgentSchema = z.discriminatedUnion("kind", KINDS.map((k) => k.schema) as unknown as SchemasOf<typeof KINDS>);

/** A consumer agent as a scenario gives it, defaults filled. */
export type AgentSpec = z.output<typeof AgentSchema>;
/** The name of a registered agent kind. */
export type AgentKind = AgentSpec["kind"];
/** The name of a strategy some registered kind offers. */
export type StrategyName = AgentSpec["strategy"];

// Stored type-erased: the schema has validated each spec before a kind's functions see it.
const ENTRIES: readonly AgentKindEntry[] = KINDS as unknown as readonly AgentKindEntry[];

/** The registered kind called `name`; InputError naming `path` when there is none. */
export function agentKind(name: string, path = "agents[].kind"): AgentKindEntry {
  const entry = ENTRIES.find((k) => k.name === name);
  if (!entry) throw new InputError({ path, expected: `one of ${ENTRIES.map((k) => k.name).join(", ")}, got ${JSON.stringify(name)}` });
  return entry;
}

/** Every registered kind, in registration order. */
export function agentKinds(): readonly AgentKindEntry[] {
  return ENTRIES;
}

/**
 * The planner of flexibility `kind` (flexibility-planner.ts) that some registered agent kind
 * declares; no kind, or `none`, plans with the plain period LP.
 */
export function flexibilityPlanner(kind: string | undefined): FlexibilityPlanner {
  if (kind === undefined || kind === "none") return INFLEXIBLE_PLANNER;
  for (const entry of ENTRIES) {
    const planner = entry.flexibility.find((f) => f.kind === kind);
    if (planner) return planner;
  }
  throw new Error(`no registered agent kind plans flexibility "${kind}"`);
}

/**
 * One scenario field in a line: its description (looked for through optional and default
 * wrappers), then `[default: …]` or `[optional]`; a required field without one: "".
 */
function fieldSummary(field: z.ZodType): string {
  let description = field.description;
  let inner: z.ZodType | undefined = field;
  while (description === undefined && inner) {
    inner = (inner as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
    description = inner?.description;
  }
  const parsed = field.safeParse(undefined);
  const tail = !parsed.success ? "" : parsed.data === undefined ? "[optional]" : `[default: ${JSON.stringify(parsed.data)}]`;
  return [description ?? "", tail].filter((x) => x !== "").join(" ");
}

/** What `sesame agents` shows about one strategy of a kind. */
export interface StrategyInfo {
  readonly name: string;
  readonly description: string;
  /** Its settings with their defaults (given in a scenario under the strategy's name). */
  readonly defaults: Readonly<Record<string, unknown>>;
}

/** What `sesame agents` shows about one agent kind. */
export interface AgentKindInfo {
  readonly name: string;
  readonly description: string;
  readonly docs: string;
  /** The scenario fields of the kind, each with its description ("" when it has none). */
  readonly fields: Readonly<Record<string, string>>;
  readonly strategies: readonly StrategyInfo[];
  /** The flexibility its models carry, by flexibility kind. */
  readonly flexibility: readonly { readonly kind: string; readonly description: string }[];
  readonly example: unknown;
}

/** Every registered kind as `sesame agents` lists it. */
export function listAgentKinds(): AgentKindInfo[] {
  return ENTRIES.map((k) => ({
    name: k.name,
    description: k.description,
    docs: k.docs,
    fields: Object.fromEntries(Object.entries(k.schema.shape).map(([key, field]) => [key, fieldSummary(field as z.ZodType)])),
    strategies: k.strategies.map((s) => ({ name: s.name, description: s.description, defaults: s.params.parse({}) as Record<string, unknown> })),
    flexibility: k.flexibility.map((f) => ({ kind: f.kind, description: f.description })),
    example: k.example,
  }));
}

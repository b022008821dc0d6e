import type { z } from "zod";
import type { AgentBuildContext } from "./context.js";
import type { FlexibilityPlanner } from "./flexibility-planner.js";
import type { StrategyEntry } from "./strategy-entry.js";
import type { AgentModel } from "./types.js";

/**
 * What an agent kind declares so the registry can validate, build, list and document it (the
 * pattern of market/mechanism-entry.ts). A kind lives in one folder, kinds/<kind>/: its scenario
 * shape (spec.ts), physical model (model.ts), strategies (strategies.ts), LP if it has one
 * (lp.ts), and this entry (kind.ts). Adding a kind is that folder plus one line in registry.ts;
 * a kind whose model carries a new kind of flexibility also names its type in the flexibility
 * vocabulary (flexibility.ts).
 */
export interface AgentKindEntry<N extends string = string, S extends z.ZodObject = z.ZodObject> {
  /** The `kind` a scenario names; the schema's `kind` literal. */
  readonly name: N;
  /** One line, for `sesame agents`. */
  readonly description: string;
  /** Its scenario shape: a strict object with `kind: N` and the fields of spec-fields.ts `agentFields`. */
  readonly schema: S;
  /** The strategies it may choose, by name, the default first. */
  readonly strategies: readonly StrategyEntry[];
  /** How the flexibility its models carry is planned without strategy state (the baselines); none: an empty list. */
  readonly flexibility: readonly FlexibilityPlanner[];
  /** Its documentation page, relative to the package root. */
  readonly docs: string;
  /** A small valid spec of the kind (for `sesame agents` and the registry's tests). */
  readonly example: z.input<S>;
  /** The agent ids one spec produces (a prosumer's `count` expands to several). */
  ids(spec: z.output<S>): string[];
  /** The physical models of one spec; `path` names the spec in error messages (`agents[3]`). */
  build(spec: z.output<S>, ctx: AgentBuildContext, path: string): AgentModel[];
}

/** Identity with inference: lets a kind file declare its entry with typed spec functions. */
export function defineAgentKind<const N extends string, S extends z.ZodObject>(entry: AgentKindEntry<N, S>): AgentKindEntry<N, S> {
  return entry;
}

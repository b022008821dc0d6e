import type { z } from "zod";
import type { AgentModel, Strategy } from "./types.js";
import type { StrategyOptions } from "./strategies/options.js";

/**
 * What a strategy declares so that an agent kind can offer it by name (the pattern of
 * market/mechanism-entry.ts): its name, one line for `sesame agents`, the schema of its own
 * settings and how it is built. A kind lists its strategies in kinds/<kind>/strategies.ts; the
 * same entry may serve several kinds (strategies/rule-based.ts, lp-optimal.ts, learning.ts).
 */
export interface StrategyEntry<N extends string = string, S extends z.ZodObject = z.ZodObject> {
  readonly name: N;
  /** One line: what the strategy does for this kind. */
  readonly description: string;
  /**
   * Its own settings, a strict object whose keys all have defaults. A scenario gives them
   * under the strategy's name (`learning: {…}` with `strategy: learning`); none: an empty object.
   */
  readonly params: S;
  /**
   * The strategy of one agent. `params` are its settings as the scenario gave them (validated),
   * undefined when absent (the strategy's defaults); `model` is the agent's physical model, so
   * a kind can plan with what the agent actually has (a household's battery).
   */
  create(options: StrategyOptions, params: z.output<S> | undefined, model: AgentModel): Strategy;
}

/** Identity with inference: lets a strategy file declare its entry with typed `create` params. */
export function defineStrategy<const N extends string, S extends z.ZodObject>(entry: StrategyEntry<N, S>): StrategyEntry<N, S> {
  return entry;
}

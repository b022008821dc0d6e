import type { PeriodView } from "../agents/types.js";
import type { CoalitionOutcome } from "../market/types.js";
import type { World } from "./world.js";

/** The pooled optimum of a coalition of tenants for the period (cooperative rules). */
export function coalitionOutcome(world: World, views: ReadonlyMap<string, PeriodView>, members: readonly string[]): CoalitionOutcome {
  void world;
  void views;
  void members;
  throw new Error("coalition solver not wired yet");
}

import { Immer } from "immer";
import { createStream, type RandomStream } from "../core/rng.js";
import type { CapacityChoice, GridTie, HeldCapacity, PeriodView, StepDecision, StepView } from "../agents/types.js";
import type { RentalPrices } from "../market/types.js";
import { createAgentBus, type AgentBus } from "./agent-bus.js";
import type { World } from "./world.js";

/** A rental best-response query sent to every tenant. */
export interface RentalFrame {
  readonly prices: RentalPrices;
  readonly views: ReadonlyMap<string, PeriodView>;
  readonly states: Readonly<Record<string, unknown>>;
  /** Answers already found for some tenants (warm-started LPs, warm-followers.ts); the others are asked. */
  readonly answered?: ReadonlyMap<string, CapacityChoice>;
}

/** The period's capacities, sent to every tenant so it can plan. */
export interface PlanFrame {
  readonly views: ReadonlyMap<string, PeriodView>;
  readonly capacities: ReadonlyMap<string, HeldCapacity>;
  readonly states: Readonly<Record<string, unknown>>;
}

/** One step's situation, sent to every agent. */
export interface DecisionFrame {
  readonly views: ReadonlyMap<string, StepView>;
  readonly states: Readonly<Record<string, unknown>>;
}

/**
 * The mutable machinery of one run: seeded streams (which advance as they are drawn), the
 * agent buses and the immer instance. Rebuilt from the World for every run or replay.
 */
export interface Runtime {
  readonly agentStreams: ReadonlyMap<string, RandomStream>;
  readonly energyStream: RandomStream;
  readonly rentalStream: RandomStream;
  readonly rentalBus: AgentBus<RentalFrame, CapacityChoice>;
  readonly planBus: AgentBus<PlanFrame, unknown>;
  readonly decisionBus: AgentBus<DecisionFrame, { decision: StepDecision; state: unknown }>;
  readonly immer: Immer;
  /** The grid ties the engine enforces, by agent (a lookup built once; agents without one are absent). */
  readonly gridTies: ReadonlyMap<string, GridTie>;
  /** Each agent's net payment in the last step run: feedback for learning strategies (it is in the log too). */
  lastNetPayments: ReadonlyMap<string, number>;
}

/** Creates the runtime; `freeze` keeps immer's auto-freeze (slower, for tests). */
export function createRuntime(world: World, freeze: boolean): Runtime {
  const seed = world.seed;
  const ids = world.agents.map((a) => a.model.id);
  const byId = new Map(world.agents.map((a) => [a.model.id, a]));
  const agentStreams = new Map(ids.map((id) => [id, createStream(seed, `agent:${id}`)]));
  const agent = (id: string) => byId.get(id)!;
  const immer = new Immer();
  immer.setAutoFreeze(freeze);
  return {
    agentStreams,
    energyStream: createStream(seed, `mechanism:${world.energyMechanism.name}`),
    rentalStream: createStream(seed, `mechanism:${world.rentalMechanism.name}`),
    rentalBus: createAgentBus(ids, (id, f: RentalFrame) => f.answered?.get(id) ?? agent(id).strategy.bestResponse(id, f.views.get(id)!, f.prices, f.states[id])),
    planBus: createAgentBus(ids, (id, f: PlanFrame) =>
      agent(id).strategy.planPeriod(id, f.views.get(id)!, f.capacities.get(id)!, f.states[id]),
    ),
    decisionBus: createAgentBus(ids, (id, f: DecisionFrame) =>
      agent(id).strategy.decide(id, f.views.get(id)!, f.states[id], agentStreams.get(id)!),
    ),
    immer,
    gridTies: new Map(world.agents.flatMap(({ model }) => (model.gridTie ? [[model.id, model.gridTie] as const] : []))),
    lastNetPayments: new Map(),
  };
}

/** Completes the runtime's streams. */
export function closeRuntime(runtime: Runtime): void {
  runtime.rentalBus.close();
  runtime.planBus.close();
  runtime.decisionBus.close();
}

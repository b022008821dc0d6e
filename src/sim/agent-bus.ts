import { Subject, map, zip, type Observable } from "rxjs";

/**
 * The RxJS wiring between the engine and the agents (DESIGN.md §1). The engine pushes one
 * frame per round onto a subject; each agent's stream maps the frame to that agent's whole
 * batch (one emission per agent per round, never one per bid); `zip` gathers the batches in
 * agent order. Everything is synchronous, so `ask` returns once every agent has answered.
 */
export interface AgentBus<F, R> {
  /** Sends `frame` to every agent and returns their answers in agent order. */
  ask(frame: F): R[];
  /** Completes the streams. */
  close(): void;
}

/** A failure inside one agent's handler, carrying the agent's id. */
export class AgentHandlerError extends Error {
  readonly agent: string;
  override readonly cause: unknown;
  constructor(agent: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "AgentHandlerError";
    this.agent = agent;
    this.cause = cause;
  }
}

/** Builds a bus over `agentIds`, where `handle(id, frame)` is one agent's answer to a frame. */
export function createAgentBus<F, R>(agentIds: readonly string[], handle: (id: string, frame: F) => R): AgentBus<F, R> {
  const frames = new Subject<F>();
  const perAgent: Observable<R>[] = agentIds.map((id) =>
    frames.pipe(
      map((frame) => {
        try {
          return handle(id, frame);
        } catch (error) {
          throw new AgentHandlerError(id, error);
        }
      }),
    ),
  );
  let answers: R[] | undefined;
  let failure: unknown;
  const subscription = zip(perAgent).subscribe({
    next: (batch) => {
      answers = batch;
    },
    error: (error: unknown) => {
      failure = error;
    },
  });
  return {
    ask(frame: F): R[] {
      if (failure !== undefined) throw failure;
      answers = undefined;
      frames.next(frame);
      if (failure !== undefined) throw failure;
      if (answers === undefined) throw new Error("agent bus: no batch after a frame");
      return answers;
    },
    close(): void {
      frames.complete();
      subscription.unsubscribe();
    },
  };
}

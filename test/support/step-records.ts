import { expect } from "vitest";
import { runSimulation } from "../../src/sim/engine.js";
import type { LogRecord, StepBody } from "../../src/sim/log/step-record.js";
import type { World } from "../../src/sim/world.js";

/** Runs `world` to completion (frozen state, as tests want) and returns its step records; a fault fails the test. */
export async function completedSteps(world: World): Promise<StepBody[]> {
  const out: LogRecord[] = [];
  const result = await runSimulation(world, { onRecord: (r) => out.push(r), freeze: true });
  expect(result.status).toBe("complete");
  return out.filter((r): r is LogRecord & StepBody => r.kind === "step");
}

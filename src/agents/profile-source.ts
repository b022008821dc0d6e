import { loadProfileCsv, type Profile } from "../core/profile.js";
import { createStream, type RandomStream } from "../core/rng.js";
import type { CsvProfileSpec } from "./spec-fields.js";
import type { AgentBuildContext } from "./context.js";

/**
 * Where an agent's profiles come from: a CSV file (read through the build context's InputSource and
 * scaled) or a seeded generator with its own named stream.
 */

/** Whether a profile spec names a CSV file rather than a generator. */
export function isCsvSpec(spec: object): spec is CsvProfileSpec {
  return "csv" in spec;
}

/**
 * The CSV profile `spec` at `fieldPath` (e.g. `agents[0].load`): converted to kW from its unit,
 * resampled to the step when it has a time column, then scaled; one value per step.
 */
export function csvProfile(spec: CsvProfileSpec, ctx: AgentBuildContext, fieldPath: string, quantity: "load" | "generation" | "temperature" = "load"): Profile {
  const values = loadProfileCsv(ctx.inputs.read(spec.csv, `${fieldPath}.csv`), ctx.calendar, {
    ...(spec.column !== undefined ? { column: spec.column } : {}),
    ...(spec.timeColumn !== undefined ? { timeColumn: spec.timeColumn } : {}),
    unit: spec.unit,
    fieldPath,
    quantity: spec.netLoad === true ? "net-load" : quantity,
  });
  return spec.scale === 1 ? values : values.map((v) => v * spec.scale);
}

/** The stream of one generated profile: `profile:<agentId>:<what>` under the root seed. */
export function profileStream(ctx: AgentBuildContext, agentId: string, what: string): RandomStream {
  return createStream(ctx.rootSeed, `profile:${agentId}:${what}`);
}

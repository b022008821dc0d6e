import { z } from "zod";
import { ScenarioSchema } from "./scenario-schema.js";
import { ExperimentSchema } from "./experiment/experiment-schema.js";

/**
 * JSON Schemas (draft 2020-12) generated from the zod schemas that validate SESAME's input
 * files, so editors complete and check scenario and experiment files. Input form: fields with
 * defaults are optional. Refinements that JSON Schema cannot state (socMin < socMax …) are
 * checked by `sesame validate` only.
 */

/** The JSON Schema of scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(ScenarioSchema, { io: "input", unrepresentable: "any" }), title: "SESAME scenario" };
}

/** The JSON Schema of experiment files. */
export function experimentJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(ExperimentSchema, { io: "input", unrepresentable: "any" }), title: "SESAME experiment" };
}

import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { experimentJsonSchema, scenarioJsonSchema } from "../../lab/json-schema.js";
import { commandAction } from "../action.js";

/** Registers `sesame schema`. */
export function registerSchemaCommand(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of scenario files (or of experiment files) for editors")
    .argument("[kind]", "scenario or experiment", "scenario")
    .addHelpText(
      "after",
      '\nExamples:\n  sesame schema > sesame.schema.json\n  sesame schema experiment > sesame-experiment.schema.json\n\nIn VS Code: "json.schemas": [{ "fileMatch": ["scenarios/*.json"], "url": "./sesame.schema.json" }]\n',
    )
    .action(
      commandAction((kind: string) => {
        if (kind !== "scenario" && kind !== "experiment") throw new InputError({ path: "KIND", expected: `scenario or experiment, got "${kind}"` });
        const schema = kind === "scenario" ? scenarioJsonSchema() : experimentJsonSchema();
        process.stdout.write(JSON.stringify(schema, null, 2) + "\n");
        return 0;
      }),
    );
}

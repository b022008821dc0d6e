/** SESAME's version, written into every run manifest. Keep in step with package.json. */
export const SESAME_VERSION = "0.1.0";

/** Version of the run-folder format (manifest.json, steps.jsonl, summary.json). */
export const RUN_FORMAT_VERSION = 1;

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    // Generous: CI shares two cores with other work, and no test may depend on the machine's speed.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // CLI end-to-end tests spawn processes; two cores, so keep files few at a time.
    maxWorkers: 2,
  },
});

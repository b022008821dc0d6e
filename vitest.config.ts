import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CLI end-to-end tests spawn processes; two cores, so keep files few at a time.
    maxWorkers: 2,
  },
});

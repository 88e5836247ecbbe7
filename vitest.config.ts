import { defineConfig } from "vitest/config";

/**
 * One `npm test` runs every layer. Layers are separate projects so each can have its own timeouts:
 * unit (pure code), integration (real HTTP against the fake node), build (astro build -> dist assertions),
 * browser (real Chromium against the built site).
 */
export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"], env: { TZ: "UTC" } } },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          env: { TZ: "UTC" },
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "site",
          include: ["tests/build/**/*.test.ts", "tests/browser/**/*.test.ts"],
          env: { TZ: "UTC" },
          globalSetup: ["tests/support/site/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

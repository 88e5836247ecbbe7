import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * What every test file's process.env carries, and so every CLI a test starts as a child process. Node's compile cache
 * keeps the bytecode of the modules a CLI loads (checked against each file's content, so an edited file is compiled
 * again): the suite starts a few hundred CLIs, each ~0.6 s to start without it and ~0.35 s with it.
 */
const TEST_ENV = { TZ: "UTC", NODE_COMPILE_CACHE: path.join(tmpdir(), "ledgerlight-test-compile-cache") };

/**
 * One `npm test` runs every layer. Layers are separate projects so each can have its own timeouts:
 * unit (pure code), integration (real HTTP against the fake node), build (astro build -> dist assertions),
 * browser (real Chromium against the built site).
 */
export default defineConfig({
  test: {
    env: TEST_ENV,
    // Two test files at a time even on two cores (vitest's default there is one): the slow integration files mostly
    // wait (on the CLIs' child processes and the fake node's delays) rather than compute. The site project's files
    // still run one at a time, after the others (fileParallelism: false puts them in vitest's sequential group).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"], env: TEST_ENV } },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          env: TEST_ENV,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "site",
          include: ["tests/build/**/*.test.ts", "tests/browser/**/*.test.ts"],
          env: TEST_ENV,
          globalSetup: ["tests/support/site/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

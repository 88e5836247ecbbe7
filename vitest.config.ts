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
    // Every project inherits what is set here (vitest's inline projects extend the root config), env included.
    env: TEST_ENV,
    // Two test files at a time even on two cores (vitest's default there is one), of every project: while one waits
    // (a page loading in Chromium, a deadline running out, the fake node's delays) the other computes. The site
    // project's build and browser files run beside the others rather than one at a time after them (measured on 2
    // cores: the suite 484 / 447 / 451 s instead of 499-527 s); builds from two files take turns on the project's
    // Astro bundle folder (src/integrations/astro-bundle-lock.ts). A third on two cores would not help: the suite
    // mostly computes (635 s of CPU in 449 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "site",
          include: ["tests/build/**/*.test.ts", "tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/site/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});

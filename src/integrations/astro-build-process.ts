/**
 * One `astro build` in its own process (`node src/integrations/astro-build-process.ts OUT_DIR`, run by
 * build-wallets.ts with the build's environment), the same build as `astro build --outDir OUT_DIR --silent`, but
 * it tells the parent why it failed (child-failure.ts): our own errors keep their kind across the process boundary
 * through the exit code; anything else is a bug (exit 1) and prints its stack. The parent turns the code back into
 * the error class (build-wallets.ts).
 */
import { build } from "astro";
import { exitWithFailure } from "./child-failure.ts";

const [outDir] = process.argv.slice(2);
try {
  await build({ root: process.cwd(), ...(outDir ? { outDir } : {}), logLevel: "silent" });
} catch (error) {
  exitWithFailure(error);
}

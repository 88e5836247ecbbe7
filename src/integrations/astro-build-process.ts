/**
 * One `astro build` in its own process (`node src/integrations/astro-build-process.ts OUT_DIR`, run by
 * build-wallets.ts with the build's environment), the same build as `astro build --outDir OUT_DIR --silent`, but
 * it tells the parent why it failed: our own errors keep their kind across the process boundary through the exit
 * code of the one table (3 bad input, 5 refused) and print their message alone, with no stack; anything else is a
 * bug (exit 1) and prints its stack. The parent turns the code back into the error class (build-wallets.ts).
 *
 * Astro bundles the site's modules, so an error thrown by `src/` during the build is an instance of a bundled copy
 * of our classes: it is recognised by its `name` (every class of src/errors.ts sets its own), not `instanceof`.
 */
import { build } from "astro";
import { EXIT_CODES } from "../errors.ts";
import { ADVICE_PREFIX } from "./build-wallets.ts";

const EXPECTED_BY_NAME: Record<string, number> = {
  ValidationError: EXIT_CODES.badInput,
  UsageError: EXIT_CODES.badInput,
  RefusedError: EXIT_CODES.refused,
  SnapshotRefusedError: EXIT_CODES.refused,
};

/** The error of ours inside what Astro threw (it may wrap it as the `cause`), or undefined. */
function ownError(error: unknown): { message: string; advice: unknown; code: number } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = EXPECTED_BY_NAME[current.name];
    if (code !== undefined) return { message: current.message, advice: (current as { advice?: unknown }).advice, code };
    current = current.cause;
  }
  return undefined;
}

const [outDir] = process.argv.slice(2);
try {
  await build({ root: process.cwd(), ...(outDir ? { outDir } : {}), logLevel: "silent" });
} catch (error) {
  const own = ownError(error);
  // The advice, if any, as the last line, where the parent takes it back (ADVICE_PREFIX in build-wallets.ts).
  const advice = typeof own?.advice === "string" ? `${ADVICE_PREFIX}${own.advice}\n` : "";
  process.stderr.write(
    own ? `${own.message}\n${advice}` : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(own?.code ?? EXIT_CODES.internal);
}

/**
 * One `astro build` in its own process (`node src/integrations/astro-build-process.ts OUT_DIR`, run by
 * build-wallets.ts with the build's environment), the same build as `astro build --outDir OUT_DIR --silent`, but
 * it tells the parent why it failed (child-failure.ts): our own errors keep their kind across the process boundary
 * through the exit code; anything else is a bug (exit 1) and prints its stack. The parent turns the code back into
 * the error class (build-wallets.ts).
 *
 * In `npm run build` there is no parent waiting: this process was scripts/build.ts, and becomes it again when the
 * build is done (`LEDGERLIGHT_BUILD_NEXT`, build-chain.ts), handing over the same exit code and output it would
 * have given a parent.
 */
import { build } from "astro";
import { takeBuildChainVariables } from "../config/build-env.ts";
import { ChainStepSchema, handOver, parseChainVariable } from "./build-chain.ts";
import { exitWithFailure, failureReport } from "./child-failure.ts";

const [outDir] = process.argv.slice(2);
const chained = takeBuildChainVariables().next;
const next = chained === undefined ? undefined : parseChainVariable(ChainStepSchema, chained, "next");
if (next) {
  // Whatever stops the build, the next step reports it and removes the staging folder.
  const fail = (error: unknown) => handOver(next, { ok: false, ...failureReport(error) });
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}
try {
  await build({ root: process.cwd(), ...(outDir ? { outDir } : {}), logLevel: "silent" });
} catch (error) {
  if (next) handOver(next, { ok: false, ...failureReport(error) });
  exitWithFailure(error);
}
if (next) handOver(next, { ok: true });

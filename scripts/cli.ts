import { type ParseArgsConfig, parseArgs } from "node:util";
import type { z } from "zod";
import { type ChainReader, createChainReader } from "../src/chain/reader.ts";
import { ChainRequestError, SnapshotRefusedError, ValidationError } from "../src/errors.ts";
import type { LedgerInfo } from "../src/schemas/chain.ts";
import { parseOrThrow } from "../src/schemas/parse.ts";
import type { ProgramConfig } from "../src/schemas/program.ts";

/**
 * Shared plumbing for the thin CLIs in scripts/: parse argv with node:util, check it with zod, run, and turn
 * our typed errors into a message on stderr and a non-zero exit code.
 */
export function parseCliArgs<S extends z.ZodType>(
  command: string,
  options: ParseArgsConfig["options"],
  schema: S,
  argv: string[] = process.argv.slice(2),
  /** Names for positional arguments, in order; they join the options under these names (none by default). */
  positionals: readonly string[] = [],
): z.output<S> {
  let values: Record<string, unknown>;
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals.length > 0 });
    values = { ...parsed.values };
    if (parsed.positionals.length > positionals.length) {
      throw new Error(`expected at most ${positionals.length} arguments (${positionals.join(", ")})`);
    }
    parsed.positionals.forEach((value, index) => {
      values[positionals[index] as string] = value;
    });
  } catch (error) {
    throw new ValidationError(`${command}: ${(error as Error).message}`, { cause: error });
  }
  return parseOrThrow(schema, values, `${command}: the command line`);
}

/**
 * Runs `main`, printing known errors as plain messages (exit 1; 2 for bad arguments). Commands that only read
 * (`verify`, `diff`) pass `readOnly`, so a refusal does not talk about a write that was never going to happen.
 */
export async function runCli(main: () => Promise<void>, options: { readOnly?: boolean } = {}): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof SnapshotRefusedError || error instanceof ChainRequestError) {
      process.stderr.write(
        options.readOnly
          ? `${error.message}\n`
          : `${error.message}\nNothing was written; the committed snapshot is unchanged.\n`,
      );
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `Unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  }
}

/**
 * The node a reading command talks to: `--node`, else the first of the program's `network.nodeUrls`; with the
 * per-request timeout and the run deadline when the command takes them (`--timeout-ms`, `--deadline-s`).
 */
export function cliChainReader(
  program: ProgramConfig,
  args: { node?: string | undefined; "timeout-ms"?: number; "deadline-s"?: number },
): ChainReader {
  return createChainReader({
    nodeUrl: args.node ?? program.network.nodeUrls[0] ?? "",
    ...(args["timeout-ms"] === undefined ? {} : { timeoutMs: args["timeout-ms"] }),
    ...(args["deadline-s"] === undefined ? {} : { deadlineMs: Date.now() + args["deadline-s"] * 1000 }),
  });
}

/** Ledgerlight's fake node identifies itself through `git_hash`; a real node reports the build it runs. */
export function servesSimulatedData(info: LedgerInfo): boolean {
  return (info.git_hash ?? "").startsWith("ledgerlight-fake-node");
}

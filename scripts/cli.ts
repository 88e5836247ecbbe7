import { type ParseArgsConfig, parseArgs } from "node:util";
import type { z } from "zod";
import { type ChainReader, createChainReader } from "../src/chain/reader.ts";
import { ChainRequestError, EXIT_CODES, RefusedError, UsageError, ValidationError } from "../src/errors.ts";
import { claimsFakeNode } from "../src/lib/ledger/simulated-history.ts";
import type { LedgerInfo } from "../src/schemas/chain.ts";
import { parseOrThrow } from "../src/schemas/parse.ts";
import type { ProgramConfig } from "../src/schemas/program.ts";
import { acquireContentLock } from "../src/store/content-lock.ts";

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
    throw new UsageError(`${command}: ${(error as Error).message}`, { cause: error });
  }
  return parseCommandLine(schema, values, command);
}

/** Checks argument values already gathered with `schema`; a problem is a UsageError (exit 2) naming the option. */
export function parseCommandLine<S extends z.ZodType>(schema: S, values: unknown, command: string): z.output<S> {
  try {
    return parseOrThrow(schema, values, `${command}: the command line`);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** Errors of the machine itself (not of our input or the node): exit `local`, with what to do instead of a trace. */
const LOCAL_FAILURES: Record<string, string> = {
  ENOSPC: "the disk is full; free some space and run again",
  EROFS: "the folder is on a read-only file system; run where the content folder is writable",
  EACCES: "permission denied; check who owns the folder",
  EPERM: "the operation is not permitted; check who owns the folder",
  EDQUOT: "the disk quota is used up; free some space and run again",
  EMFILE: "too many open files; raise the limit (ulimit -n) and run again",
};

/** Exit code and message for a failure: one documented table (EXIT_CODES) for every command. */
export function describeCliFailure(error: unknown): { code: number; message: string; expected: boolean } {
  if (error instanceof UsageError) return { code: EXIT_CODES.usage, message: error.message, expected: true };
  if (error instanceof ValidationError) return { code: EXIT_CODES.badInput, message: error.message, expected: true };
  if (error instanceof ChainRequestError) return { code: EXIT_CODES.node, message: error.message, expected: true };
  if (error instanceof RefusedError) return { code: EXIT_CODES.refused, message: error.message, expected: true };
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof errno === "string" && errno in LOCAL_FAILURES) {
    const where = (error as NodeJS.ErrnoException).path;
    return {
      code: EXIT_CODES.local,
      message: `Could not write${where ? ` ${where}` : ""}: ${LOCAL_FAILURES[errno]} (${errno}).`,
      expected: true,
    };
  }
  return {
    code: EXIT_CODES.internal,
    message: `Unexpected failure (a bug in Ledgerlight; please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    expected: false,
  };
}

export interface CliOptions {
  /**
   * What the command writes, for the closing line of a failure ("Nothing was written; <writes> unchanged.").
   * Commands that only read (`verify`, `diff`, `check-*`) leave it out and say so instead.
   */
  writes?: string;
  /** Deprecated spelling of "writes nothing". */
  readOnly?: boolean;
}

/**
 * Runs `main`; a failure prints what happened (and why, and what to do: the error's message), then whether
 * anything was written, and exits with the code of the table in src/errors.ts. Only a bug prints a stack trace.
 */
export async function runCli(main: () => Promise<void>, options: CliOptions = {}): Promise<void> {
  try {
    await main();
  } catch (error) {
    const failure = describeCliFailure(error);
    const closing =
      failure.code === EXIT_CODES.usage || options.readOnly || options.writes === undefined
        ? options.readOnly || options.writes === undefined
          ? "Nothing was written (this command only reads)."
          : "Nothing was written."
        : `Nothing was written; ${options.writes} unchanged.`;
    process.stderr.write(`${failure.message}\n${closing}\n`);
    process.exitCode = failure.code;
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
  return claimsFakeNode(info.git_hash);
}

/**
 * Whether a run says its data is simulated, and why: `--simulated`, or the node's `git_hash` names the fake node.
 * Only a first snapshot takes this word for it; a committed history keeps its own flag (runSnapshot).
 */
export function simulatedClaim(info: LedgerInfo, flag: boolean): { simulated: boolean; simulatedBecause: string } {
  if (flag) return { simulated: true, simulatedBecause: "--simulated" };
  const fake = claimsFakeNode(info.git_hash);
  return {
    simulated: fake,
    simulatedBecause: `the node says it is Ledgerlight's fake node: git_hash ${info.git_hash}`,
  };
}

/**
 * Takes the lock of the content folder a command writes (src/store/content-lock.ts), for `await using`: released
 * however the command ends. A second writer is refused at once (exit 5); a lock left by a killed run is taken over
 * with a note on stderr. The start time is the clock's: it is only shown to whoever waits.
 */
export async function holdContentLock(
  contentDir: string,
  command: string,
  options: { createFolder?: boolean } = {},
): Promise<AsyncDisposable> {
  const lock = await acquireContentLock(contentDir, {
    command,
    startedAt: new Date(),
    onNote: (line) => process.stderr.write(`${line}\n`),
    ...options,
  });
  return { [Symbol.asyncDispose]: () => lock.release() };
}

import { type ParseArgsConfig, parseArgs } from "node:util";
import type { z } from "zod";
import { ChainRequestError, EXIT_CODES, RefusedError, UsageError, ValidationError } from "../src/errors.ts";
import { parseOrThrow } from "../src/schemas/parse.ts";
import { displayPath } from "../src/store/display-path.ts";

/**
 * The command line and the exit of every CLI in scripts/, without the chain reader: `npm run build` starts here
 * and holds this process's memory beside Astro's for the whole build, so it must not load the 0L SDK it never uses
 * (about 85 MB). The CLIs that read the chain import the same through cli.ts.
 */
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
  EACCES: "permission denied; check who owns the folder and its mode, or choose a folder you can write",
  EPERM: "the operation is not permitted here; choose a folder you can write",
  EDQUOT: "the disk quota is used up; free some space and run again",
  EMFILE: "too many open files; raise the limit (ulimit -n) and run again",
  ENFILE: "the system has too many open files; close some programs and run again",
  EIO: "the disk reported an input/output error; check the disk and run again",
  EBUSY: "the file or folder is in use by another program; close it and run again",
};

/**
 * A path we were given that is not what it should be (missing, a file where a folder belongs, or the other way):
 * bad input (exit 3), not a bug, whichever read or write noticed it first.
 */
const PATH_FAILURES: Record<string, string> = {
  ENOENT: "does not exist",
  ENOTDIR: "is not a folder (or is inside something that is not a folder)",
  EISDIR: "is a folder where a file was expected",
  EEXIST: "already exists",
  ENAMETOOLONG: "is too long a name for this file system",
  ELOOP: "leads through too many symbolic links",
};

/** Read or write, from the system call that failed, so the message says which one the machine refused. */
function ioVerb(syscall: string | undefined): string {
  return syscall === undefined || /^(open|read|stat|lstat|scandir|opendir|access|readlink)$/.test(syscall)
    ? "use"
    : "write";
}

/** What the user can do, by kind of failure, when the error does not say itself (it may, through `advice`). */
const DEFAULT_ADVICE: Partial<Record<number, string>> = {
  [EXIT_CODES.usage]: "correct the command line (the README's table of commands lists every option) and run it again.",
  [EXIT_CODES.badInput]:
    "correct the file or folder named above (for a committed file, `git diff` shows what changed and `git checkout` restores it) and run again.",
  [EXIT_CODES.node]:
    "check the node URL (--node, or network.nodeUrls in program.yaml); if it is right, try again later or another node.",
  [EXIT_CODES.refused]:
    "nothing needs undoing: fix the cause named above (another node, other options, or the committed file) and run again.",
};

function adviceOf(error: unknown): string | undefined {
  const advice = (error as { advice?: unknown } | undefined)?.advice;
  return typeof advice === "string" ? advice : undefined;
}

/** `message`, then what to do: the error's own advice, else the default for its kind. */
function withAdvice(message: string, code: number, error: unknown): string {
  const advice = adviceOf(error) ?? DEFAULT_ADVICE[code];
  return advice ? `${message}\nWhat to do: ${advice}` : message;
}

/**
 * Exit code and message for a failure: one documented table (EXIT_CODES) for every command. The message says what
 * happened and why (the error's own message), then what to do; it never names our internal staging folders.
 */
export function describeCliFailure(error: unknown): { code: number; message: string; expected: boolean } {
  const expected = (code: number, message: string) => ({
    code,
    message: displayPath(withAdvice(message, code, error)),
    expected: true,
  });
  if (error instanceof UsageError) return expected(EXIT_CODES.usage, error.message);
  if (error instanceof ValidationError) return expected(EXIT_CODES.badInput, error.message);
  if (error instanceof ChainRequestError) return expected(EXIT_CODES.node, error.message);
  if (error instanceof RefusedError) return expected(EXIT_CODES.refused, error.message);
  const errno = error as NodeJS.ErrnoException | undefined;
  if (typeof errno?.code === "string" && errno.code in LOCAL_FAILURES) {
    const where = errno.path === undefined ? "" : ` ${errno.path}`;
    return expected(
      EXIT_CODES.local,
      `Could not ${ioVerb(errno.syscall)}${where}: ${LOCAL_FAILURES[errno.code]} (${errno.code}).`,
    );
  }
  if (typeof errno?.code === "string" && errno.code in PATH_FAILURES && errno.path !== undefined) {
    return expected(
      EXIT_CODES.badInput,
      `${errno.path} ${PATH_FAILURES[errno.code]} (${errno.code}${errno.syscall ? ` on ${errno.syscall}` : ""}).`,
    );
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
  /**
   * The closing line of a failure past the command line, for a command that cannot promise "nothing was written"
   * (a build has begun replacing its output folder by the time bad content stops it).
   */
  closing?: string;
}

const WRITTEN = Symbol("written before the failure");

/**
 * Marks a failure that came after something was written (e.g. the summary file of a run that has published), so
 * the closing line says what was written instead of "Nothing was written".
 */
export function failedAfterWriting<E>(error: E, written: string): E {
  if (error !== null && typeof error === "object") Object.defineProperty(error, WRITTEN, { value: written });
  return error;
}

function writtenBefore(error: unknown): string | undefined {
  return error !== null && typeof error === "object"
    ? ((error as Record<symbol, string | undefined>)[WRITTEN] ?? undefined)
    : undefined;
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
      writtenBefore(error) ??
      (failure.code !== EXIT_CODES.usage ? options.closing : undefined) ??
      (failure.code === EXIT_CODES.usage || options.readOnly || options.writes === undefined
        ? options.readOnly || options.writes === undefined
          ? "Nothing was written (this command only reads)."
          : "Nothing was written."
        : `Nothing was written; ${options.writes} unchanged.`);
    process.stderr.write(`${failure.message}\n${closing}\n`);
    process.exitCode = failure.code;
  }
}

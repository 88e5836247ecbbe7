import { EXIT_CODES } from "../errors.ts";

/**
 * How a build's child process (astro-build-process.ts, content-checks-process.ts) tells its parent why it failed:
 * our own errors keep their kind across the process boundary through the exit code of the one table (3 bad input,
 * 5 refused) and print their message alone, with no stack, and their advice as the last line, where the parent
 * takes it back (`ADVICE_PREFIX`, build-wallets.ts); anything else is a bug (exit 1) and prints its stack.
 *
 * Astro bundles the site's modules, so an error thrown by `src/` during the build is an instance of a bundled copy
 * of our classes: it is recognised by its `name` (every class of src/errors.ts sets its own), not `instanceof`.
 */

/** Starts the last line of a failed build process's output when it carries the error's advice. */
export const ADVICE_PREFIX = "What to do: ";

const EXPECTED_BY_NAME: Record<string, number> = {
  ValidationError: EXIT_CODES.badInput,
  UsageError: EXIT_CODES.badInput,
  RefusedError: EXIT_CODES.refused,
  SnapshotRefusedError: EXIT_CODES.refused,
};

/**
 * The first line of a failed build process's output when a committed snapshot stopped it (the error came wrapped in
 * src/errors.ts's `CommittedSnapshotFailure`): the parent reports it as the check of the committed snapshots, the
 * message alone (build-wallets.ts).
 */
export const COMMITTED_SNAPSHOT_LINE = "[the committed snapshot stopped this build]";

/** Whether `name` is the name of `error` or of one of its causes. */
function hasInChain(error: unknown, name: string): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.name === name) return true;
    current = current.cause;
  }
  return false;
}

/** The error of ours inside what was thrown (it may be wrapped as the `cause`), or undefined. */
function ownError(error: unknown): { message: string; advice: unknown; code: number } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = EXPECTED_BY_NAME[current.name];
    if (code !== undefined) return { message: current.message, advice: (current as { advice?: unknown }).advice, code };
    current = current.cause;
  }
  return undefined;
}

/**
 * What a failed build process prints for its parent, and its exit code: the message alone with its advice as the
 * last line for our own errors, the stack for anything else.
 */
export function failureReport(error: unknown): { code: number; output: string } {
  const own = ownError(error);
  const advice = typeof own?.advice === "string" ? `${ADVICE_PREFIX}${own.advice}\n` : "";
  const mark = own && hasInChain(error, "CommittedSnapshotFailure") ? `${COMMITTED_SNAPSHOT_LINE}\n` : "";
  return {
    code: own?.code ?? EXIT_CODES.internal,
    output: own
      ? `${mark}${own.message}\n${advice}`
      : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  };
}

/** Prints what failed the way the parent reads it, and exits with its code. */
export function exitWithFailure(error: unknown): never {
  const { code, output } = failureReport(error);
  process.stderr.write(output);
  process.exit(code);
}

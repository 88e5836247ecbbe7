/**
 * The few error types Ledgerlight throws on purpose. Messages say what happened, why, and what to do; only
 * `scripts/` catches them, prints the message and sets the exit code.
 */

/** Options of our errors: the cause, and what the user can do about it when the message does not say. */
export interface FailureOptions extends ErrorOptions {
  /** What to do, printed after the message (the CLI prints a default for the error's kind when absent). */
  advice?: string;
}

/** Input (a file, a response, CLI arguments) did not match its schema. */
export class ValidationError extends Error {
  override readonly name: string = "ValidationError";
  readonly advice: string | undefined;
  constructor(message: string, options: FailureOptions = {}) {
    super(message, options);
    this.advice = options.advice;
  }
}

/** The command line is wrong (an unknown option, a value of the wrong form, a missing argument). */
export class UsageError extends ValidationError {
  override readonly name = "UsageError";
}

/** Refused on purpose: a rule would be broken (history rewritten, a file overwritten, a check failed). */
export class RefusedError extends Error {
  override readonly name: string = "RefusedError";
  readonly advice: string | undefined;
  constructor(message: string, options: FailureOptions = {}) {
    super(message, options);
    this.advice = options.advice;
  }
}

/** A request to the node failed after retries, or answered something we cannot use. */
export class ChainRequestError extends Error {
  override readonly name = "ChainRequestError";
  readonly url: string;
  readonly status: number | undefined;
  readonly advice: string | undefined;
  constructor(message: string, details: { url: string; status?: number; cause?: unknown; advice?: string }) {
    super(message, { cause: details.cause });
    this.url = details.url;
    this.status = details.status;
    this.advice = details.advice;
  }
}

/** A snapshot run refused to write (the committed snapshot is untouched). */
export class SnapshotRefusedError extends RefusedError {
  override readonly name: string = "SnapshotRefusedError";
}

/**
 * The one exit-code table every CLI uses (README, "When a command fails"). A workflow can tell from the code alone
 * whether to fix its arguments, its committed content, the node it reads, or the machine it runs on.
 */
/**
 * What reading a wallet's committed snapshot threw inside a site build (src/site/site-data.ts), wrapped so the
 * build's parent reports it as the check of the committed snapshots, message alone (child-failure.ts): the build
 * reads and checks each snapshot once, where a process before it used to check it a second time.
 */
export class CommittedSnapshotFailure extends Error {
  override readonly name = "CommittedSnapshotFailure";
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export const EXIT_CODES = {
  /** Done (including "nothing changed"). */
  ok: 0,
  /** A bug in Ledgerlight: the only failure that prints a stack trace. */
  internal: 1,
  /** The command line is wrong. */
  usage: 2,
  /** A file or folder we were given (content, config, export, report) is not valid. */
  badInput: 3,
  /** The node could not be read: unreachable, errors after retries, too slow, too large, redirected. */
  node: 4,
  /** Refused on purpose: the node's data contradicts itself or committed history, or another run holds the lock. */
  refused: 5,
  /** `verify` only: what the node still serves agrees, but it pruned the rest, so the check is partial. */
  partial: 7,
  /** The machine failed us: disk full, read-only or permission denied. */
  local: 6,
} as const;

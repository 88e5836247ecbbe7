/**
 * The few error types Ledgerlight throws on purpose. Messages say what happened, why, and what to do; only
 * `scripts/` catches them, prints the message and sets the exit code.
 */

/** Input (a file, a response, CLI arguments) did not match its schema. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
}

/** A request to the node failed after retries, or answered something we cannot use. */
export class ChainRequestError extends Error {
  override readonly name = "ChainRequestError";
  readonly url: string;
  readonly status: number | undefined;
  constructor(message: string, details: { url: string; status?: number; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.url = details.url;
    this.status = details.status;
  }
}

/** A snapshot run refused to write (the committed snapshot is untouched). */
export class SnapshotRefusedError extends Error {
  override readonly name = "SnapshotRefusedError";
}

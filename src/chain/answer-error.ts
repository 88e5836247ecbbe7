import { ChainRequestError } from "../errors.ts";
import { type DiemError, DiemErrorSchema } from "../schemas/chain.ts";
import type { RawResponse } from "./provider.ts";

/** The node's error body of an answer (`{ message, error_code }`), or undefined when it sent none. */
function nodeErrorOf(answer: RawResponse): DiemError | undefined {
  const error = DiemErrorSchema.safeParse(answer.data);
  return error.success ? error.data : undefined;
}

/**
 * Whether the node answered 400 `invalid_input`: a Move abort in a view, or a transaction start beyond the
 * node's ledger (a lagging node).
 */
export function isInvalidInput(answer: RawResponse): boolean {
  return answer.status === 400 && nodeErrorOf(answer)?.error_code === "invalid_input";
}

/**
 * The error for an answer other than 200, naming `url`: "The node answered <status> to <what> (<error_code>:
 * <message>)."; without an error body the sentence ends with `withoutBody` (a full stop, or the status text).
 */
export function answerError(answer: RawResponse, what: string, url: string, withoutBody = "."): ChainRequestError {
  const error = nodeErrorOf(answer);
  const detail = error ? ` (${error.error_code}: ${error.message}).` : withoutBody;
  return new ChainRequestError(`The node answered ${answer.status} to ${what}${detail}`, {
    url,
    status: answer.status,
  });
}

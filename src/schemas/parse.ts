import { z } from "zod";
import { ValidationError } from "../errors.ts";

/**
 * Parses `input` with `schema`, or throws a `ValidationError` whose message starts with `context` (the file,
 * URL or record being read) followed by every issue with its field path.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, context: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`${context} is not valid:\n${z.prettifyError(result.error)}`, { cause: result.error });
}

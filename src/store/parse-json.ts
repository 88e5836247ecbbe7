import { ValidationError } from "../errors.ts";

/**
 * The one JSON parse for committed files: a syntax error names the file, so a hand-edited or truncated file fails
 * the build or the run saying which one. The value is `unknown` until a schema (`parseOrThrow`) has checked it.
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

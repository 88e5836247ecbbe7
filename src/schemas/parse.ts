import type { z } from "zod";
import { ValidationError } from "../errors.ts";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  const text = typeof value === "bigint" ? `${value}n` : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : `${out}${out ? "." : ""}${String(key)}`),
    "",
  );
}

/**
 * Parses `input` with `schema`, or throws a `ValidationError` whose message starts with `context` (the file,
 * URL or record being read) and lists every problem as field path, what was expected, and the value found.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, context: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = formatPath(issue.path) || "(the whole value)";
    return `  - ${where}: ${issue.message} (found ${describeValue(valueAt(input, issue.path))})`;
  });
  throw new ValidationError(`${context} is not valid:\n${problems.join("\n")}`, { cause: result.error });
}

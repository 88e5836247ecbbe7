import { z } from "zod";
import { parseOrThrow } from "./parse.ts";

/** The latest instant a JavaScript Date can hold, in whole seconds (8.64e15 ms). */
const LATEST_DATE_SECONDS = 8_640_000_000_000;

/**
 * `SOURCE_DATE_EPOCH` (https://reproducible-builds.org/specs/source-date-epoch/): the time a reproducible build
 * stamps on what it writes, as whole seconds since 1970-01-01T00:00:00Z written in decimal digits (what
 * `date +%s` or `git log -1 --format=%ct` prints). The spec asks a build to stop on a malformed value rather
 * than guess, so an empty value, a sign, a fraction or a date string is an error.
 */
export const SourceDateEpochSchema = z
  .string()
  .regex(/^[0-9]+$/, "must be whole seconds since 1970-01-01T00:00:00Z in decimal digits, e.g. 1767225600")
  .transform(Number)
  .refine((seconds) => seconds <= LATEST_DATE_SECONDS, "is later than any date a JavaScript Date can hold");

/**
 * The value of `SOURCE_DATE_EPOCH` in seconds, or undefined when the variable is not set. Throws a
 * `ValidationError` naming the variable when it is set to anything else than whole seconds.
 */
export function parseSourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return parseOrThrow(SourceDateEpochSchema, value, "The environment variable SOURCE_DATE_EPOCH");
}

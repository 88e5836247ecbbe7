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

/**
 * `LEDGERLIGHT_CONTENT_DIR`: the folder of committed inputs (`program.yaml`, `snapshots/`, `reports/`,
 * `writeups/`), `content` when unset. Trailing slashes are dropped so that paths built from it read the same
 * either way.
 */
export const ContentDirSchema = z
  .string()
  .min(1, "must name a folder (absolute or relative to the project root), e.g. content")
  .optional()
  .transform((dir) => (dir ?? "content").replace(/\/+$/, ""));

/**
 * `LEDGERLIGHT_WALLET`: which wallet of the program a build is the site of; unset or blank for the main wallet.
 * The address itself is checked against the program's wallets, where the message can name them
 * (`selectWalletSite` in src/config/wallet-view.ts).
 */
export const BuildWalletSchema = z
  .string()
  .optional()
  .transform((wallet) => wallet?.trim() || undefined);

/**
 * `LEDGERLIGHT_DEFER_DIST_MANIFEST`: `1` while `npm run build` builds one wallet site of several, so that one
 * manifest is written over all of them at the end (src/integrations/build-wallets.ts); anything else is off.
 */
export const DeferDistManifestSchema = z
  .string()
  .optional()
  .transform((value) => value === "1");

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

/** The commit a site was built from: its full hash and whether the working tree had changes to tracked files. */
export interface SourceCommit {
  /** The full commit hash, lower-case hex (40 digits for SHA-1, 64 for SHA-256 repositories). */
  hash: string;
  /** True when tracked files differed from the commit: the site is "commit X plus local changes". */
  localChanges: boolean;
}

/** The suffix of a `LEDGERLIGHT_COMMIT` (and of `git describe --dirty`) for a tree with local changes. */
export const LOCAL_CHANGES_SUFFIX = "-dirty";

/**
 * `LEDGERLIGHT_COMMIT`: the commit the site is built from, as the full hash (what `git rev-parse HEAD` prints and
 * GitHub Actions passes as `GITHUB_SHA`), optionally followed by `-dirty` for a tree with local changes. Unset, the
 * build asks git itself (src/config/build-env.ts).
 */
export const SourceCommitSchema = z
  .string()
  .trim()
  .regex(
    /^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})(-dirty)?$/,
    "must be a full commit hash (40 or 64 hex digits, as `git rev-parse HEAD` prints it), optionally followed by -dirty",
  )
  .transform(
    (value): SourceCommit => ({
      hash: value.replace(LOCAL_CHANGES_SUFFIX, "").toLowerCase(),
      localChanges: value.endsWith(LOCAL_CHANGES_SUFFIX),
    }),
  )
  .optional();

/** A `SourceCommit` written back as a `LEDGERLIGHT_COMMIT` value (for the child builds of one build). */
export function sourceCommitVariable(commit: SourceCommit): string {
  return commit.localChanges ? `${commit.hash}${LOCAL_CHANGES_SUFFIX}` : commit.hash;
}

import { execFileSync } from "node:child_process";
import {
  BuildWalletSchema,
  ContentDirSchema,
  DeferDistManifestSchema,
  parseSourceDateEpoch,
  type SourceCommit,
  SourceCommitSchema,
  sourceCommitVariable,
} from "../schemas/build-env.ts";
import { parseOrThrow } from "../schemas/parse.ts";

/**
 * The one door to the build's environment: every `LEDGERLIGHT_*` variable and `SOURCE_DATE_EPOCH` the build and
 * the CLIs read is parsed here (schemas in src/schemas/build-env.ts), and a malformed one stops them with a message
 * naming the variable and the value. Nothing else in src/ or scripts/ reads `process.env`; what a build passes to
 * its child builds is written by `childBuildEnv` below, so the names live in one file.
 */

type Environment = Readonly<Record<string, string | undefined>>;

/** The build environment, parsed. */
export interface BuildEnv {
  /** `LEDGERLIGHT_CONTENT_DIR`: the content folder (`content` when unset), without trailing slashes. */
  contentDir: string;
  /** `LEDGERLIGHT_WALLET`, trimmed: the other wallet this build is the site of, or undefined for the main one. */
  wallet: string | undefined;
  /** `SOURCE_DATE_EPOCH` in whole seconds: the time stamped on every file of `dist/`, or undefined. */
  sourceDateEpoch: number | undefined;
  /** `LEDGERLIGHT_DEFER_DIST_MANIFEST=1`: one wallet's build of several; the manifest is written after the last. */
  deferDistManifest: boolean;
  /** `LEDGERLIGHT_COMMIT`: the commit the site is built from, or undefined (then `readSourceCommit` asks git). */
  sourceCommit: SourceCommit | undefined;
}

function variable<T>(schema: Parameters<typeof parseOrThrow>[0], env: Environment, name: string): T {
  return parseOrThrow(schema, env[name], `The environment variable ${name}`) as T;
}

/** The content folder alone (for CLIs whose `--content` defaults to it): other variables are not their business. */
export function contentDirFromEnv(env: Environment = process.env): string {
  return variable<string>(ContentDirSchema, env, "LEDGERLIGHT_CONTENT_DIR");
}

/** Parses a build environment given as variables (pure: for `readBuildEnv` and tests). */
export function parseBuildEnv(env: Environment): BuildEnv {
  return {
    contentDir: contentDirFromEnv(env),
    wallet: variable<string | undefined>(BuildWalletSchema, env, "LEDGERLIGHT_WALLET"),
    sourceDateEpoch: parseSourceDateEpoch(env.SOURCE_DATE_EPOCH),
    deferDistManifest: variable<boolean>(DeferDistManifestSchema, env, "LEDGERLIGHT_DEFER_DIST_MANIFEST"),
    sourceCommit: variable<SourceCommit | undefined>(SourceCommitSchema, env, "LEDGERLIGHT_COMMIT"),
  };
}

/**
 * This process's build environment, parsed, with `overrides` (variables a caller passes to its child builds) on
 * top. Read it when it is needed rather than at import, so a test that sets a variable sees it.
 */
export function readBuildEnv(overrides: Environment = {}): BuildEnv {
  return parseBuildEnv({ ...process.env, ...overrides });
}

/** This process's environment with `extra` on top, for a child process (a tool the CLIs run, e.g. Lighthouse). */
export function childProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/**
 * The bundler's memory allocator (mimalloc, inside Rolldown's native module) commits its whole arena up front on
 * Linux and then never hands freed memory back: ~240 MB stayed resident through the render, long after bundling.
 * Committed on demand, it returns what the bundler freed; the build's peak resident memory fell by ~170 MB at the
 * bench's scale 0.25 for no measurable CPU (README, "Build memory").
 */
export const BUNDLER_ALLOCATOR_ENV: Readonly<Record<string, string>> = { MIMALLOC_ARENA_EAGER_COMMIT: "0" };

/**
 * The environment of one child `astro build` of a multi-wallet build: this process's, pinned to UTC and without
 * telemetry, with the bundler's allocator returning freed memory, then `extra` (a caller's overrides), then the
 * content folder, the wallet (none for the main site) and, when `deferDistManifest`, the deferred manifest.
 */
export function childBuildEnv(options: {
  contentDir: string;
  wallet?: string | undefined;
  deferDistManifest?: boolean;
  extra?: Record<string, string> | undefined;
}): NodeJS.ProcessEnv {
  const env = childProcessEnv({
    TZ: "UTC",
    ASTRO_TELEMETRY_DISABLED: "1",
    ...BUNDLER_ALLOCATOR_ENV,
    ...options.extra,
    LEDGERLIGHT_CONTENT_DIR: options.contentDir,
  });
  if (options.deferDistManifest) env.LEDGERLIGHT_DEFER_DIST_MANIFEST = "1";
  if (options.wallet === undefined) delete env.LEDGERLIGHT_WALLET;
  else env.LEDGERLIGHT_WALLET = options.wallet;
  return env;
}

/** What git prints for `args` in `root`, trimmed, or undefined when git is missing or `root` is no checkout. */
function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The commit the site is built from: `LEDGERLIGHT_COMMIT` when set (the publish workflow passes the commit it
 * checked out), else the checkout's `HEAD`, with `localChanges` when a tracked file differs from it (untracked
 * files are not counted: tests and tools leave ignored and scratch files about, and a build reads tracked ones).
 * Undefined when neither says (a copy of the project outside git): the pages then say the commit is unknown.
 * `npm run build` reads it once and passes it to every wallet's build, so all of them name the same commit.
 */
export function readSourceCommit(root: string, overrides: Environment = {}): SourceCommit | undefined {
  const fromEnv = readBuildEnv(overrides).sourceCommit;
  if (fromEnv !== undefined) return fromEnv;
  const head = git(root, ["rev-parse", "--verify", "HEAD"]);
  if (head === undefined) return undefined;
  const parsed = SourceCommitSchema.safeParse(head);
  if (!parsed.success || parsed.data === undefined) return undefined;
  const status = git(root, ["status", "--porcelain", "--untracked-files=no"]);
  return { hash: parsed.data.hash, localChanges: status === undefined || status !== "" };
}

/** `LEDGERLIGHT_COMMIT` for the child builds of one build, or nothing when the commit is unknown. */
export function sourceCommitEnv(commit: SourceCommit | undefined): Record<string, string> {
  return commit === undefined ? {} : { LEDGERLIGHT_COMMIT: sourceCommitVariable(commit) };
}

/**
 * `npm run build` as one process that becomes each of its steps (src/integrations/build-chain.ts): the step an
 * Astro build becomes when it is done (`LEDGERLIGHT_BUILD_NEXT`), and the build's state and the last step's outcome
 * handed to it (`LEDGERLIGHT_BUILD_STATE`, `LEDGERLIGHT_BUILD_OUTCOME`), each JSON, parsed by build-chain.ts.
 */
export const BUILD_CHAIN_VARIABLES = {
  next: "LEDGERLIGHT_BUILD_NEXT",
  state: "LEDGERLIGHT_BUILD_STATE",
  outcome: "LEDGERLIGHT_BUILD_OUTCOME",
} as const;

/**
 * Takes the chain's variables out of this process's environment (so no child inherits them) and returns them,
 * undefined where unset.
 */
export function takeBuildChainVariables(): Record<keyof typeof BUILD_CHAIN_VARIABLES, string | undefined> {
  const taken = {
    next: process.env[BUILD_CHAIN_VARIABLES.next],
    state: process.env[BUILD_CHAIN_VARIABLES.state],
    outcome: process.env[BUILD_CHAIN_VARIABLES.outcome],
  };
  for (const name of Object.values(BUILD_CHAIN_VARIABLES)) delete process.env[name];
  return taken;
}

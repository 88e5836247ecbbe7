import { execFile } from "node:child_process";
import path from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import {
  childBuildEnv,
  childProcessEnv,
  readBuildEnv,
  readSourceCommit,
  sourceCommitEnv,
} from "../config/build-env.ts";
import { loadProgramConfig, PROGRAM_CONFIG_FILE } from "../config/program.ts";
import { programWalletSites } from "../config/wallet-view.ts";
import { EXIT_CODES, RefusedError, ValidationError } from "../errors.ts";
import { DIST_MANIFEST_FILE, stampModificationTimes, writeDistManifest } from "../store/dist-manifest.ts";
import { splitWaitingLines } from "./astro-bundle-lock.ts";
import { ADVICE_PREFIX, COMMITTED_SNAPSHOT_LINE } from "./child-failure.ts";
import { indexSite, SEARCH_INDEX_PROCESS, searchIndexLine } from "./search-index.ts";

const run = promisify(execFile);

/** `npm run build`'s checks of the content before Astro runs, relative to the project folder. */
const CONTENT_CHECKS_PROCESS = "src/integrations/content-checks-process.ts";

/** One `astro build`, relative to the project folder. */
const ASTRO_BUILD_PROCESS = "src/integrations/astro-build-process.ts";

/**
 * Node flags of each Astro build: semi-spaces of at most 16 MB. By default V8 sizes them from the machine's memory
 * (on a 24 GB machine its new space grows to 128 MB, with the flag to 32 MB); the render makes short-lived strings
 * by the hundred MB, and the larger new space stayed resident on top of the old generation. Measured on Astro's
 * process alone, alternating, at the bench's scale 0.25: peak 626 / 640 MB instead of 710 / 685 MB, CPU 11.7 /
 * 12.6 s against 12.9 / 12.7 s (README, "Build memory").
 */
export const ASTRO_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=16"];

/**
 * Preloaded into each astro build: the build exits when the process that started it has died (its parent changes),
 * so a `publish` or `build` killed with SIGKILL does not leave an orphan writing into a staging folder that the
 * next run is cleaning up.
 */
const EXIT_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  "const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.exit(1); }, 100).unref();",
)}`;

export interface WalletBuildRequest {
  /** The project folder (where astro.config.mjs is). */
  root: string;
  /** The content folder (`program.yaml`, `snapshots/`), absolute or relative to `root`. */
  contentDir: string;
  /**
   * Where the whole site goes. Emptied by the first build, so it must be a folder of ours: `npm run build` and
   * `publish` give a fresh staging folder and swap it in (src/store/dist-folder.ts).
   */
  outDir: string;
  /** Variables added to every build's environment. */
  env?: Record<string, string>;
  /** Told each step, e.g. to print it. */
  onStep?: (message: string) => void;
  /**
   * Told, as soon as a wallet's Astro build says so, that it waits for another build of the checkout
   * (astro-bundle-lock.ts's line), e.g. to print it: the build runs as a child whose output is otherwise shown only
   * if it fails, and a wait can be as long as another wallet's whole build.
   */
  onWait?: (line: string) => void;
  /**
   * `npm run build`'s own checks of the content before Astro runs (no oversized writeup, every final report's pin),
   * naming files under `contentLabel` (the content folder as the user gave it). They run in a process of their own,
   * so the parent never loads the Markdown toolchain (content-checks-process.ts).
   */
  contentChecks?: { contentLabel: string };
}

export interface WalletBuildResult {
  /** Every wallet site built, the main one first, with the folder it went to. */
  sites: Array<{ address: string; name: string; outDir: string }>;
  /** How many files `manifest.sha256` lists. */
  manifestFiles: number;
}

/**
 * What a failed build process means: bad content (exit 3, e.g. a snapshot file changed by hand) or a refused
 * record (exit 5) keep their kind and message, so the CLI exits with the table's code and no stack; anything else
 * is a bug and keeps the child's whole output.
 */
export function buildFailure(error: unknown, what: string, prefixMessage = true): Error {
  const failure = error as { code?: unknown };
  const output = childOutput(error).trim();
  const lines = output.split("\n");
  const last = lines[lines.length - 1] ?? "";
  // The child's last line may carry the error's own advice (child-failure.ts).
  const advice = last.startsWith(ADVICE_PREFIX) ? last.slice(ADVICE_PREFIX.length) : undefined;
  const body = (advice === undefined ? lines : lines.slice(0, -1)).join("\n");
  const message = prefixMessage ? `${what}: ${body}` : body;
  const options = { cause: error, ...(advice === undefined ? {} : { advice }) };
  if (failure.code === EXIT_CODES.badInput) return new ValidationError(message, options);
  if (failure.code === EXIT_CODES.refused) return new RefusedError(message, options);
  return new Error(`${what}:\n${output}`, { cause: error });
}

/**
 * What a failed child printed (its stderr, else its stdout, else the error itself), without the line of a wait for
 * another build, which was shown as it came (`buildWalletSite`): the failure is what follows it, and its first line
 * may be a committed snapshot's mark.
 */
function childOutput(error: unknown): string {
  const failure = error as { stderr?: string; stdout?: string };
  return splitWaitingLines(failure.stderr ?? "").rest || failure.stdout || String(error);
}

/** One wallet's site in a build plan: JSON-safe, so `npm run build` can hand the plan from one step to the next. */
export interface PlannedWalletSite {
  address: string;
  name: string;
  /** Where this wallet's site goes: `outDir` for the main wallet, `outDir/wallets/<slug>/` for another. */
  outDir: string;
  /** The wallet's address for `LEDGERLIGHT_WALLET`, or undefined for the main site. */
  wallet?: string | undefined;
}

/** What `prepareWalletBuilds` found: every wallet's site, in build order, and what each build is given. */
export interface WalletBuildPlan {
  root: string;
  contentDir: string;
  outDir: string;
  sites: PlannedWalletSite[];
  /** Variables added to every Astro build's environment: the caller's, and the one commit of the whole site. */
  extraEnv: Record<string, string>;
  sourceDateEpoch?: number | undefined;
}

/**
 * Everything before the first Astro build: the program's wallets, `contentChecks` in a child process, and the
 * commit, read once for every wallet's build: one site, one commit. Each wallet's committed snapshot is read and
 * checked against the snapshot invariants by the Astro build that uses it (src/site/site-data.ts; the main site's
 * reads every wallet's, and is built first), and one that breaks one is reported as this check always was
 * (`astroBuildFailure`): a second read here cost a parse, validation and check of every snapshot.
 */
export async function prepareWalletBuilds(request: WalletBuildRequest): Promise<WalletBuildPlan> {
  const { sourceDateEpoch } = readBuildEnv(request.env);
  const contentDir = path.resolve(request.root, request.contentDir);
  const program = await loadProgramConfig(path.join(contentDir, PROGRAM_CONFIG_FILE));
  const sites = programWalletSites(program);
  if (request.contentChecks) {
    // In a process of its own, so this one does not hold the Markdown toolchain beside the Astro builds that follow.
    try {
      await run(
        process.execPath,
        [
          "--import",
          EXIT_WITH_PARENT,
          path.join(request.root, CONTENT_CHECKS_PROCESS),
          // The label in one argument (whatever it starts with), and `--` before the folder.
          `--content-label=${request.contentChecks.contentLabel}`,
          "--",
          contentDir,
        ],
        { cwd: request.root, env: childProcessEnv(request.env ?? {}), maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (error) {
      throw buildFailure(error, "The content could not be checked", false);
    }
  }
  return {
    root: request.root,
    contentDir,
    outDir: request.outDir,
    sites: sites.map((site) => ({
      address: site.address,
      name: site.name,
      outDir: site.isMain ? request.outDir : path.join(request.outDir, site.prefix),
      wallet: site.isMain ? undefined : site.address,
    })),
    extraEnv: { ...request.env, ...sourceCommitEnv(readSourceCommit(request.root, request.env)) },
    sourceDateEpoch,
  };
}

/** The step line printed before a wallet's Astro build. */
function astroBuildStep(site: PlannedWalletSite): string {
  return `astro build: ${site.name} (${site.address}) into ${site.outDir}`;
}

/**
 * One wallet's `astro build --silent` as a command: astro-build-process.ts, which reports through its exit code
 * whether bad content stopped it, with the build's environment (`LEDGERLIGHT_WALLET` for another wallet's site).
 */
export function astroBuildCommand(
  plan: WalletBuildPlan,
  site: PlannedWalletSite,
): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const env = childBuildEnv({
    contentDir: plan.contentDir,
    wallet: site.wallet,
    deferDistManifest: true,
    extra: plan.extraEnv,
  });
  return {
    file: process.execPath,
    args: [...ASTRO_NODE_FLAGS, path.join(plan.root, ASTRO_BUILD_PROCESS), site.outDir],
    env,
  };
}

/**
 * A failed Astro build of `site` (its process's exit code and output) as the error the CLI reports; a committed
 * snapshot that stopped it (child-failure.ts's mark) as the check of the committed snapshots, its message alone.
 */
export function astroBuildFailure(error: unknown, site: PlannedWalletSite): Error {
  const failure = error as { code?: unknown };
  const output = childOutput(error);
  const mark = `${COMMITTED_SNAPSHOT_LINE}\n`;
  if (output.startsWith(mark)) {
    return buildFailure(
      { code: failure.code, stderr: output.slice(mark.length) },
      "The committed snapshots could not be checked",
      false,
    );
  }
  return buildFailure(error, `The site of ${site.name} (${site.address}) did not build`);
}

/**
 * One wallet's Astro build in a child process. Its output is kept for a failure's report, but the line saying that
 * it waits for another build of the checkout goes to `onWait` as soon as it is written.
 */
export async function buildWalletSite(
  plan: WalletBuildPlan,
  site: PlannedWalletSite,
  onWait?: (line: string) => void,
): Promise<void> {
  const command = astroBuildCommand(plan, site);
  const build = run(command.file, ["--import", EXIT_WITH_PARENT, ...command.args], {
    cwd: plan.root,
    env: command.env,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (onWait) forwardWaitingLines(build.child.stderr, onWait);
  try {
    await build;
  } catch (error) {
    throw astroBuildFailure(error, site);
  }
}

/** Calls `onWait` with each waiting line of a build's stderr (utf8, as `execFile` reads it) when the line is whole. */
function forwardWaitingLines(stderr: Readable | null, onWait: (line: string) => void): void {
  let partial = "";
  stderr?.on("data", (chunk: string) => {
    const { waiting, rest } = splitWaitingLines(partial + chunk);
    for (const line of waiting) onWait(line);
    // Only an unfinished last line is kept: a waiting line is told once it is whole.
    partial = rest.slice(rest.lastIndexOf("\n") + 1);
  });
}

/**
 * The search step of one wallet's site, once its Astro process has exited: its heap and the search step's are never held
 * at once. Returns the line it printed.
 */
export async function indexWalletSite(plan: WalletBuildPlan, site: PlannedWalletSite): Promise<string> {
  try {
    const { stdout } = await run(
      process.execPath,
      ["--import", EXIT_WITH_PARENT, path.join(plan.root, SEARCH_INDEX_PROCESS), site.outDir],
      { cwd: plan.root, env: childProcessEnv(), maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout.trim();
  } catch (error) {
    throw buildFailure(error, `The search index of ${site.name} (${site.address}) was not written`);
  }
}

/**
 * The search step of one wallet's site in this process, for `npm run build` once it has become itself again after
 * the wallet's Astro build (build-chain.ts): Astro's heap went with that process, and this one already holds the
 * step's modules (it imports this file), so a child would only add a Node start and a second load of them (about
 * 0.2 s of CPU at bench scale 1) and its memory beside this one's. A failure is our bug (the records are our own
 * build's), reported as a failed child's would be. Returns the line it would have printed.
 */
export async function indexWalletSiteHere(site: PlannedWalletSite): Promise<string> {
  try {
    return searchIndexLine(site.outDir, await indexSite(site.outDir));
  } catch (error) {
    const output = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`The search index of ${site.name} (${site.address}) was not written:\n${output}`, { cause: error });
  }
}

/** After the last wallet: one `manifest.sha256` over every file and, with `SOURCE_DATE_EPOCH`, one time on all. */
async function finishWalletBuilds(
  plan: WalletBuildPlan,
  onStep?: (message: string) => void,
): Promise<WalletBuildResult> {
  const manifestFiles = await writeDistManifest(plan.outDir);
  onStep?.(`${DIST_MANIFEST_FILE} written (${manifestFiles} files)`);
  if (plan.sourceDateEpoch !== undefined) await stampModificationTimes(plan.outDir, plan.sourceDateEpoch);
  return {
    sites: plan.sites.map(({ address, name, outDir }) => ({ address, name, outDir })),
    manifestFiles,
  };
}

/**
 * The whole published site: `astro build` of the main wallet into `outDir`, then of every other wallet into
 * `outDir/wallets/<slug>/` (with `LEDGERLIGHT_WALLET` and, in astro.config.mjs, Astro's `base`), each followed by
 * its search step (src/integrations/search-index.ts) in a process of its own, then one
 * `manifest.sha256` over every file and, with `SOURCE_DATE_EPOCH`, one time on every file. With one wallet this is
 * exactly the single `astro build` it always was. Each build runs in a child process: Astro reads the content folder
 * and the wallet from its environment when its configuration loads. (`npm run build` runs the same steps, but
 * becomes each Astro build instead of waiting beside it: src/integrations/build-chain.ts.)
 */
export async function buildWalletSites(request: WalletBuildRequest): Promise<WalletBuildResult> {
  const plan = await prepareWalletBuilds(request);
  return runWalletBuilds(plan, 0, (site) => buildWalletSite(plan, site, request.onWait), request.onStep);
}

/**
 * The plan's wallets from `from` on, each built by `buildSite` (Astro in a child, or `npm run build` becoming it)
 * and then indexed by its search step, and after the last, the manifest and the times (`finishWalletBuilds`).
 */
export async function runWalletBuilds(
  plan: WalletBuildPlan,
  from: number,
  buildSite: (site: PlannedWalletSite, index: number) => Promise<void>,
  onStep?: (message: string) => void,
): Promise<WalletBuildResult> {
  for (let index = from; index < plan.sites.length; index++) {
    const site = plan.sites[index] as PlannedWalletSite;
    onStep?.(astroBuildStep(site));
    await buildSite(site, index);
    // Indexed whether or not anyone listens: `onStep?.(await …)` would skip the step itself without a listener.
    const indexed = await indexWalletSite(plan, site);
    onStep?.(indexed);
  }
  return finishWalletBuilds(plan, onStep);
}

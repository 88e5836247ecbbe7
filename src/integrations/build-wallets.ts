import { execFile } from "node:child_process";
import path from "node:path";
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
import { ADVICE_PREFIX } from "./child-failure.ts";
import { SEARCH_INDEX_PROCESS } from "./search-index.ts";

const run = promisify(execFile);

/** The check of every wallet's committed snapshot, relative to the project folder. */
const CHECK_SNAPSHOTS_PROCESS = "src/integrations/check-snapshots-process.ts";

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
   * `npm run build`'s own checks of the content before Astro runs (no oversized writeup, every final report's pin),
   * naming files under `contentLabel` (the content folder as the user gave it). They run in the snapshot check's
   * process, so the parent never loads a snapshot or the Markdown toolchain (check-snapshots-process.ts).
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
function buildFailure(error: unknown, what: string, prefixMessage = true): Error {
  const failure = error as { code?: unknown; stderr?: string; stdout?: string };
  const output = (failure.stderr || failure.stdout || String(error)).trim();
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
 * The whole published site: `astro build` of the main wallet into `outDir`, then of every other wallet into
 * `outDir/wallets/<slug>/` (with `LEDGERLIGHT_WALLET` and, in astro.config.mjs, Astro's `base`), each followed by
 * its search step (src/integrations/search-index.ts) in a process of its own, then one
 * `manifest.sha256` over every file and, with `SOURCE_DATE_EPOCH`, one time on every file. With one wallet this is
 * exactly the single `astro build` it always was. Each build runs in a child process: Astro reads the content folder
 * and the wallet from its environment when its configuration loads.
 */
export async function buildWalletSites(request: WalletBuildRequest): Promise<WalletBuildResult> {
  const { sourceDateEpoch } = readBuildEnv(request.env);
  const contentDir = path.resolve(request.root, request.contentDir);
  const program = await loadProgramConfig(path.join(contentDir, PROGRAM_CONFIG_FILE));
  const sites = programWalletSites(program);
  // Every wallet's committed snapshot is checked before anything is built (and before `outDir` is emptied): a
  // snapshot breaking an invariant is bad input, refused with the folder, rule and record named. In a process of
  // its own, so this one does not hold the memory the check took beside the Astro builds that follow.
  try {
    await run(
      process.execPath,
      [
        "--import",
        EXIT_WITH_PARENT,
        path.join(request.root, CHECK_SNAPSHOTS_PROCESS),
        // The label in one argument (whatever it starts with), and `--` before the folder and the addresses.
        ...(request.contentChecks ? [`--content-label=${request.contentChecks.contentLabel}`] : []),
        "--",
        contentDir,
        ...sites.map((site) => site.address),
      ],
      { cwd: request.root, env: childProcessEnv(request.env ?? {}), maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    // The check's own message, as when it ran in this process: it names the folder, the rule and the record.
    throw buildFailure(error, "The committed snapshots could not be checked", false);
  }
  // `astro build --silent`, in a process that reports through its exit code whether bad content stopped it.
  const astroBuild = path.join(request.root, "src/integrations/astro-build-process.ts");
  // The commit is read once, before the first build, and given to every wallet's build: one site, one commit.
  const commitEnv = sourceCommitEnv(readSourceCommit(request.root, request.env));
  const built: WalletBuildResult["sites"] = [];
  for (const site of sites) {
    const outDir = site.isMain ? request.outDir : path.join(request.outDir, site.prefix);
    request.onStep?.(`astro build: ${site.name} (${site.address}) into ${outDir}`);
    const env = childBuildEnv({
      contentDir,
      wallet: site.isMain ? undefined : site.address,
      deferDistManifest: true,
      extra: { ...request.env, ...commitEnv },
    });
    try {
      await run(process.execPath, ["--import", EXIT_WITH_PARENT, astroBuild, outDir], {
        cwd: request.root,
        env,
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (error) {
      throw buildFailure(error, `The site of ${site.name} (${site.address}) did not build`);
    }
    // The search step, once Astro's process has exited: its heap and Pagefind's are never held at once.
    let indexed: string;
    try {
      const { stdout } = await run(
        process.execPath,
        ["--import", EXIT_WITH_PARENT, path.join(request.root, SEARCH_INDEX_PROCESS), outDir],
        { cwd: request.root, maxBuffer: 16 * 1024 * 1024 },
      );
      indexed = stdout.trim();
    } catch (error) {
      throw buildFailure(error, `The search index of ${site.name} (${site.address}) was not written`);
    }
    request.onStep?.(indexed);
    built.push({ address: site.address, name: site.name, outDir });
  }
  const manifestFiles = await writeDistManifest(request.outDir);
  request.onStep?.(`${DIST_MANIFEST_FILE} written (${manifestFiles} files)`);
  if (sourceDateEpoch !== undefined) await stampModificationTimes(request.outDir, sourceDateEpoch);
  return { sites: built, manifestFiles };
}

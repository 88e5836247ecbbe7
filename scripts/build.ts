/**
 * `npm run build`: the whole site from the committed snapshots into `dist/` (or `--out DIR`), every wallet of the
 * program (src/integrations/build-wallets.ts). `LEDGERLIGHT_CONTENT_DIR` builds another content folder. No network.
 *
 * The site is built into a staging folder beside the target and swapped in only when the build is complete, so a
 * failed build leaves the previous one in place; a target that is not empty and not a previous Ledgerlight build
 * is refused (exit 5), never emptied (src/store/dist-folder.ts). It only reads the content folder, so it takes no
 * lock: snapshot swaps are renames, and a build sees the old snapshot or the new one.
 *
 * This process does not wait beside Astro's: it becomes each wallet's Astro build and then itself again, with the
 * build's state handed over (src/integrations/build-chain.ts), so the build's memory is Astro's alone.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
  BUILD_CHAIN_VARIABLES,
  childProcessEnv,
  contentDirFromEnv,
  takeBuildChainVariables,
} from "../src/config/build-env.ts";
import {
  BuildStateSchema,
  become,
  canBecome,
  definedEnv,
  MAX_HANDOVER,
  parseChainVariable,
  StepOutcomeSchema,
} from "../src/integrations/build-chain.ts";
import {
  astroBuildCommand,
  astroBuildFailure,
  buildWalletSite,
  indexWalletSiteHere,
  type PlannedWalletSite,
  prepareWalletBuilds,
  runWalletBuilds,
  type WalletBuildPlan,
  type WalletBuildResult,
} from "../src/integrations/build-wallets.ts";
import { withDisplayPaths } from "../src/store/display-path.ts";
import { checkBuildTarget, distStagingDir, recoverDist, swapInDist } from "../src/store/dist-folder.ts";
import { parseCliArgs, runCli } from "./cli-run.ts";

const root = path.resolve(import.meta.dirname, "..");
// Set when this process was one of the build's Astro steps a moment ago (build-chain.ts).
const chain = takeBuildChainVariables();

/** Where the build writes, and the plan and progress of a build resumed after an Astro step. */
interface Build {
  outDir: string;
  staging: string;
  resumed?: { plan: WalletBuildPlan; built: number };
}

/** A new build: the command line, a killed run's leftovers put back, the target checked, a fresh staging folder. */
async function startBuild(): Promise<Build & { content: string }> {
  const args = parseCliArgs(
    "build",
    { out: { type: "string" }, content: { type: "string" } },
    z
      .object({
        out: z.string().min(1).default("dist"),
        content: z.string().min(1).default(contentDirFromEnv()),
      })
      .strict(),
  );
  // First of all, a build a killed run left aside is put back, whatever happens next.
  const outDir = path.resolve(args.out);
  for (const note of await recoverDist(outDir)) process.stdout.write(`${note}\n`);
  await checkBuildTarget(outDir);
  const staging = distStagingDir(outDir);
  await mkdir(path.dirname(outDir), { recursive: true });
  await rm(staging, { recursive: true, force: true });
  return { outDir, staging, content: args.content };
}

/** Resolves once what was written to stdout has gone out (before this process becomes another). */
function stdoutFlushed(): Promise<void> {
  return new Promise((resolve) => process.stdout.write("", () => resolve()));
}

/**
 * Becomes the Astro build of `site` (never returns), which becomes this script again with `built` = `index`; or
 * returns false where this Node cannot (`process.execve` missing) or the hand-over would not fit in a variable.
 */
async function becomeAstroBuild(build: Build, plan: WalletBuildPlan, index: number): Promise<boolean> {
  if (!canBecome()) return false;
  const site = plan.sites[index] as PlannedWalletSite;
  const state = JSON.stringify({ outDir: build.outDir, staging: build.staging, plan, built: index });
  const me = process.argv[1] as string;
  const next = JSON.stringify({
    file: process.execPath,
    args: [process.execPath, ...process.execArgv, me],
    env: { ...definedEnv(childProcessEnv()), [BUILD_CHAIN_VARIABLES.state]: state },
  });
  if (next.length > MAX_HANDOVER) return false;
  const command = astroBuildCommand(plan, site);
  await stdoutFlushed();
  // Astro builds the project in its working folder, which a process keeps when it becomes another: the project's,
  // as for a child build (`cwd: plan.root`), whatever folder `npm run build` was started in.
  process.chdir(plan.root);
  return become({
    file: command.file,
    args: [command.file, ...process.execArgv, ...command.args],
    env: { ...definedEnv(command.env), [BUILD_CHAIN_VARIABLES.next]: next },
  });
}

/** The build's steps from where it stands: prepare or take back an Astro step's outcome, then go on. */
async function runSteps(build: Build, content: string | undefined): Promise<WalletBuildResult> {
  const onStep = (message: string) => process.stdout.write(`${message.replaceAll(build.staging, build.outDir)}\n`);
  let plan: WalletBuildPlan;
  let from: number;
  if (build.resumed) {
    plan = build.resumed.plan;
    const site = plan.sites[build.resumed.built] as PlannedWalletSite;
    if (chain.outcome === undefined) throw new Error(`The Astro build of ${site.name} handed over no outcome.`);
    const outcome = parseChainVariable(StepOutcomeSchema, chain.outcome, "outcome");
    // Its exit code and output, as a child's: bad content keeps its kind and message (build-wallets.ts).
    if (!outcome.ok) throw astroBuildFailure({ code: outcome.code, stderr: outcome.output }, site);
    // In this process: Astro's has gone, and this one holds the step's modules already (build-wallets.ts).
    onStep(await indexWalletSiteHere(site));
    from = build.resumed.built + 1;
  } else {
    plan = await prepareWalletBuilds({
      root,
      contentDir: path.resolve(content ?? contentDirFromEnv()),
      outDir: build.staging,
      // Before Astro starts, in a child process: a huge writeup, a final report with a bad pin or an edited body
      // are bad input (exit 3); a snapshot breaking an invariant is, once Astro's build reads it.
      contentChecks: { contentLabel: content ?? contentDirFromEnv() },
    });
    from = 0;
  }
  return runWalletBuilds(
    plan,
    from,
    async (site, index) => {
      await becomeAstroBuild(build, plan, index);
      // Only where this process cannot become the build: Astro in a child, this process waiting. A wait for another
      // build goes to stderr as the Astro step itself prints it when this process becomes it.
      await buildWalletSite(plan, site, (line) => process.stderr.write(`${line}\n`));
    },
    onStep,
  );
}

await runCli(
  async () => {
    let build: Build;
    let content: string | undefined;
    if (chain.state === undefined) {
      ({ content, ...build } = await startBuild());
    } else {
      const { outDir, staging, plan, built } = parseChainVariable(BuildStateSchema, chain.state, "state");
      build = { outDir, staging, resumed: { plan, built } };
    }
    try {
      let result: WalletBuildResult;
      try {
        result = await runSteps(build, content);
      } catch (error) {
        // Bad content keeps its kind (exit 3, naming the file); only our own bug exits 1. Messages name the output
        // folder the user gave, not its staging copy.
        throw withDisplayPaths(error, [{ staging: build.staging, shown: build.outDir }]);
      }
      await swapInDist(build.staging, build.outDir);
      process.stdout.write(`Built ${result.sites.length} wallet site(s) into ${build.outDir}.\n`);
    } finally {
      await rm(build.staging, { recursive: true, force: true });
    }
  },
  { writes: "the previous build is" },
);

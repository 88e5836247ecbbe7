/**
 * `npm run build`: the whole site from the committed snapshots into `dist/` (or `--out DIR`), every wallet of the
 * program (src/integrations/build-wallets.ts). `LEDGERLIGHT_CONTENT_DIR` builds another content folder. No network.
 *
 * The site is built into a staging folder beside the target and swapped in only when the build is complete, so a
 * failed build leaves the previous one in place; a target that is not empty and not a previous Ledgerlight build
 * is refused (exit 5), never emptied (src/store/dist-folder.ts). It only reads the content folder, so it takes no
 * lock: snapshot swaps are renames, and a build sees the old snapshot or the new one.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { contentDirFromEnv } from "../src/config/build-env.ts";
import { buildWalletSites } from "../src/integrations/build-wallets.ts";
import { withDisplayPaths } from "../src/store/display-path.ts";
import { checkBuildTarget, distStagingDir, recoverDist, swapInDist } from "../src/store/dist-folder.ts";
import { parseCliArgs, runCli } from "./cli-run.ts";

const root = path.resolve(import.meta.dirname, "..");

await runCli(
  async () => {
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
    try {
      let result: Awaited<ReturnType<typeof buildWalletSites>>;
      try {
        result = await buildWalletSites({
          root,
          contentDir: path.resolve(args.content),
          outDir: staging,
          // Before Astro starts, in a child process (this one stays small beside Astro's): a huge writeup, a final
          // report with a bad pin or an edited body, and a snapshot breaking an invariant are bad input (exit 3).
          contentChecks: { contentLabel: args.content },
          onStep: (message) => process.stdout.write(`${message.replaceAll(staging, outDir)}\n`),
        });
      } catch (error) {
        // Bad content keeps its kind (exit 3, naming the file); only our own bug exits 1. Messages name the output
        // folder the user gave, not its staging copy.
        throw withDisplayPaths(error, [{ staging, shown: outDir }]);
      }
      await swapInDist(staging, outDir);
      process.stdout.write(`Built ${result.sites.length} wallet site(s) into ${outDir}.\n`);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  },
  { writes: "the previous build is" },
);

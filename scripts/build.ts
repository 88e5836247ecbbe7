/**
 * `npm run build`: the whole site from the committed snapshots into `dist/` (or `--out DIR`), every wallet of the
 * program (src/integrations/build-wallets.ts). `LEDGERLIGHT_CONTENT_DIR` builds another content folder. No network.
 */
import path from "node:path";
import { z } from "zod";
import { contentDirFromEnv } from "../src/config/build-env.ts";
import { buildWalletSites } from "../src/integrations/build-wallets.ts";
import { parseCliArgs, runCli } from "./cli.ts";

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
    // Bad content stops the build as bad input (exit 3) naming the file; only our own bug exits 1 (runCli).
    const result = await buildWalletSites({
      root,
      contentDir: path.resolve(args.content),
      outDir: path.resolve(args.out),
      onStep: (message) => process.stdout.write(`${message}\n`),
    });
    process.stdout.write(`Built ${result.sites.length} wallet site(s) into ${path.resolve(args.out)}.\n`);
  },
  {
    // Astro empties the output folder before it reads the content, so a failed build may leave it partial.
    closing: "The content folder is unchanged; the output folder may be empty or partial until a build succeeds.",
  },
);

/**
 * `npm run build`: the whole site from the committed snapshots into `dist/` (or `--out DIR`), every wallet of the
 * program (src/integrations/build-wallets.ts). `LEDGERLIGHT_CONTENT_DIR` builds another content folder. No network.
 */
import path from "node:path";
import { z } from "zod";
import { contentDirFromEnv } from "../src/config/build-env.ts";
import { buildWalletSites } from "../src/integrations/build-wallets.ts";
import { checkReportPins } from "../src/site/report-pins.ts";
import { parseCliArgs, runCli } from "./cli.ts";

const root = path.resolve(import.meta.dirname, "..");

await runCli(async () => {
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
  // A final report with a bad pin or an edited body is bad input (exit 3), found before Astro runs.
  await checkReportPins(path.resolve(args.content));
  let result: Awaited<ReturnType<typeof buildWalletSites>>;
  try {
    result = await buildWalletSites({
      root,
      contentDir: path.resolve(args.content),
      outDir: path.resolve(args.out),
      onStep: (message) => process.stdout.write(`${message}\n`),
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`Built ${result.sites.length} wallet site(s) into ${path.resolve(args.out)}.\n`);
});

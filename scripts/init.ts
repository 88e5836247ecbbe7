/**
 * `npm run init -- --address 0x… [--name NAME] [--node URL] [--chain-id N] [--site-url URL] [--content DIR] [--force]`
 * Scaffolds a content folder for another community wallet: a complete, commented `program.yaml` (validated before it
 * is written) and empty `writeups/` and `reports/` folders. Then `npm run publish` snapshots, builds and verifies.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { programConfigPath } from "../src/config/program.ts";
import { RefusedError } from "../src/errors.ts";
import { scaffoldProgramYaml } from "../src/lib/build/program-scaffold.ts";
import { AddressSchema } from "../src/schemas/common.ts";
import { parseOrThrow } from "../src/schemas/parse.ts";
import { ProgramConfigSchema } from "../src/schemas/program.ts";
import { SNAPSHOTS_FOLDER, snapshotsDir } from "../src/store/snapshot-folder.ts";
import { holdContentLock, NodeUrlSchema, parseCliArgs, runCli } from "./cli.ts";

const ArgsSchema = z
  .object({
    address: AddressSchema,
    name: z.string().trim().min(1).max(120).optional(),
    node: NodeUrlSchema.default("https://rpc.scan.openlibra.world/v1"),
    "chain-id": z.coerce.number().int().min(0).max(255).default(1),
    "site-url": z.url().default("https://example.org/"),
    content: z.string().min(1).default("content"),
    force: z.boolean().default(false),
  })
  .strict();

await runCli(
  async () => {
    const args = parseCliArgs(
      "init",
      {
        address: { type: "string" },
        name: { type: "string" },
        node: { type: "string" },
        "chain-id": { type: "string" },
        "site-url": { type: "string" },
        content: { type: "string" },
        force: { type: "boolean" },
      },
      ArgsSchema,
    );
    // Replacing a program (--force) is refused while another run writes the folder.
    await using _lock = args.force
      ? await holdContentLock(path.resolve(args.content), "npm run init -- --force", { createFolder: true })
      : undefined;
    const file = programConfigPath(args.content);
    if (existsSync(file) && !args.force) {
      throw new RefusedError(
        `init: ${file} already exists. Pass --content DIR for a new folder, or --force to replace it (git keeps the old one).`,
      );
    }
    const yaml = scaffoldProgramYaml({
      address: args.address,
      ...(args.name === undefined ? {} : { name: args.name }),
      nodeUrl: args.node,
      chainId: args["chain-id"],
      siteUrl: args["site-url"],
    });
    // The scaffold must be a valid config before anything is written.
    const config = parseOrThrow(ProgramConfigSchema, parse(yaml), `init: the scaffolded ${file}`);
    for (const folder of ["writeups", "reports", SNAPSHOTS_FOLDER]) {
      await mkdir(path.join(args.content, folder), { recursive: true });
    }
    await writeFile(path.join(args.content, "writeups", ".gitkeep"), "");
    const staging = `${file}.init-${process.pid}`;
    await writeFile(staging, yaml, "utf8");
    await rename(staging, file);
    const leftovers = (
      await Promise.all(
        ["reports", "writeups"].map(async (folder) =>
          (
            await readdir(path.join(args.content, folder))
          )
            .filter((f) => f.endsWith(".md"))
            .map((f) => `${folder}/${f}`),
        ),
      )
    ).flat();
    const contentEnv = args.content === "content" ? "" : `LEDGERLIGHT_CONTENT_DIR=${args.content} `;
    process.stdout.write(
      [
        `Wrote ${file} for ${config.name} (wallet ${config.wallet}).`,
        ...(leftovers.length > 0
          ? [
              `Note: ${leftovers.join(", ")} were written for another wallet; their figures and transfer references will not`,
              "resolve against this one, so move them away before building.",
            ]
          : []),
        "Next:",
        `  1. Edit ${file}: the summary, the teams the wallet pays, the steward addresses (if any) and the site URL.`,
        `  2. npm run publish -- --content ${args.content}   (snapshot from ${args.node}, build, verify)`,
        `     or: npm run snapshot -- --config ${file} --out ${snapshotsDir(args.content)} && ${contentEnv}npm run build`,
        "",
      ].join("\n"),
    );
  },
  { writes: "the content folder is" },
);

import { defineCollection } from "astro:content";
import { z } from "zod";
import { ProgramConfigSchema } from "./schemas/program.ts";
import { SnapshotBalanceSchema, SnapshotMetaSchema } from "./schemas/snapshot.ts";
import { snapshotLoader, yamlFileLoader } from "./site/snapshot-loader.ts";

/**
 * Where committed inputs live. Tests point this at fixture folders to build the site from known data; the
 * published site always uses the default.
 */
const contentDir = (process.env.LEDGERLIGHT_CONTENT_DIR ?? "content").replace(/\/+$/, "");

/** Committed snapshot folders, one entry per wallet. */
const snapshots = defineCollection({
  loader: snapshotLoader(`${contentDir}/snapshots`),
  schema: z.object({ meta: SnapshotMetaSchema, balance: SnapshotBalanceSchema }).strict(),
});

/** `content/program.yaml`. */
const program = defineCollection({
  loader: yamlFileLoader(`${contentDir}/program.yaml`, "program"),
  schema: ProgramConfigSchema,
});

export const collections = { snapshots, program };

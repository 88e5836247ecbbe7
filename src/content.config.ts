import { defineCollection } from "astro:content";
import { ProgramConfigSchema } from "./schemas/program.ts";
import { SnapshotSchema } from "./schemas/snapshot.ts";
import { snapshotLoader, yamlFileLoader } from "./site/snapshot-loader.ts";

/**
 * Where committed inputs live. Tests point this at fixture folders to build the site from known data; the
 * published site always uses the default.
 */
const contentDir = (process.env.LEDGERLIGHT_CONTENT_DIR ?? "content").replace(/\/+$/, "");

/** Committed snapshot folders, one entry per wallet. */
const snapshots = defineCollection({
  loader: snapshotLoader(`${contentDir}/snapshots`),
  schema: SnapshotSchema,
});

/** `content/program.yaml`. */
const program = defineCollection({
  loader: yamlFileLoader(`${contentDir}/program.yaml`, "program"),
  schema: ProgramConfigSchema,
});

export const collections = { snapshots, program };

import { defineCollection } from "astro:content";
import { ProgramConfigSchema } from "./schemas/program.ts";
import { SnapshotSchema } from "./schemas/snapshot.ts";
import { ReportEntrySchema, WriteupEntrySchema } from "./schemas/writeup.ts";
import { parseReportFile, parseWriteupFile } from "./site/content-files.ts";
import { markdownFolderLoader } from "./site/markdown-loader.ts";
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

/** `content/reports/YYYY-qN.md`: quarterly reports, id `YYYY-qN`. */
const reports = defineCollection({
  loader: markdownFolderLoader(contentDir, "reports", parseReportFile),
  schema: ReportEntrySchema,
});

/** `content/writeups/<slug>.md`: program notes and team pages, id `<slug>`. */
const writeups = defineCollection({
  loader: markdownFolderLoader(contentDir, "writeups", parseWriteupFile),
  schema: WriteupEntrySchema,
});

export const collections = { snapshots, program, reports, writeups };

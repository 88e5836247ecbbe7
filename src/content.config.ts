import { defineCollection } from "astro:content";
import { readBuildEnv } from "./config/build-env.ts";
import { ReportEntrySchema, WriteupEntrySchema } from "./schemas/writeup.ts";
import { parseReportFile, parseWriteupFile } from "./site/content-files.ts";
import { markdownFolderLoader } from "./site/markdown-loader.ts";

/**
 * Reports and writeups. `content/program.yaml` is deliberately not a collection: `astro.config.mjs`, the site and
 * the CLIs read it through one door (src/config/program.ts). Nor is the snapshot: at 10^5 ledger entries the
 * content layer serialised it (devalue) into a 40 MB data store that Vite then bundled and every build parsed back,
 * which cost more time and memory than rendering the pages. `src/site/site-data.ts` reads both once per build.
 */
const CONTENT_DIR = readBuildEnv().contentDir;

/** `content/reports/YYYY-qN.md`: quarterly reports, id `YYYY-qN`. */
const reports = defineCollection({
  loader: markdownFolderLoader(CONTENT_DIR, "reports", parseReportFile),
  schema: ReportEntrySchema,
});

/** `content/writeups/<slug>.md`: program notes and team pages, id `<slug>`. */
const writeups = defineCollection({
  loader: markdownFolderLoader(CONTENT_DIR, "writeups", parseWriteupFile),
  schema: WriteupEntrySchema,
});

export const collections = { reports, writeups };

import { defineCollection } from "astro:content";
import { ProgramConfigSchema } from "./schemas/program.ts";
import { ReportEntrySchema, WriteupEntrySchema } from "./schemas/writeup.ts";
import { CONTENT_DIR } from "./site/content-dir.ts";
import { parseReportFile, parseWriteupFile } from "./site/content-files.ts";
import { markdownFolderLoader } from "./site/markdown-loader.ts";
import { yamlFileLoader } from "./site/yaml-file-loader.ts";

/**
 * `content/program.yaml`. The snapshot is deliberately not a collection: at 10^5 ledger entries the content layer
 * serialised it (devalue) into a 40 MB data store that Vite then bundled and every build parsed back, which cost
 * more time and memory than rendering the pages. `src/site/site-data.ts` reads it once per build with
 * `readSnapshotFolder`, which applies the same schemas and the sha256 manifest.
 */
const program = defineCollection({
  loader: yamlFileLoader(`${CONTENT_DIR}/program.yaml`, "program"),
  schema: ProgramConfigSchema,
});

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

export const collections = { program, reports, writeups };

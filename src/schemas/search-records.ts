import { z } from "zod";

/**
 * The search records file: what the Astro build hands to the search step (src/integrations/search-index.ts), which indexes
 * it once Astro's process has exited. One record per page that is one per record (transfers, donors),
 * built from the rows the pages render (src/lib/views/search-records.ts). Parsed at the boundary like any input.
 */
export const SearchRecordSchema = z
  .object({
    url: z.string().regex(/^\/(?:[^/\s]+\/)*$/, "a site path starting and ending with /"),
    content: z.string(),
    language: z.literal("en"),
    meta: z.object({ title: z.string() }).strict(),
  })
  .strict();

export const SearchRecordsFileSchema = z.object({ records: z.array(SearchRecordSchema) }).strict();

export type SearchRecordsFile = z.output<typeof SearchRecordsFileSchema>;

/**
 * The pages the Astro build marked for search (src/site/search-pages.ts), as site paths: handed to the search step
 * beside the records, so it reads those pages and no other.
 */
export const SearchPagesFileSchema = z
  .object({ pages: z.array(z.string().regex(/^\/(?:[^/\s]+\/)*$/, "a site path starting and ending with /")) })
  .strict();

export type SearchPagesFile = z.output<typeof SearchPagesFileSchema>;

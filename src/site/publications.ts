import { getCollection } from "astro:content";
import { listPublications } from "../lib/publications.ts";

/** Every report and writeup, listed as the index shows them (see `listPublications`). */
export async function loadPublications() {
  const [reports, writeups] = await Promise.all([getCollection("reports"), getCollection("writeups")]);
  return {
    ...listPublications(reports, writeups),
    reportById: new Map(reports.map((entry) => [entry.id, entry.data])),
    writeupById: new Map(writeups.map((entry) => [entry.id, entry.data])),
  };
}

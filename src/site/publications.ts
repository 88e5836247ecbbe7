import { getCollection } from "astro:content";
import { listPublications } from "../lib/reports/publications.ts";
import { loadSiteData } from "./site-data.ts";

/**
 * Every report and writeup, listed as the index shows them (see `listPublications`). They are the program's, and
 * their figures are the main wallet's: another wallet's site publishes none (its reports page points to the main
 * site's).
 */
export async function loadPublications() {
  const { site } = await loadSiteData();
  const [reports, writeups] = site.isMain
    ? await Promise.all([getCollection("reports"), getCollection("writeups")])
    : [[], []];
  return {
    ...listPublications(reports, writeups),
    reportById: new Map(reports.map((entry) => [entry.id, entry.data])),
    writeupById: new Map(writeups.map((entry) => [entry.id, entry.data])),
  };
}

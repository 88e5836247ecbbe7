import type { APIRoute } from "astro";
import { renderAtom } from "../lib/atom.ts";
import { formatIsoUtc } from "../lib/format-time.ts";
import { describeChange } from "../lib/reports/change-summary.ts";
import { publicationFeedEntries, sortFeedEntries } from "../lib/reports/feed-entries.ts";
import { explainChange } from "../lib/reports/snapshot-diff.ts";
import { loadPublications } from "../site/publications.ts";
import { loadSiteData } from "../site/site-data.ts";

/**
 * `/feed.xml`: an Atom feed with one entry per reading of the chain (new transfers, status changes, vetoes) and one
 * per published report or writeup, newest first.
 */
export const GET: APIRoute = async () => {
  const { program, snapshot, site: walletSite } = await loadSiteData();
  // Another wallet's site publishes its own feed, under its own prefix.
  const site = `${program.siteUrl.replace(/\/?$/, "/")}${walletSite.prefix.slice(1)}`;
  const readings = snapshot.changes.map((record) => {
    const summary = describeChange(explainChange(record, snapshot, { program }), program.coinSymbol);
    const link = `${site}changes/#v${record.ledgerVersion}`;
    return {
      id: link,
      title: summary.heading,
      updated: formatIsoUtc(record.timestampUsec),
      link,
      summary: summary.sentences.join(" "),
    };
  });
  const publications = await loadPublications();
  const entries = sortFeedEntries([
    ...readings,
    ...publicationFeedEntries([...publications.reports, ...publications.writeups], site),
  ]);
  const body = renderAtom({
    id: `${site}feed.xml`,
    title: `${program.name}: what changed`,
    subtitle: `Every reading of the ${program.name} wallet on the 0L Network, and every published report.`,
    link: site,
    self: `${site}feed.xml`,
    author: program.name,
    entries,
  });
  return new Response(body, { headers: { "content-type": "application/atom+xml; charset=utf-8" } });
};

import { paymentVersions } from "../lib/figures/figure-source.ts";
import { readPublicationText } from "../lib/reports/team-mentions.ts";
import { buildTeamPages, type TeamPage } from "../lib/views/team-pages.ts";
import { loadPublications } from "./publications.ts";
import { loadSiteData } from "./site-data.ts";

/** Every team page of this build (see `buildTeamPages`), computed once: the index and each page read them. */
async function readTeamPages(): Promise<TeamPage[]> {
  const { program, snapshot, feeReport, transfers } = await loadSiteData();
  const { reports, writeups, reportById, writeupById } = await loadPublications();
  const publications = [
    ...reports.map((listing) => ({ listing, body: reportById.get(listing.id)?.body, kind: "Quarterly report" })),
    ...writeups.map((listing) => ({ listing, body: writeupById.get(listing.id)?.body, kind: "Program note" })),
  ].map(({ listing, body, kind }) => ({
    href: listing.href,
    title: listing.title,
    kind,
    text: readPublicationText(body ?? ""),
  }));
  return buildTeamPages({
    snapshot,
    teams: program.teams,
    feeReport,
    coinSymbol: program.coinSymbol,
    // Rows print uids as decimal strings; the team pages key transfers by their bigint uid.
    dueEstimated: new Map(transfers.map((row) => [BigInt(row.uid), row.deadlineDateEstimated])),
    paymentVersions: paymentVersions(snapshot.ledger.entries),
    publications,
  });
}

let cached: Promise<TeamPage[]> | undefined;

export function loadTeamPages(): Promise<TeamPage[]> {
  cached ??= readTeamPages();
  return cached;
}

import { shortAddress } from "../lib/address.ts";
import { paymentVersions, transferSource } from "../lib/figures/figure-source.ts";
import type { FigureContext } from "../lib/reports/figure-directives.ts";
import { type FigureResolver, figureResolver } from "../lib/reports/report-figures.ts";
import { transferRows } from "../lib/views/tables.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { loadSiteData } from "./site-data.ts";

/**
 * What report and writeup Markdown needs to resolve `:figure[…]` and `:transfer[…]`: a snapshot's figures and
 * transfers, as the rest of the site shows them (the same transfer rows as the transfer pages). That is the
 * committed snapshot, or for a final report the snapshot as of its pinned version (src/lib/reports/frozen-report.ts).
 */

interface SnapshotFigures {
  figures: FigureResolver;
  payments: Map<bigint, bigint>;
  rows: Map<string, ReturnType<typeof transferRows>[number]>;
}

/** One per snapshot a page cites (the committed one, and each pinned version), built on first use. */
const bySnapshot = new WeakMap<Snapshot, Promise<SnapshotFigures>>();

async function snapshotFigures(snapshot: Snapshot): Promise<SnapshotFigures> {
  const { program, transferByUid, payeeNames, snapshot: committed, feeReport } = await loadSiteData();
  return {
    figures: figureResolver(snapshot, {
      stewards: program.stewards,
      coinSymbol: program.coinSymbol,
      feeConfig: program,
      // The site's fee report is the committed snapshot's: a pinned snapshot gets its own.
      feeReport: snapshot === committed ? feeReport : undefined,
      teams: program.teams,
    }),
    payments: paymentVersions(snapshot.ledger.entries),
    rows:
      snapshot === committed
        ? transferByUid
        : new Map(transferRows(snapshot, payeeNames).map((row) => [row.uid, row] as const)),
  };
}

/**
 * The context for the Markdown of an entry (its file and the line its body starts on); `defaultPeriod` is the
 * report's quarter (none for writeups); `snapshot` the one its figures come from (the committed one by default).
 */
export async function figureContext(
  entry: { file: string; bodyLine: number },
  defaultPeriod?: string,
  snapshot?: Snapshot,
): Promise<FigureContext> {
  const { program, snapshot: committed } = await loadSiteData();
  const source = snapshot ?? committed;
  let built = bySnapshot.get(source);
  if (!built) {
    built = snapshotFigures(source);
    bySnapshot.set(source, built);
  }
  const { figures, payments, rows } = await built;
  return {
    file: entry.file,
    firstLine: entry.bodyLine,
    figures,
    defaultPeriod,
    transfer(uid) {
      const row = rows.get(uid);
      if (!row) return undefined;
      const payee = row.payeeName ?? shortAddress(row.payee);
      // The Markdown names the transfer by its decimal uid, which matched the row's: decoded here, at that edge.
      const key = BigInt(uid);
      return {
        href: `/transfers/${row.uid}/`,
        text: `transfer #${row.uid} (${row.amountLibra} ${program.coinSymbol} to ${payee})`,
        source: transferSource(source, key, payments.get(key), program.explorer),
      };
    },
  };
}

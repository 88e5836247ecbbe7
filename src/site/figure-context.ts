import { shortAddress } from "../lib/address.ts";
import { paymentVersions, transferSource } from "../lib/figures/figure-source.ts";
import type { FigureContext } from "../lib/reports/figure-directives.ts";
import { type FigureResolver, figureResolver } from "../lib/reports/report-figures.ts";
import { loadSiteData } from "./site-data.ts";

/**
 * What report and writeup Markdown needs to resolve `:figure[…]` and `:transfer[…]`: the committed snapshot's
 * figures and transfers, as the rest of the site shows them (the same transfer rows as the transfer pages).
 */

let resolver: Promise<FigureResolver> | undefined;
let payments: Map<bigint, bigint> | undefined;

async function sharedResolver(): Promise<FigureResolver> {
  const { program, snapshot } = await loadSiteData();
  return figureResolver(snapshot, {
    stewards: program.stewards,
    coinSymbol: program.coinSymbol,
    feeConfig: program,
    teams: program.teams,
  });
}

/**
 * The context for the Markdown of an entry (its file and the line its body starts on); `defaultPeriod` is the
 * report's quarter (none for writeups).
 */
export async function figureContext(
  entry: { file: string; bodyLine: number },
  defaultPeriod?: string,
): Promise<FigureContext> {
  const { program, snapshot, transferByUid } = await loadSiteData();
  payments ??= paymentVersions(snapshot.ledger.entries);
  const paid = payments;
  resolver ??= sharedResolver();
  const figures = await resolver;
  return {
    file: entry.file,
    firstLine: entry.bodyLine,
    figures,
    defaultPeriod,
    transfer(uid) {
      const row = transferByUid.get(uid);
      if (!row) return undefined;
      const payee = row.payeeName ?? shortAddress(row.payee);
      // The Markdown names the transfer by its decimal uid, which matched the row's: decoded here, at that edge.
      const key = BigInt(uid);
      return {
        href: `/transfers/${row.uid}/`,
        text: `transfer #${row.uid} (${row.amountLibra} ${program.coinSymbol} to ${payee})`,
        source: transferSource(snapshot, key, paid.get(key), program.explorer),
      };
    },
  };
}
